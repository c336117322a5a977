import { applyEdits } from '../fixes';
import type { InstructionFile } from '../instructions/instructionFile';
import type { InstructionLibrary } from '../instructions/library';
import type { PatternBlock } from '../instructions/sections';
import { BindingResolver } from '../parse/bindings';
import { isTypeScriptFamily } from '../parse/languages';
import type { SourceParser, SyntaxNode } from '../parse/parser';
import type { LanguageId, SectionRef, TextEdit } from '../types';
import { stripTypes, StripTypesError, wholeLines } from './stripTypes';

/**
 * The patterns "Apply Pattern..." offers. A pattern's code is not kept here: it is the fenced block
 * tagged `pattern=<id>` in the instruction file section that explains it, so the words and the code
 * a user gets cannot drift apart, and a team that overrides the file gets its own code.
 *
 * To add a pattern: write its block in the instruction file, add a row here, add its wrapping to
 * `WRAPPERS` in applyPattern.ts, and add `check` cases and a compile case to the tests.
 * The bulkhead, fallback and idempotency-key blocks are not offered yet: each needs more than
 * wrapping one call (a list to map over, a fallback value, a key threaded into a request).
 */
export type PatternId = 'retry-backoff-jitter' | 'circuit-breaker' | 'timeout';

export interface PatternInfo {
  id: PatternId;
  /** Quick-pick label. */
  label: string;
  /** Quick-pick detail: what the wrapped call becomes, in one line. */
  detail: string;
  /** The instruction section that explains the pattern and holds its code block. */
  section: SectionRef;
  /** The function or class the wrapped call goes through. */
  entry: string;
  /** Every name the helper declares at its top level, the entry included. */
  names: readonly string[];
}

const DISTRIBUTED = 'distributed-systems';

export const PATTERNS: readonly PatternInfo[] = [
  {
    id: 'retry-backoff-jitter',
    label: 'Retry with exponential backoff and jitter',
    detail: 'retryWithBackoff(() => call): a few attempts, with randomized, growing, capped waits between them',
    section: { instruction: DISTRIBUTED, heading: 'Retries with exponential backoff and jitter' },
    entry: 'retryWithBackoff',
    names: ['retryWithBackoff', 'RETRY_MAX_ATTEMPTS', 'RETRY_BASE_DELAY_MS', 'RETRY_MAX_DELAY_MS'],
  },
  {
    id: 'circuit-breaker',
    label: 'Circuit breaker',
    detail: 'dependencyBreaker.execute(() => call): fail fast while the dependency is down; one breaker per dependency',
    section: { instruction: DISTRIBUTED, heading: 'Circuit breakers' },
    entry: 'CircuitBreaker',
    names: ['CircuitBreaker', 'BREAKER_FAILURE_THRESHOLD', 'BREAKER_RESET_TIMEOUT_MS'],
  },
  {
    id: 'timeout',
    label: 'Timeout',
    detail: 'withTimeout((signal) => call): a deadline for the call, its abort signal passed to the request',
    section: { instruction: DISTRIBUTED, heading: 'Timeouts and deadlines' },
    entry: 'withTimeout',
    names: ['withTimeout', 'TIMEOUT_MS'],
  },
];

export function patternById(id: string): PatternInfo | undefined {
  return PATTERNS.find((p) => p.id === id);
}

/** A pattern's helper, ready to insert into a file. */
export interface PatternCode {
  /** The block's code in the file's language, its `export`s dropped: the helper is private to the file. */
  code: string;
  /** Names the code declares at its top level (type names only for TypeScript). */
  declares: string[];
  /** The instruction file the block was read from. */
  file: InstructionFile;
}

/**
 * The helper code of a pattern, read from the instruction library: the `pattern=<id>` block of the
 * section the pattern points at (from the workspace file when a team overrides it, else the bundled
 * one), or failing that the first such block in any instruction file. TypeScript blocks are
 * stripped of their types for JavaScript files. The parser must have the TypeScript grammar loaded.
 */
export function patternCode(library: InstructionLibrary, id: string, language: LanguageId, parser: SourceParser): PatternCode | { error: string } {
  const pattern = patternById(id);
  if (!pattern) return { error: `There is no pattern "${id}".` };
  const found = findBlock(library, pattern);
  if (!found) return { error: `No \`pattern=${pattern.id}\` code block was found in the "${pattern.section.heading}" section of ${pattern.section.instruction}.instructions.md.` };
  const { block, file } = found;
  const where = `the \`pattern=${pattern.id}\` block of ${fileName(file)}`;
  const tree = parser.parse('typescript', block.code);
  try {
    if (tree.rootNode.hasError) return { error: `${capitalise(where)} does not parse as TypeScript.` };
    const typescript = isTypeScriptFamily(language);
    const declares = topLevelNames(tree.rootNode, typescript);
    if (!declares.includes(pattern.entry)) return { error: `${capitalise(where)} does not declare \`${pattern.entry}\`.` };
    let code = applyEdits(block.code, exportRemovalEdits(tree.rootNode, block.code));
    if (!typescript && isTypeScriptBlock(block)) code = stripTypes(code, parser);
    return { code, declares, file };
  } catch (error) {
    if (error instanceof StripTypesError) return { error: `${capitalise(where)} cannot be turned into JavaScript: ${error.message}.` };
    throw error;
  } finally {
    tree.delete();
  }
}

function findBlock(library: InstructionLibrary, pattern: PatternInfo): { block: PatternBlock; file: InstructionFile } | undefined {
  const isCode = (b: PatternBlock) => b.id === pattern.id && (isTypeScriptBlock(b) || JAVASCRIPT_FENCES.has(b.language));
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
