import type { SyntaxNode } from '../parse/parser';
import { argumentsOf, calleeOf, dottedName, FUNCTION_TYPES, propertyKeyName, unwrap } from '../parse/syntax';
import type { SourceFile } from '../sourceFile';
import { breakerCall, retryingCall } from './resiliencePolicies';

/**
 * Functions a file runs through a resilience wrapper somewhere else than where they are written:
 * `retryWithBackoff(() => getStock(sku))` retries every request `getStock` makes, and
 * `new CircuitBreaker(this.fetchPrice.bind(this))` puts `fetchPrice` behind a breaker.
 */

export interface WrappedFunctions {
  /** Functions of this file the wrappers run, by node id, with the wrapper call and its label. */
  functions: Map<number, { call: SyntaxNode; label: string }>;
  /** Last names of everything the wrappers call or are given: `getStock` for `retryWithBackoff(() => client.getStock(sku))`. */
  names: Set<string>;
}

type Wrapper = 'retry' | 'breaker';

const WRAPPERS: Record<Wrapper, { types: string[]; text: RegExp; recognise: (file: SourceFile, call: SyntaxNode) => string | undefined }> = {
  retry: { types: ['call_expression'], text: /retr|backoff|\.(execute|run|invoke|exec)\s*\(/i, recognise: retryingCall },
  breaker: { types: ['call_expression', 'new_expression'], text: /breaker|circuit|\.(execute|fire|run|invoke|exec)\s*\(/i, recognise: breakerCall },
};

const cache = new WeakMap<SourceFile, Partial<Record<Wrapper, WrappedFunctions>>>();

/** What the file's retry (or breaker) wrappers run; collected once per file, when first needed. */
export function functionsRunBy(file: SourceFile, wrapper: Wrapper): WrappedFunctions {
  let perFile = cache.get(file);
  if (!perFile) cache.set(file, (perFile = {}));
  const known = perFile[wrapper];
  if (known) return known;
  const found: WrappedFunctions = { functions: new Map(), names: new Set() };
  perFile[wrapper] = found;
  const { types, text, recognise } = WRAPPERS[wrapper];
  // A file that never writes a wrapper's words has none: the common case costs one text search.
  if (!text.test(file.text)) return found;
  for (const call of file.root.descendantsOfType(types)) {
    const args = call?.childForFieldName('arguments');
    // The callee's text is read from the file before anything is resolved.
    if (!call || !args || !text.test(`${file.text.slice(call.startIndex, args.startIndex)}(`)) continue;
    const label = recognise(file, call);
    if (!label) continue;
    for (const argument of argumentsOf(call)) {
      const operation = unwrap(argument);
      const targets = FUNCTION_TYPES.has(operation.type)
        ? operation.descendantsOfType('call_expression').map((inner) => (inner ? calleeOf(inner) : null))
        : [operation];
      for (const target of targets) if (target) noteTarget(file, target, { call, label }, found);
    }
  }
  return found;
}

/** Records the function `target` names: `send`, `this.send`, `this.send.bind(this)`, `client.getStock`. */
function noteTarget(file: SourceFile, target: SyntaxNode, runner: { call: SyntaxNode; label: string }, into: WrappedFunctions): void {
  let node = unwrap(target);
  if (node.type === 'call_expression') {
    const callee = calleeOf(node);
    const bound = callee?.type === 'member_expression' && callee.childForFieldName('property')?.text === 'bind' ? callee.childForFieldName('object') : null;
    if (!bound) return;
    node = unwrap(bound);
  }
  if (node.type === 'identifier') {
    into.names.add(node.text);
    const binding = file.resolver.resolve(node);
    const declared = binding?.kind === 'function' ? binding.identifier.parent : binding?.kind === 'variable' && !binding.destructured && binding.init ? unwrap(binding.init) : undefined;
    if (declared && FUNCTION_TYPES.has(declared.type)) into.functions.set(declared.id, runner);
  } else if (node.type === 'member_expression') {
    const name = node.childForFieldName('property')?.text;
    if (name === undefined) return;
    into.names.add(name);
    if (node.childForFieldName('object')?.type !== 'this') return;
    let body: SyntaxNode | null = node.parent;
    while (body && body.type !== 'class_body') body = body.parent;
    for (const member of body?.namedChildren ?? []) {
      if (member?.type === 'method_definition' && member.childForFieldName('name')?.text === name) into.functions.set(member.id, runner);
    }
  }
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
