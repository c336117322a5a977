import type { SyntaxNode } from '../parse/parser';
import { normaliseModule, type BindingResolver, type Value } from '../parse/bindings';
import { argumentsOf, calleeOf, findProperty, hasSpread, numberValue, stringValue, unwrap } from '../parse/syntax';
import { isWordPart } from '../parse/wordIndex';

/**
 * What Instruction Lens knows about retry libraries: which calls create a retry, where their options
 * are, and how each library waits between attempts when an option is left out. Recognition goes
 * through imports, `require` and aliases (the binding resolver), never the callee's spelling alone.
 */

export type RetryLibrary = 'cockatiel' | 'p-retry' | 'async-retry' | 'axios-retry';

/** Module specifiers of the retry libraries, as they appear in `import` and `require`. */
export const RETRY_LIBRARY_MODULES: ReadonlySet<string> = new Set<RetryLibrary>(['cockatiel', 'p-retry', 'async-retry', 'axios-retry']);

/** One call that sets up retries through a library. */
export interface LibraryRetryCall {
  library: RetryLibrary;
  call: SyntaxNode;
  callee: SyntaxNode;
  /** The argument that carries the options, or undefined when the call leaves it out. */
  options?: SyntaxNode;
  /** The options argument is an object literal without spread: every key it sets is visible. */
  optionsReadable: boolean;
  /** Position of the options argument: `retry(policy, options)`, `pRetry(fn, options)`, `axiosRetry(client, options)`. */
  optionsIndex: number;
}

/**
 * Local names that may denote a retry library, gathered while one pass over the file meets imports,
 * `require` declarations and aliases of names already gathered. A call whose callee does not start
 * with one of them cannot reach a retry library, so it is skipped without resolving bindings; a
 * candidate is still confirmed by {@link recogniseRetryCall} (which sees shadowing). Feed it nodes in
 * source order, as the engine's single walk does.
 */
export class RetryLibraryNames {
  private readonly names = new Set<string>();

  /** `text` is the file's text: leading names are read from it at node offsets, without walking nodes. */
  constructor(private readonly text: string) {}

  /** `import pRetry from 'p-retry'`, `import { retry as policy } from 'cockatiel'`. */
  noteImport(statement: SyntaxNode): void {
    const source = statement.childForFieldName('source');
    const module = source && stringValue(source);
    if (!module || !isRetryModule(normaliseModule(module))) return;
    const clause = statement.namedChildren.find((c) => c?.type === 'import_clause');
    for (const name of clause?.descendantsOfType('identifier') ?? []) if (name) this.names.add(name.text);
  }

  /** `const pRetry = require('p-retry')`, `const { retry } = require('cockatiel')`, `const withRetry = pRetry`. */
  noteDeclarator(declarator: SyntaxNode): void {
    // The value's leading name is written in the declarator's text: most declarators mention neither.
    if (!this.mentionsRequireOrName(this.text.slice(declarator.startIndex, declarator.endIndex))) return;
    const value = declarator.childForFieldName('value');
    const leading = value && leadingName(this.text, value.startIndex);
    if (!value || !leading || (leading !== 'require' && !this.names.has(leading))) return;
    let root = unwrap(value);
    while (root.type === 'member_expression' && root.childForFieldName('object')) root = unwrap(root.childForFieldName('object')!);
    if (root.type === 'call_expression' && !isRequireOfRetryModule(root)) return;
    const pattern = declarator.childForFieldName('name');
    if (pattern?.type === 'identifier') this.names.add(pattern.text);
    for (const name of pattern?.descendantsOfType(['identifier', 'shorthand_property_identifier_pattern']) ?? []) if (name) this.names.add(name.text);
  }

  private mentionsRequireOrName(text: string): boolean {
    if (text.includes('require')) return true;
    for (const name of this.names) if (text.includes(name)) return true;
    return false;
  }

  /** False when `call` certainly does not go to a retry library: its callee does not start with a gathered name. */
  mayReach(call: SyntaxNode): boolean {
    return this.names.size > 0 && this.names.has(leadingName(this.text, call.startIndex));
  }
}

/**
 * The identifier a node's text starts with (after `await`, which tree-sitter puts inside the callee
 * of `await f<T>(x)`): for a call, the root name of its callee.
 */
function leadingName(text: string, offset: number): string {
  const word = identifierAt(text, offset);
  if (word !== 'await') return word;
  let next = offset + word.length;
  while (next < text.length && /\s/.test(text[next])) next++;
  return identifierAt(text, next);
}

function identifierAt(text: string, offset: number): string {
  let end = offset;
  while (end < text.length && isWordPart(text.charCodeAt(end))) end++;
  return text.slice(offset, end);
}

function isRetryModule(module: string): module is RetryLibrary {
  return RETRY_LIBRARY_MODULES.has(module);
}

