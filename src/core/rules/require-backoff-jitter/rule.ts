import { isDevTooling } from '../../knowledge/devTooling';
import { importsAnyOf } from '../../knowledge/modules';
import {
  RETRY_LIBRARY_MODULES,
  RetryLibraryNames,
  recogniseRetryCall,
  retrySpacingProblem,
  type LibraryRetryCall,
  type RetrySpacing,
} from '../../knowledge/retryLibraries';
import type { SyntaxNode } from '../../parse/parser';
import { dottedName, indentationAt, numberValue, unwrap } from '../../parse/syntax';
import type { SourceFile } from '../../sourceFile';
import type { Fix, TextEdit } from '../../types';
import { JS_FAMILY, defineRule, type Problem } from '../rule';
import { addOption, exportReference, removeIfLastUse, replace } from './edits';
import { constantMilliseconds, shapeOfWait } from './delayShape';
import { handWrittenRetryOf, type Counter, type HandWrittenRetry } from './handWrittenRetries';

/** Full-jitter delays are capped here so a long outage does not grow the wait without bound. */
const MAX_DELAY = '30_000';
/** Base of the delay a fix puts where a retry had none (or waited 0 ms). */
const INSERTED_BASE_DELAY = '100';

export default defineRule({
  meta: {
    id: 'require-backoff-jitter',
    description: 'Retries wait between attempts with exponential backoff and jitter.',
    messages: {
      noDelay: 'This {{retry}} retries immediately, with no delay between attempts: a struggling dependency gets hit again at once. Wait with exponential backoff and jitter before the next attempt.',
      constantDelay: 'This {{retry}} waits a constant {{delay}} between attempts: every client retries in lock-step. Grow the delay exponentially and add jitter.',
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
    // A script or command-line tool polling in a loop is one client, not a fleet retrying in lock-step.
    if (isDevTooling(file)) return {};
    // Null when the file imports no retry library: then no call is even looked at.
    let names: RetryLibraryNames | null | undefined;
    const libraryNames = () => (names === undefined ? (names = importsAnyOf(file, RETRY_LIBRARY_MODULES) ? new RetryLibraryNames(file.text) : null) : names);
    // A loop or function with several attempts (try statements) is judged once, by the first.
    const judged = new Set<number>();
    // Loops seen so far (nodes arrive in source order, so a loop comes before the tries inside it).
    const loops: Array<[start: number, end: number]> = [];
    const noteLoop = (loop: SyntaxNode) => void loops.push([loop.startIndex, loop.endIndex]);
    /**
     * A cheap necessary condition, checked before the tree walks of `handWrittenRetryOf`: a retry's
     * `try` sits in a loop, or its `catch` returns (a recursive retry), and it awaits something.
     */
    const mayBeRetry = (attempt: SyntaxNode): boolean => {
      const at = attempt.startIndex;
      const end = attempt.endIndex;
      const awaits = file.text.slice(at, end).includes('await');
      if (!awaits) return false;
      if (loops.some(([start, stop]) => start < at && at < stop)) return true;
      const handler = attempt.childForFieldName('handler');
      return handler !== null && file.text.slice(handler.startIndex, handler.endIndex).includes('return');
    };
    return {
      for_statement: noteLoop,
      while_statement: noteLoop,
      do_statement: noteLoop,
      try_statement(node) {
        if (!mayBeRetry(node)) return;
        const retry = handWrittenRetryOf(node, file);
        if (!retry || judged.has(retry.scope.id)) return;
        judged.add(retry.scope.id);
        const problem = handWrittenProblem(retry, file);
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

function handWrittenProblem(retry: HandWrittenRetry, file: SourceFile): Problem | undefined {
  if (retriesOnlyConflicts(retry.catchClause, file)) return undefined;
  const counter = retry.counters.find((c) => c.direction === 'up');
  const kind = { retry: retry.kind === 'loop' ? 'retry loop' : 'recursive retry' };
  if (retry.waits.length === 0) {
    if (retry.unseenWait) return undefined;
    const body = retry.catchClause.childForFieldName('body')!;
    const header = file.text.slice(retry.catchClause.startIndex, body.startIndex).trimEnd();
    const fix = counter && retry.canInsertWait && visibleAt(counter, body, file) ? insertWait(body, retry.insertBefore, counter, file) : undefined;
    return { start: retry.catchClause.startIndex, end: retry.catchClause.startIndex + header.length, messageId: 'noDelay', data: kind, fixes: fixes('Wait with exponential backoff and jitter before retrying', fix && [fix]) };
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
  return { node: duration, messageId: 'constantDelay', data: { ...kind, delay }, fixes: fixes('Wait with exponential backoff and full jitter', fix && [fix]) };
}

/**
 * Errors that say the data changed under the attempt (a row inserted by a concurrent request, a
 * stale version), not that a dependency is failing: trying again at once is the usual remedy.
 */
const CONFLICT_ERRORS: ReadonlySet<string> = new Set(['UniqueConstraintError', 'OptimisticLockError', 'OptimisticLockVersionMismatchError', 'VersionError']);

/** `catch (err) { if (!(err instanceof UniqueConstraintError) || ...) throw err; ... }`: only conflicts go round again. */
function retriesOnlyConflicts(catchClause: SyntaxNode, file: SourceFile): boolean {
  const body = catchClause.childForFieldName('body');
  if (!body || ![...CONFLICT_ERRORS].some((name) => file.text.slice(body.startIndex, body.endIndex).includes(name))) return false;
  return body.namedChildren.some((statement) => {
    if (statement?.type !== 'if_statement') return false;
    const consequence = statement.childForFieldName('consequence');
    const givesUp = consequence?.type === 'throw_statement' || consequence?.type === 'return_statement' || (consequence?.namedChildren.some((s) => s?.type === 'throw_statement' || s?.type === 'return_statement') ?? false);
    const condition = statement.childForFieldName('condition');
    return givesUp && condition !== null && condition.descendantsOfType('unary_expression').some((negation) => {
      const operand = negation?.childForFieldName('argument');
      const test = operand && unwrap(operand);
      const type = test?.type === 'binary_expression' && test.childForFieldName('operator')?.text === 'instanceof' ? test.childForFieldName('right') : null;
      return negation?.childForFieldName('operator')?.text === '!' && type?.type === 'identifier' && CONFLICT_ERRORS.has(type.text);
    });
  });
}

function libraryProblem(retry: LibraryRetryCall, spacing: RetrySpacing, file: SourceFile): Problem {
  const { resolver, text } = file;
  switch (spacing.problem) {
    case 'noBackoff':
    case 'constantBackoff': {
      const noBackoff = spacing.problem === 'noBackoff';
      const node = noBackoff ? retry.callee : spacing.backoff;
      const messageId = noBackoff ? 'cockatielNoBackoff' : 'cockatielConstantBackoff';
      const exponential = exportReference(text, retry, 'cockatiel', 'ExponentialBackoff', resolver);
      if (!exponential) return { node, messageId };
      const backoff = `new ${exponential.reference}()`;
      const edit = noBackoff ? addOption(text, retry, `backoff: ${backoff}`) : replace(spacing.backoff, backoff);
      // `ConstantBackoff` used only here would be left an unused import.
      const constant = noBackoff ? null : spacing.backoff.childForFieldName('constructor');
      const unusedImport = constant?.type === 'identifier' ? removeIfLastUse(file.root, constant, resolver) : undefined;
      const edits = edit && [edit, ...exponential.edits, ...(unusedImport ? [unusedImport] : [])];
      return { node, messageId, fixes: fixes('Use cockatiel ExponentialBackoff (with jitter)', edits) };
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

/** Inserts a jittered wait into the catch block: before `before` (a final `continue`, the recursive call), else at its end. */
function insertWait(block: SyntaxNode, before: SyntaxNode | undefined, counter: Counter, file: SourceFile): TextEdit {
  const wait = `await new Promise((resolve) => setTimeout(resolve, ${fullJitter(INSERTED_BASE_DELAY, counter)}));`;
  const oneLine = block.startPosition.row === block.endPosition.row;
  if (before) {
    return { start: before.startIndex, end: before.startIndex, text: oneLine ? `${wait} ` : `${wait}\n${indentationAt(file.text, before.startIndex)}` };
  }
  const last = block.namedChildren[block.namedChildren.length - 1];
  if (!last) return { start: block.startIndex, end: block.endIndex, text: expandedBlock(block, wait, file.text) };
  return { start: last.endIndex, end: last.endIndex, text: oneLine ? ` ${wait}` : `\n${indentationAt(file.text, last.startIndex)}${wait}` };
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
