import { applyEdits } from '../fixes';
import type { InstructionFile } from '../instructions/instructionFile';
import type { InstructionLibrary } from '../instructions/library';
import type { PatternBlock } from '../instructions/sections';
import type { ImportSpec, ResilienceConcern, ResilienceLibrary } from '../knowledge/resilienceLibraries';
import { BindingResolver } from '../parse/bindings';
import { isTypeScriptFamily } from '../parse/languages';
import type { SourceParser, SyntaxNode } from '../parse/parser';
import { closestAncestor, stringValue } from '../parse/syntax';
import type { LanguageId, SectionRef, TextEdit } from '../types';
import { stripTypes, StripTypesError, wholeLines } from './stripTypes';

/**
 * The patterns "Apply Pattern..." offers. A pattern's code is not kept here: it is the fenced block
 * tagged `pattern=<id>` in the instruction file section that explains it (`pattern=<id> lib=<package>`
 * for the form written with a library), so the words and the code a user gets cannot drift apart,
 * and a team that overrides the file gets its own code. What stays here is how a call goes through
 * each form ({@link VARIANTS}).
 *
 * To add a pattern: write its blocks in the instruction file, add a row here and its variants to
 * `VARIANTS`, and add `check` cases and a compile case to the tests. The bulkhead's dependency-free
 * block (`mapWithConcurrency`) maps a list rather than wrapping one call, so the bulkhead is applied
 * with a library only; the idempotency-key block is not offered (a key threaded into a request).
 */
export type PatternId = 'retry-backoff-jitter' | 'circuit-breaker' | 'timeout' | 'bulkhead' | 'fallback' | 'resilience-pipeline';

export interface PatternInfo {
  id: PatternId;
  /** Quick-pick label. */
  label: string;
  /** Quick-pick detail: what the wrapped call becomes, in one line. */
  detail: string;
  /** The instruction section that explains the pattern and holds its code blocks. */
  section: SectionRef;
  /** What a library can take over, to choose one; the pipeline has none: it composes the others. */
  concern?: ResilienceConcern;
  /**
   * The dependency-free helper of the section: the function or class the call goes through. For the
   * bulkhead it is the fan-out helper, which Apply Pattern does not wrap a call with; for the
   * pipeline, the outermost helper of the nested form, whose blocks live in the other sections.
   */
  entry: string;
  /** Every name the section's dependency-free block declares at its top level, the entry included. */
  names: readonly string[];
}

const DISTRIBUTED = 'distributed-systems';

export const PATTERNS: readonly PatternInfo[] = [
  {
    id: 'retry-backoff-jitter',
    label: 'Retry with exponential backoff and jitter',
    detail: 'retryWithBackoff(() => call): a few attempts, with randomized, growing, capped waits between them',
    section: { instruction: DISTRIBUTED, heading: 'Retries with exponential backoff and jitter' },
    concern: 'retry',
    entry: 'retryWithBackoff',
    names: ['retryWithBackoff', 'RETRY_MAX_ATTEMPTS', 'RETRY_BASE_DELAY_MS', 'RETRY_MAX_DELAY_MS'],
  },
  {
    id: 'circuit-breaker',
    label: 'Circuit breaker',
    detail: 'dependencyBreaker.execute(() => call): fail fast while the dependency is down; one breaker per dependency',
    section: { instruction: DISTRIBUTED, heading: 'Circuit breakers' },
    concern: 'circuit-breaker',
    entry: 'CircuitBreaker',
    names: ['CircuitBreaker', 'BREAKER_FAILURE_THRESHOLD', 'BREAKER_RESET_TIMEOUT_MS'],
  },
  {
    id: 'timeout',
    label: 'Timeout',
    detail: 'withTimeout((signal) => call): a deadline for the call, its abort signal passed to the request',
    section: { instruction: DISTRIBUTED, heading: 'Timeouts and deadlines' },
    concern: 'timeout',
    entry: 'withTimeout',
    names: ['withTimeout', 'TIMEOUT_MS'],
  },
  {
    id: 'bulkhead',
    label: 'Bulkhead (bounded concurrency per dependency)',
    detail: 'dependencyBulkhead.execute(() => call): a bounded number of calls to the dependency at once; with cockatiel or p-limit',
    section: { instruction: DISTRIBUTED, heading: 'Bulkheads and bounded concurrency' },
    concern: 'bulkhead',
    entry: 'mapWithConcurrency',
    names: ['mapWithConcurrency', 'BULKHEAD_MAX_CONCURRENT'],
  },
  {
    id: 'fallback',
    label: 'Fallback',
    detail: 'withFallback(() => call, (error) => ...): a degraded answer when the call fails, which you write',
    section: { instruction: DISTRIBUTED, heading: 'Graceful degradation and fallbacks' },
    concern: 'fallback',
    entry: 'withFallback',
    names: ['withFallback'],
  },
  {
    id: 'resilience-pipeline',
    label: 'Resilience pipeline (timeout, retry, circuit breaker, bulkhead, fallback)',
    detail: 'fallback(bulkhead(breaker(retry(timeout(call))))): every policy, nested in the order the instruction file gives',
    section: { instruction: DISTRIBUTED, heading: 'Composing resilience policies' },
    entry: 'withFallback',
    names: [],
  },
];

