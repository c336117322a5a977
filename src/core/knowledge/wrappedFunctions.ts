import type { SyntaxNode } from '../parse/parser';
import { dottedName, FUNCTION_TYPES, propertyKeyName } from '../parse/syntax';
import { FileCache, type SourceFile } from '../sourceFile';
import { nodesNamed } from './nameOccurrences';
import { breakerCall, retryingCall } from './resiliencePolicies';

/**
 * Functions a file runs through a resilience wrapper somewhere else than where they are written:
 * `retryWithBackoff(() => getStock(sku))` retries every request `getStock` makes, and
 * `new CircuitBreaker(this.fetchPrice.bind(this))` puts `fetchPrice` behind a breaker.
 *
 * Asked about one function at a time, the answer starts from the few places its name is written
 * (found in the text, confirmed on the tree) instead of from every wrapper of the file.
 */

export interface Runner {
  /** The wrapper call: `retryWithBackoff(...)`, `new CircuitBreaker(...)`. */
  call: SyntaxNode;
  /** How a message names it: `retryWithBackoff`, `policy.execute`. */
  label: string;
}

export type Wrapper = 'retry' | 'breaker';

const RECOGNISE: Record<Wrapper, (file: SourceFile, call: SyntaxNode) => string | undefined> = { retry: retryingCall, breaker: breakerCall };

/** Per file and wrapper kind: the places each name is run by a wrapper, found on first need. */
const cache = new FileCache<Map<string, Array<{ use: SyntaxNode; runner: Runner }>>>();

/**
 * The wrapper of this file that runs `fn`: a call of the function (or of a method of its name on
 * `this`) inside a callback handed to the wrapper, or the function itself handed to it
 * (`pRetry(send)`, `new CircuitBreaker(this.send.bind(this))`). With `byNameOnly`, any function or
 * method of that name counts (`client.getStock(...)` for a `getStock` method): a sign, not a proof.
 */
export function wrapperRunning(file: SourceFile, fn: SyntaxNode, wrapper: Wrapper, byNameOnly = false): Runner | undefined {
  const name = functionName(fn);
  if (name === undefined) return undefined;
  let perFile = cache.get(file);
  if (!perFile) cache.set(file, (perFile = new Map()));
  const key = `${wrapper}:${name}`;
  let runs = perFile.get(key);
  if (!runs) perFile.set(key, (runs = writtenInWrapper(file, wrapper, name) ? runsOf(file, name, wrapper) : []));
  return (byNameOnly ? runs[0] : runs.find((run) => denotes(file, run.use, fn)))?.runner;
}

/**
 * Where wrappers may be: the words their callees contain. The calls are found from these matches in
 * the text (a few per file), not by visiting every call of the file.
 */
