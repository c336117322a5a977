import {
  RetryLibraryNames,
  mentionsRetryLibrary,
  recogniseRetryCall,
  retrySpacingProblem,
  type LibraryRetryCall,
  type RetrySpacing,
} from '../../knowledge/retryLibraries';
import type { SyntaxNode } from '../../parse/parser';
import { dottedName, indentationAt, numberValue } from '../../parse/syntax';
import type { SourceFile } from '../../sourceFile';
import type { Fix, TextEdit } from '../../types';
import { JS_FAMILY, defineRule, type Problem } from '../rule';
import { addOption, exportReference, removeIfLastUse, replace } from './edits';
import { constantMilliseconds, retryLoopOf, shapeOfWait, type Counter, type RetryLoop } from './retryLoops';

/** Full-jitter delays are capped here so a long outage does not grow the wait without bound. */
const MAX_DELAY = '30_000';
/** Base of the delay inserted where a loop had none. */
const INSERTED_BASE_DELAY = '100';

export default defineRule({
  meta: {
    id: 'require-backoff-jitter',
    description: 'Retries wait between attempts with exponential backoff and jitter.',
    messages: {
      noDelay: 'This retry loop retries immediately, with no delay between attempts: a struggling dependency gets hit again at once. Wait with exponential backoff and jitter before the next attempt.',
      constantDelay: 'This retry loop waits a constant {{delay}} between attempts: every client retries in lock-step. Grow the delay exponentially and add jitter.',
      noJitter: 'This retry delay grows with each attempt but has no jitter: clients that failed together retry together. Randomize it (full jitter: Math.random() * delay).',
      cockatielNoBackoff: 'cockatiel retry() without a backoff retries immediately. Add backoff: new ExponentialBackoff() (exponential with decorrelated jitter).',
      cockatielConstantBackoff: 'cockatiel ConstantBackoff waits the same time before every retry: every client retries in lock-step. Use new ExponentialBackoff(), which adds jitter.',
      pRetryNotRandomized: 'p-retry does not randomize delays by default; set randomize: true.',
      asyncRetryNotRandomized: 'async-retry with randomize: false waits the same exponential steps in every client: they retry in lock-step. Set randomize: true.',
      axiosRetryNoDelay: 'axios-retry without retryDelay retries with no delay. Set retryDelay: {{name}}.exponentialDelay (exponential with jitter).',
    },
    defaultSeverity: 'warning',
    section: { instruction: 'distributed-systems', heading: 'Retries with exponential backoff and jitter' },
    fixable: true,
    languages: JS_FAMILY,
  },
  create(context) {
    const { file } = context;
    // Null when the file never names a retry library: then no call is even looked at.
    let names: RetryLibraryNames | null | undefined;
    const libraryNames = () => (names === undefined ? (names = mentionsRetryLibrary(file.text) ? new RetryLibraryNames(file.text) : null) : names);
    // A loop with several attempts (try statements) is judged once, by the first.
    const judgedLoops = new Set<number>();
    return {
      try_statement(node) {
        const retry = retryLoopOf(node, file.resolver);
        if (!retry || judgedLoops.has(retry.loop.id)) return;
        judgedLoops.add(retry.loop.id);
        const problem = loopProblem(retry, file);
        if (problem) context.report(problem);
      },
      import_statement: (node) => libraryNames()?.noteImport(node),
      variable_declarator: (node) => libraryNames()?.noteDeclarator(node),
      call_expression(node) {
        if (!libraryNames()?.mayReach(node)) return;
        const retry = recogniseRetryCall(node, file.resolver);
        const spacing = retry && retrySpacingProblem(retry, file.resolver);
        if (retry && spacing) context.report(libraryProblem(retry, spacing, file));
      },
    };
  },
});

function loopProblem(retry: RetryLoop, file: SourceFile): Problem | undefined {
  const counter = retry.counters.find((c) => c.direction === 'up');
  if (retry.waits.length === 0) {
    if (retry.unseenWait) return undefined;
    const body = retry.catchClause.childForFieldName('body')!;
    const header = file.text.slice(retry.catchClause.startIndex, body.startIndex).trimEnd();
    const fix = counter && visibleAt(counter, body, file) ? insertWait(body, counter, file) : undefined;
    return { start: retry.catchClause.startIndex, end: retry.catchClause.startIndex + header.length, messageId: 'noDelay', fixes: fixes('Wait with exponential backoff and jitter before retrying', fix && [fix]) };
  }
  const shapes = retry.waits.map((w) => shapeOfWait(w, retry, file.resolver));
  if (shapes.some((s) => s === 'jittered' || s === 'unknown')) return undefined;
  const index = shapes.findIndex((s) => s === 'constant' || s === 'growing');
  const duration = retry.waits[index].duration!;
  if (shapes[index] === 'growing') {
    return { node: duration, messageId: 'noJitter', fixes: fixes('Add full jitter to the delay', [replace(duration, `Math.random() * ${operand(duration)}`)]) };
  }
  const milliseconds = constantMilliseconds(duration, file.resolver);
  const named = numberValue(duration) === undefined;
  const delay = milliseconds === undefined ? `delay (${shorten(duration.text)})` : named ? `${milliseconds} ms (${duration.text})` : `${milliseconds} ms`;
  const base = milliseconds === 0 ? INSERTED_BASE_DELAY : operand(duration);
  const fix = counter && visibleAt(counter, duration, file) ? replace(duration, fullJitter(base, counter)) : undefined;
  return { node: duration, messageId: 'constantDelay', data: { delay }, fixes: fixes('Wait with exponential backoff and full jitter', fix && [fix]) };
}