export function patternById(id: string): PatternInfo | undefined {
  return PATTERNS.find((p) => p.id === id);
}

/** How the call site reads; see {@link PatternVariant.site}. */
export type CallSite =
  /** `fn(() => call)`, or with `options`: `fn(() => call, <options>)`; `imported`: `fn` is the block's import of that name. */
  | { kind: 'function'; name: string; imported?: boolean; options?: string }
  /** `fn(instance, () => call)`. */
  | { kind: 'function-of-instance'; name: string }
  /** `name.execute(() => call)` for a policy the block declares once. */
  | { kind: 'method'; name: string; method: string }
  /** `instance.execute(() => call)`. */
  | { kind: 'instance-method'; method: string }
  /** `instance(() => call)`. */
  | { kind: 'instance-call' }
  /** `withFallback(() => call, (error) => { throw error; })`, the fallback left for the user to write. */
  | { kind: 'fallback'; name: string };

/** One way of applying a pattern: with a library, or with the instruction file's dependency-free helper. */
export interface PatternVariant {
  pattern: PatternId;
  /** Undefined for the dependency-free helper. */
  library?: ResilienceLibrary;
  /** Names the block declares at its top level: not its imports, not its per-dependency template. */
  names: readonly string[];
  /** The name whose module-scope declaration shows that a helper is in the file (imported or inserted). */
  entry?: string;
  /**
   * One instance per dependency, named after it: `axiosBreaker`. A library block declares a template
   * named `dependency<suffix>`; the helper breaker's block has none, so `init` gives it.
   */
  instance?: { suffix: string; init?: string };
  site: CallSite;
  /** How the wrapped operation receives an abort signal: `(signal) =>` or `({ signal }) =>`. */
  signal?: 'parameter' | 'context';
  /** The operation is always an async arrow (async-retry's documented form). */
  asyncOperation?: boolean;
}