function isRequireOfRetryModule(call: SyntaxNode): boolean {
  const callee = call.childForFieldName('function');
  const specifier = callee?.text === 'require' ? argumentsOf(call)[0] : undefined;
  const module = specifier && stringValue(specifier);
  return module !== undefined && isRetryModule(normaliseModule(module));
}

/** The retry library `call` goes to, with its options, or undefined for any other call. */
export function recogniseRetryCall(call: SyntaxNode, resolver: BindingResolver): LibraryRetryCall | undefined {
  const callee = calleeOf(call);
  if (!callee || (callee.type !== 'identifier' && callee.type !== 'member_expression')) return undefined;
  const value = resolver.valueOf(callee);
  if (value.kind !== 'module') return undefined;
  const library = libraryEntryPoint(value);
  if (!library) return undefined;
  const optionsIndex = 1;
  const options = argumentsOf(call)[optionsIndex];
  const literal = options && unwrap(options);
  const optionsReadable = !options || (literal?.type === 'object' && !hasSpread(literal));
  return { library, call, callee, options: literal ?? undefined, optionsReadable, optionsIndex };
}

function libraryEntryPoint(value: Extract<Value, { kind: 'module' }>): RetryLibrary | undefined {
  const path = value.path.join('.');
  switch (value.module) {
    case 'cockatiel':
      return path === 'retry' ? 'cockatiel' : undefined;
    case 'p-retry':
    case 'async-retry':
    case 'axios-retry':
      // The default export is the retry function; named exports (AbortError, isNetworkError) are not.
      return path === '' ? value.module : undefined;
    default:
      return undefined;
  }
}

/** An option's value node in a readable options object, or undefined when it is not set. */
export function optionValue(retry: LibraryRetryCall, name: string): SyntaxNode | undefined {
  if (!retry.options || !retry.optionsReadable) return undefined;
  const property = findProperty(retry.options, name);
  return property ? unwrap(property.value) : undefined;
}

/** The option that sets how many retries a library makes. */
const RETRY_COUNT_OPTION: Record<RetryLibrary, string> = {
  cockatiel: 'maxAttempts',
  'p-retry': 'retries',
  'async-retry': 'retries',
  'axios-retry': 'retries',
};

/** True when the options turn retries off (`retries: 0`): there is nothing to space out. */
export function retriesDisabled(retry: LibraryRetryCall): boolean {
  const count = optionValue(retry, RETRY_COUNT_OPTION[retry.library]);
  return count !== undefined && numberValue(count) === 0;
}

/** True when `node` denotes `name` exported by `module` (`ExponentialBackoff` from cockatiel). */
export function isExportOf(node: SyntaxNode, module: RetryLibrary, name: string, resolver: BindingResolver): boolean {
  const value = resolver.valueOf(node);
  return value.kind === 'module' && value.module === module && value.path.join('.') === name;
}

/**
 * How a library retry waits between attempts, judged from its options and the library's defaults:
 * - cockatiel `retry()`: no `backoff` retries immediately; `ConstantBackoff` waits a fixed time;
 *   `ExponentialBackoff` defaults to decorrelated jitter.
 * - p-retry: exponential, but `randomize` defaults to false.
 * - async-retry: exponential and randomized unless `randomize: false`.
 * - axios-retry: no `retryDelay` means no delay; `exponentialDelay` adds up to 20% jitter.
 * Option values the file cannot show (an identifier, a spread) are trusted.
 */
export type RetrySpacing =
  | { problem: 'noBackoff' }
  | { problem: 'constantBackoff'; backoff: SyntaxNode }
  | { problem: 'notRandomized'; randomize?: SyntaxNode }
  | { problem: 'noDelay' };

export function retrySpacingProblem(retry: LibraryRetryCall, resolver: BindingResolver): RetrySpacing | undefined {
  if (!retry.optionsReadable || retriesDisabled(retry)) return undefined;
  switch (retry.library) {
    case 'cockatiel': {
      const backoff = optionValue(retry, 'backoff');
      if (!backoff) return { problem: 'noBackoff' };
      const constructor = backoff.type === 'new_expression' ? backoff.childForFieldName('constructor') : null;
      if (constructor && isExportOf(constructor, 'cockatiel', 'ConstantBackoff', resolver)) return { problem: 'constantBackoff', backoff };
      return undefined;
    }
    case 'p-retry': {
      const randomize = optionValue(retry, 'randomize');
      return !randomize || randomize.type === 'false' ? { problem: 'notRandomized', randomize } : undefined;
    }
    case 'async-retry': {
      const randomize = optionValue(retry, 'randomize');
      return randomize?.type === 'false' ? { problem: 'notRandomized', randomize } : undefined;
    }
    case 'axios-retry':
      return optionValue(retry, 'retryDelay') ? undefined : { problem: 'noDelay' };
  }
}