const WRAPPER_TEXT: Record<Wrapper, RegExp> = {
  retry: /retr|backoff|\.\s*(?:execute|run|invoke|exec)\s*\(/gi,
  breaker: /breaker|circuit|\.\s*(?:execute|fire|run|invoke|exec)\s*\(/gi,
};
const argumentLists = new FileCache<Partial<Record<Wrapper, ReadonlyArray<readonly [number, number]>>>>();

/**
 * Whether `name` is written in the arguments of a call that may be a wrapper: a function whose name
 * is not is run by no wrapper, and its uses are never looked at.
 */
function writtenInWrapper(file: SourceFile, wrapper: Wrapper, name: string): boolean {
  const lists = wrapperArgumentLists(file, wrapper);
  return lists.length > 0 && file.occurrences(name).some((at) => lists.some(([start, end]) => at >= start && at < end));
}

/** The spans of the argument lists of the calls that may be wrappers, once per file. */
function wrapperArgumentLists(file: SourceFile, wrapper: Wrapper): ReadonlyArray<readonly [number, number]> {
  let perFile = argumentLists.get(file);
  if (!perFile) argumentLists.set(file, (perFile = {}));
  let found = perFile[wrapper];
  if (found) return found;
  const lists: Array<readonly [number, number]> = [];
  const { text } = file;
  const seen = new Set<number>();
  for (const match of text.matchAll(WRAPPER_TEXT[wrapper])) {
    // The `(` that opens the arguments: right after `.execute(`, or after the word the match is part of.
    let open = match.index + match[0].length - 1;
    if (text[open] !== '(') {
      open = match.index + match[0].length;
      while (open < text.length && /[\w$]/.test(text[open])) open++;
      while (open < text.length && /\s/.test(text[open])) open++;
      if (text[open] !== '(') continue;
    }
    // The smallest named node around the `(` is its argument list (the `(` itself is anonymous).
    const args = file.root.namedDescendantForIndex(open, open + 1);
    if (args?.type !== 'arguments' || seen.has(args.id)) continue;
    seen.add(args.id);
    lists.push([args.startIndex, args.endIndex]);
  }
  perFile[wrapper] = found = lists;
  return found;
}

/** Every place `name` is written where a wrapper runs it; the text finds the places, the tree confirms them. */
function runsOf(file: SourceFile, name: string, wrapper: Wrapper): Array<{ use: SyntaxNode; runner: Runner }> {
  const runs: Array<{ use: SyntaxNode; runner: Runner }> = [];
  for (const use of nodesNamed(file, name)) {
    if (use.type !== 'identifier' && use.type !== 'property_identifier') continue;
    const runner = runnerAt(file, use, wrapper);
    if (runner) runs.push({ use, runner });
  }
  return runs;
}

/** The wrapper that runs what `use` names there: as an argument of the wrapper, or called in a callback of it. */
function runnerAt(file: SourceFile, use: SyntaxNode, wrapper: Wrapper): Runner | undefined {
  let expression = use.type === 'property_identifier' ? use.parent : use;
  if (!expression) return undefined;
  // `this.send.bind(this)`: the bound function.
  const bind = expression.parent?.type === 'member_expression' && expression.parent.childForFieldName('property')?.text === 'bind' ? expression.parent.parent : null;
  if (bind?.type === 'call_expression') expression = bind;
  const parent = expression.parent;
  if (parent?.type === 'arguments' && parent.parent) {
    const label = RECOGNISE[wrapper](file, parent.parent);
    return label ? { call: parent.parent, label } : undefined;
  }
  if (parent?.type !== 'call_expression' || parent.childForFieldName('function')?.id !== expression.id) return undefined;
  // Called: look out through the callbacks around the call.
  for (let fn = file.enclosing(parent, FUNCTION_TYPES); fn?.parent?.type === 'arguments'; fn = file.enclosing(fn, FUNCTION_TYPES)) {
    const outer = fn.parent.parent;
    const label = outer ? RECOGNISE[wrapper](file, outer) : undefined;
    if (outer && label) return { call: outer, label };
  }
  return undefined;
}

/** True when `use` (a name, or `this.name`) denotes the function `fn` of this file. */
function denotes(file: SourceFile, use: SyntaxNode, fn: SyntaxNode): boolean {
  if (use.type === 'identifier') {
    const binding = file.resolver.resolve(use);
    const declared = binding?.kind === 'function' ? binding.identifier.parent : binding?.kind === 'variable' && !binding.destructured ? binding.init : undefined;
    return declared?.id === fn.id;
  }
  // `this.name` reaches the methods of the class it is written in.
  const member = use.parent;
  const body = fn.type === 'method_definition' ? fn.parent : null;
  return member?.childForFieldName('object')?.type === 'this' && body !== null && use.startIndex >= body.startIndex && use.endIndex <= body.endIndex;
}

/** The name a function is known by: declared, or assigned to a variable, a property or a field. */
export function functionName(fn: SyntaxNode): string | undefined {
  const own = fn.childForFieldName('name');
  if (own) return own.text;
  const parent = fn.parent;
  if (parent?.type === 'variable_declarator') return parent.childForFieldName('name')?.text;
  if (parent?.type === 'pair') {
    const key = parent.childForFieldName('key');
    return key ? propertyKeyName(key) : undefined;
  }
  if (parent?.type === 'public_field_definition' || parent?.type === 'field_definition') return parent.childForFieldName('name')?.text;
  if (parent?.type === 'assignment_expression') return dottedName(parent.childForFieldName('left') ?? parent)?.pop();
  return undefined;
}