export const VARIANTS: readonly PatternVariant[] = [
  { pattern: 'retry-backoff-jitter', names: PATTERNS[0].names, entry: 'retryWithBackoff', site: { kind: 'function', name: 'retryWithBackoff' } },
  {
    pattern: 'retry-backoff-jitter',
    library: 'cockatiel',
    names: ['RETRY_MAX_ATTEMPTS', 'retryPolicy'],
    entry: 'retryPolicy',
    site: { kind: 'method', name: 'retryPolicy', method: 'execute' },
  },
  {
    pattern: 'retry-backoff-jitter',
    library: 'p-retry',
    names: ['RETRY_MAX_RETRIES'],
    site: { kind: 'function', name: 'pRetry', imported: true, options: '{ retries: RETRY_MAX_RETRIES, randomize: true }' },
  },
  {
    pattern: 'retry-backoff-jitter',
    library: 'async-retry',
    names: ['RETRY_MAX_RETRIES'],
    site: { kind: 'function', name: 'retry', imported: true, options: '{ retries: RETRY_MAX_RETRIES, randomize: true }' },
    asyncOperation: true,
  },
  {
    pattern: 'circuit-breaker',
    names: PATTERNS[1].names,
    entry: 'CircuitBreaker',
    instance: { suffix: 'Breaker', init: 'new CircuitBreaker()' },
    site: { kind: 'instance-method', method: 'execute' },
  },
  {
    pattern: 'circuit-breaker',
    library: 'cockatiel',
    names: ['BREAKER_FAILURE_THRESHOLD', 'BREAKER_RESET_TIMEOUT_MS'],
    instance: { suffix: 'Breaker' },
    site: { kind: 'instance-method', method: 'execute' },
  },
  {
    pattern: 'circuit-breaker',
    library: 'opossum',
    names: ['BREAKER_TIMEOUT_MS', 'BREAKER_ERROR_THRESHOLD_PERCENTAGE', 'BREAKER_RESET_TIMEOUT_MS', 'BREAKER_VOLUME_THRESHOLD', 'runOperation', 'fireBreaker'],
    entry: 'fireBreaker',
    instance: { suffix: 'Breaker' },
    site: { kind: 'function-of-instance', name: 'fireBreaker' },
  },
  { pattern: 'timeout', names: PATTERNS[2].names, entry: 'withTimeout', site: { kind: 'function', name: 'withTimeout' }, signal: 'parameter' },
  {
    pattern: 'timeout',
    library: 'cockatiel',
    names: ['TIMEOUT_MS', 'timeoutPolicy'],
    entry: 'timeoutPolicy',
    site: { kind: 'method', name: 'timeoutPolicy', method: 'execute' },
    signal: 'context',
  },
  {
    pattern: 'bulkhead',
    library: 'cockatiel',
    names: ['BULKHEAD_MAX_CONCURRENT', 'BULKHEAD_MAX_QUEUE'],
    instance: { suffix: 'Bulkhead' },
    site: { kind: 'instance-method', method: 'execute' },
  },
  { pattern: 'bulkhead', library: 'p-limit', names: ['BULKHEAD_MAX_CONCURRENT'], instance: { suffix: 'Limit' }, site: { kind: 'instance-call' } },
  { pattern: 'fallback', names: PATTERNS[4].names, entry: 'withFallback', site: { kind: 'fallback', name: 'withFallback' } },
  {
    pattern: 'resilience-pipeline',
    library: 'cockatiel',
    names: ['TIMEOUT_MS', 'RETRY_MAX_ATTEMPTS', 'BREAKER_FAILURE_THRESHOLD', 'BREAKER_RESET_TIMEOUT_MS', 'BULKHEAD_MAX_CONCURRENT', 'BULKHEAD_MAX_QUEUE'],
    instance: { suffix: 'Policy' },
    site: { kind: 'instance-method', method: 'execute' },
    signal: 'context',
  },
];

/** The variant of `pattern` written with `library`, or its dependency-free helper when `library` is undefined. */
export function variantOf(pattern: PatternId, library?: string): PatternVariant | undefined {
  return VARIANTS.find((v) => v.pattern === pattern && v.library === library);
}

/**
 * The layers of the resilience pipeline from the call outwards, as the "Composing resilience
 * policies" section orders them: `fallback(bulkhead(breaker(retry(timeout(call)))))`.
 */
export const PIPELINE_LAYERS: readonly PatternId[] = ['timeout', 'retry-backoff-jitter', 'circuit-breaker', 'bulkhead', 'fallback'];

/** Sections whose advice a library can take over, beyond the patterns' own: for the hover's library line. */
const RELATED_SECTIONS: ReadonlyArray<{ heading: string; concern: ResilienceConcern }> = [{ heading: 'Retry policy for idempotent calls', concern: 'retry' }];

/** The concern an instruction section is about, when a resilience library can take it over. */
export function concernOfSection(section: SectionRef): ResilienceConcern | undefined {
  if (section.instruction !== DISTRIBUTED) return undefined;
  const pattern = PATTERNS.find((p) => p.section.heading === section.heading);
  if (pattern?.id === 'resilience-pipeline') return 'fallback';
  return pattern?.concern ?? RELATED_SECTIONS.find((r) => r.heading === section.heading)?.concern;
}