function libraryProblem(retry: LibraryRetryCall, spacing: RetrySpacing, file: SourceFile): Problem {
  const { resolver, text } = file;
  switch (spacing.problem) {
    case 'noBackoff':
    case 'constantBackoff': {
      const exponential = exportReference(text, retry, 'cockatiel', 'ExponentialBackoff', resolver);
      const backoff = `new ${exponential?.reference}()`;
      const edit = spacing.problem === 'noBackoff' ? addOption(text, retry, `backoff: ${backoff}`) : replace(spacing.backoff, backoff);
      const constant = spacing.problem === 'constantBackoff' ? spacing.backoff.childForFieldName('constructor') : null;
      const unusedImport = constant?.type === 'identifier' ? removeIfLastUse(file.root, constant, resolver) : undefined;
      const edits = exponential && edit && [edit, ...exponential.edits, ...(unusedImport ? [unusedImport] : [])];
      const node = spacing.problem === 'noBackoff' ? retry.callee : spacing.backoff;
      return { node, messageId: spacing.problem === 'noBackoff' ? 'cockatielNoBackoff' : 'cockatielConstantBackoff', fixes: fixes('Use cockatiel ExponentialBackoff (with jitter)', edits) };
    }
    case 'notRandomized': {
      const edit = spacing.randomize ? replace(spacing.randomize, 'true') : addOption(text, retry, 'randomize: true');
      const messageId = retry.library === 'p-retry' ? 'pRetryNotRandomized' : 'asyncRetryNotRandomized';
      return { node: spacing.randomize ?? retry.callee, messageId, fixes: fixes('Set randomize: true', edit && [edit]) };
    }
    case 'noDelay': {
      const name = dottedName(retry.callee)?.join('.');
      const edit = name ? addOption(text, retry, `retryDelay: ${name}.exponentialDelay`) : undefined;
      return { node: retry.callee, messageId: 'axiosRetryNoDelay', data: { name: name ?? 'axiosRetry' }, fixes: fixes('Use axios-retry exponentialDelay (with jitter)', edit && [edit]) };
    }
  }
}

/** Backoff fixes change when requests are sent: offered, never applied on save. */
function fixes(title: string, edits: TextEdit[] | undefined): Fix[] {
  return edits ? [{ title, edits, safe: false, preferred: true }] : [];
}

function fullJitter(base: string, counter: Counter): string {
  return `Math.random() * Math.min(${MAX_DELAY}, ${base} * 2 ** ${counter.name})`;
}

/** Inserts a jittered wait as the last statement of the catch block (before a final `continue`). */
function insertWait(block: SyntaxNode, counter: Counter, file: SourceFile): TextEdit {
  const wait = `await new Promise((resolve) => setTimeout(resolve, ${fullJitter(INSERTED_BASE_DELAY, counter)}));`;
  const statements = block.namedChildren.filter((s): s is SyntaxNode => s !== null);
  const last = statements[statements.length - 1];
  if (!last) return { start: block.startIndex, end: block.endIndex, text: expandedBlock(block, wait, file.text) };
  const beforeContinue = last.type === 'continue_statement';
  if (block.startPosition.row === block.endPosition.row) {
    return beforeContinue ? { start: last.startIndex, end: last.startIndex, text: `${wait} ` } : { start: last.endIndex, end: last.endIndex, text: ` ${wait}` };
  }
  const indent = indentationAt(file.text, last.startIndex);
  return beforeContinue ? { start: last.startIndex, end: last.startIndex, text: `${wait}\n${indent}` } : { start: last.endIndex, end: last.endIndex, text: `\n${indent}${wait}` };
}

/** `{}` becomes a block holding `statement`, indented like the statements of the `try` block before it. */
function expandedBlock(block: SyntaxNode, statement: string, text: string): string {
  const outer = indentationAt(text, block.startIndex);
  const attempt = block.parent?.parent?.childForFieldName('body')?.namedChildren[0];
  const attemptIndent = attempt ? indentationAt(text, attempt.startIndex) : '';
  const inner = attemptIndent.length > outer.length ? attemptIndent : `${outer}  `;
  return `{\n${inner}${statement}\n${outer}}`;
}

/** True when the counter's name still means the counter at `node` (no shadowing in between). */
function visibleAt(counter: Counter, node: SyntaxNode, file: SourceFile): boolean {
  return file.resolver.lookup(counter.name, node)?.identifier.id === counter.binding.identifier.id;
}

const PRIMARY = new Set(['identifier', 'number', 'member_expression', 'call_expression', 'subscript_expression', 'parenthesized_expression']);

/** The expression as an operand of `*`: parenthesised unless it already binds tighter. */
function operand(node: SyntaxNode): string {
  return PRIMARY.has(node.type) ? node.text : `(${node.text})`;
}

function shorten(text: string): string {
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}