/** A pattern's code, ready to insert into a file. */
export interface PatternCode {
  /**
   * The block's code in the file's language, `export`s dropped (the code is private to the file),
   * without its imports (see `imports`) and its per-dependency template (see `template`).
   */
  code: string;
  /** Names the code declares at its top level (type names only for TypeScript). */
  declares: string[];
  /** The top-level statements of `code`, each with the comment lines directly above it, and the names it declares. */
  statements: ReadonlyArray<{ start: number; end: number; names: readonly string[] }>;
  /** What the block imports, by module. */
  imports: ImportSpec[];
  /** The block's `const dependency<Suffix> = ...` declaration, the model of one instance per dependency. */
  template?: { name: string; code: string };
  /** The instruction file the block was read from. */
  file: InstructionFile;
}

export interface PatternCodeOptions {
  /** The form written with this library (`lib=<library>` blocks); the dependency-free helper when absent. */
  library?: string;
  /** Names to write differently: a name the block imports that the file already imports under another name. */
  rename?: ReadonlyMap<string, string>;
}

/**
 * The code of a pattern, read from the instruction library: the `pattern=<id>` block (with
 * `lib=<library>` for a library's form) of the section the pattern points at, from the workspace
 * file when a team overrides it, else the bundled one, or failing that the first such block in any
 * instruction file. TypeScript blocks are stripped of their types for JavaScript files. The parser
 * must have the TypeScript grammar loaded.
 */
export function patternCode(
  library: InstructionLibrary,
  id: string,
  language: LanguageId,
  parser: SourceParser,
  options: PatternCodeOptions = {},
): PatternCode | { error: string } {
  const pattern = patternById(id);
  if (!pattern) return { error: `There is no pattern "${id}".` };
  const tag = options.library ? `pattern=${pattern.id} lib=${options.library}` : `pattern=${pattern.id}`;
  const found = findBlock(library, pattern, options.library);
  if (!found) return { error: `No \`${tag}\` code block was found in the "${pattern.section.heading}" section of ${pattern.section.instruction}.instructions.md.` };
  const { block, file } = found;
  const where = `the \`${tag}\` block of ${fileName(file)}`;
  const variant = VARIANTS.find((v) => v.pattern === pattern.id && v.library === options.library);
  try {
    const read = readBlock(block.code, parser, { rename: options.rename, template: variant?.instance && !variant.instance.init ? `dependency${variant.instance.suffix}` : undefined });
    if ('error' in read) return { error: `${capitalise(where)} ${read.error}` };
    const typescript = isTypeScriptFamily(language);
    const declares = typescript ? read.declares : read.declares.filter((name) => !read.types.includes(name));
    const entry = options.library ? variant?.entry : pattern.entry;
    if (entry && !declares.includes(entry)) return { error: `${capitalise(where)} does not declare \`${entry}\`.` };
    const toLanguage = (code: string) => (!typescript && isTypeScriptBlock(block) ? stripTypes(code, parser) : code);
    const code = toLanguage(read.code);
    const template = read.template && { name: read.template.name, code: toLanguage(read.template.code) };
    return { code, declares, statements: statementRanges(code, parser, typescript), imports: read.imports, template, file };
  } catch (error) {
    if (error instanceof StripTypesError) return { error: `${capitalise(where)} cannot be turned into JavaScript: ${error.message}.` };
    throw error;
  }
}

/**
 * A block's parts: its imports, the template declaration named `template` if asked for, and the
 * rest of its code with `export`s dropped and names renamed. Imports and the template leave whole
 * lines, and the blank lines around them merge.
 */
function readBlock(
  source: string,
  parser: SourceParser,
  options: { rename?: ReadonlyMap<string, string>; template?: string },
): { code: string; declares: string[]; types: string[]; imports: ImportSpec[]; template?: { name: string; code: string } } | { error: string } {
  const renamed = withParsed(parser, source, (root) => (root.hasError ? undefined : applyEdits(source, [...exportRemovalEdits(root, source), ...renameEdits(root, options.rename)])));
  if (renamed === undefined) return { error: 'does not parse as TypeScript.' };
  return withParsed(parser, renamed, (root) => {
    const removed: Array<[number, number]> = [];
    const imports: ImportSpec[] = [];
    let template: { name: string; code: string } | undefined;
    for (const statement of root.namedChildren) {
      if (!statement) continue;
      if (statement.type === 'import_statement') {
        const spec = importSpecOf(statement);
        if (spec) imports.push(spec);
        removed.push(wholeLines(renamed, statement.startIndex, statement.endIndex));
      } else if (options.template && declaresName(statement, options.template)) {
        template = { name: options.template, code: renamed.slice(statement.startIndex, statement.endIndex) };
        removed.push(wholeLines(renamed, statement.startIndex, statement.endIndex));
      }
    }
    if (options.template && !template) return { error: `does not declare \`${options.template}\`, the model of one instance per dependency.` };
    const code = applyEdits(renamed, removed.map(([start, end]) => ({ start, end, text: '' }))).replace(/^\s*\n/, '');
    return withParsed(parser, code, (rest) => {
      const withTypes = topLevelNames(rest, true);
      const types = withTypes.filter((name) => !topLevelNames(rest, false).includes(name));
      return { code, declares: withTypes, types, imports, template };
    });
  });
}

function withParsed<T>(parser: SourceParser, code: string, read: (root: SyntaxNode) => T): T {
  const tree = parser.parse('typescript', code);
  try {
    return read(tree.rootNode);
  } finally {
    tree.delete();
  }
}

/** `import a, { b, c as d } from 'm'` as an {@link ImportSpec}; undefined for a type-only or namespace import. */
function importSpecOf(statement: SyntaxNode): ImportSpec | undefined {
  const source = statement.childForFieldName('source');
  const module = source ? stringValue(source) : undefined;
  const clause = statement.namedChildren.find((c) => c?.type === 'import_clause');
  if (!module || !clause || statement.children.some((c) => c?.type === 'type')) return undefined;
  let defaultName: string | undefined;
  const named: Array<{ imported: string; local: string }> = [];
  for (const part of clause.namedChildren) {
    if (part?.type === 'identifier') defaultName = part.text;
    else if (part?.type === 'namespace_import') return undefined;
    else if (part?.type === 'named_imports') {
      for (const specifier of part.namedChildren) {
        if (specifier?.type !== 'import_specifier') continue;
        const imported = specifier.childForFieldName('name')?.text;
        if (imported) named.push({ imported, local: specifier.childForFieldName('alias')?.text ?? imported });
      }
    }
  }
  return { module, default: defaultName, named };
}

function declaresName(statement: SyntaxNode, name: string): boolean {
  const declaration = statement.type === 'export_statement' ? statement.childForFieldName('declaration') : statement;
  if (declaration?.type !== 'lexical_declaration' && declaration?.type !== 'variable_declaration') return false;
  return declaration.namedChildren.some((d) => d?.type === 'variable_declarator' && d.childForFieldName('name')?.text === name);
}

const IMPORT_STATEMENT: ReadonlySet<string> = new Set(['import_statement']);

/** Renames the block's uses of imported names (values and types); import statements keep the block's names. */
function renameEdits(root: SyntaxNode, rename: ReadonlyMap<string, string> | undefined): TextEdit[] {
  if (!rename || rename.size === 0) return [];
  return root
    .descendantsOfType(['identifier', 'type_identifier'])
    .filter((n): n is SyntaxNode => n !== null && rename.has(n.text) && closestAncestor(n, IMPORT_STATEMENT) === null)
    .map((n) => ({ start: n.startIndex, end: n.endIndex, text: rename.get(n.text)! }));
}

/**
 * Top-level statements of `code` with the names each declares; a statement's range starts at the
 * comments directly above it (no blank line between), so a doc comment goes wherever its statement goes.
 */
function statementRanges(code: string, parser: SourceParser, withTypes: boolean): PatternCode['statements'] {
  return withParsed(parser, code, (root) => {
    const owner = new Map<number, string[]>();
    const own = (statement: SyntaxNode, name: string) => owner.set(statement.id, [...(owner.get(statement.id) ?? []), name]);
    for (const [name, binding] of new BindingResolver().declarationsOf(root)) {
      let top: SyntaxNode = binding.identifier;
      while (top.parent && top.parent.type !== 'program') top = top.parent;
      own(top, name);
    }
    if (withTypes) {
      for (const statement of root.namedChildren) {
        const name = statement && TYPE_DECLARATIONS.has(statement.type) ? statement.childForFieldName('name') : null;
        if (statement && name) own(statement, name.text);
      }
    }
    const blankLineBetween = (from: number, to: number) => /\n[ \t]*\r?\n/.test(code.slice(from, to));
    const ranges: Array<{ start: number; end: number; names: readonly string[] }> = [];
    let comments: { start: number; end: number } | undefined;
    for (const statement of root.namedChildren) {
      if (!statement) continue;
      if (statement.type === 'comment') {
        comments = comments && !blankLineBetween(comments.end, statement.startIndex) ? { start: comments.start, end: statement.endIndex } : { start: statement.startIndex, end: statement.endIndex };
        continue;
      }
      const attached = comments !== undefined && !blankLineBetween(comments.end, statement.startIndex);
      ranges.push({ start: attached ? comments!.start : statement.startIndex, end: statement.endIndex, names: owner.get(statement.id) ?? [] });
      comments = undefined;
    }
    return ranges;
  });
}

function findBlock(library: InstructionLibrary, pattern: PatternInfo, libraryName: string | undefined): { block: PatternBlock; file: InstructionFile } | undefined {
  const isCode = (b: PatternBlock) => b.id === pattern.id && b.library === libraryName && (isTypeScriptBlock(b) || JAVASCRIPT_FENCES.has(b.language));
  const own = library.section(pattern.section);
  const inSection = own?.section.patterns.find(isCode);
  if (own && inSection) return { block: inSection, file: own.file };
  for (const file of [...library.files, ...library.bundledFiles]) {
    for (const section of file.sections) {
      const block = section.patterns.find(isCode);
      if (block) return { block, file };
    }
  }
  return undefined;
}

const TYPESCRIPT_FENCES = new Set(['ts', 'typescript', 'tsx', 'mts', 'cts']);
const JAVASCRIPT_FENCES = new Set(['js', 'javascript', 'jsx', 'mjs', 'cjs']);

function isTypeScriptBlock(block: PatternBlock): boolean {
  return TYPESCRIPT_FENCES.has(block.language);
}

const TYPE_DECLARATIONS = new Set(['interface_declaration', 'type_alias_declaration', 'enum_declaration']);

/** Names declared at the top level of a parsed snippet; with `withTypes`, interface and type names too. */
export function topLevelNames(root: SyntaxNode, withTypes: boolean, resolver = new BindingResolver()): string[] {
  const names = [...resolver.declarationsOf(root).keys()];
  if (withTypes) {
    for (const statement of root.namedChildren) {
      const declaration = statement?.type === 'export_statement' ? statement.childForFieldName('declaration') : statement;
      const name = declaration && TYPE_DECLARATIONS.has(declaration.type) ? declaration.childForFieldName('name') : null;
      if (name && !names.includes(name.text)) names.push(name.text);
    }
  }
  return names;
}

/**
 * Edits that make a snippet's top-level declarations private: `export function f` becomes
 * `function f`; `export { a, b }` lists go away.
 */
function exportRemovalEdits(root: SyntaxNode, text: string): TextEdit[] {
  const edits: TextEdit[] = [];
  for (const statement of root.namedChildren) {
    if (statement?.type !== 'export_statement') continue;
    const declaration = statement.childForFieldName('declaration') ?? statement.namedChildren.find((c) => c?.type === 'class_declaration' || c?.type === 'function_declaration');
    if (declaration) edits.push({ start: statement.startIndex, end: declaration.startIndex, text: '' });
    else if (!statement.childForFieldName('source')) {
      const [start, end] = wholeLines(text, statement.startIndex, statement.endIndex);
      edits.push({ start, end, text: '' });
    }
  }
  return edits;
}

function fileName(file: InstructionFile): string {
  return file.path.replace(/\\/g, '/').split('/').pop() ?? file.path;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
