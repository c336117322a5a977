import type { SyntaxNode } from './parser';
import { NodeCache } from './syntaxTree';

/** Small, grammar-aware readers over tree-sitter nodes shared by rules. */

const TRANSPARENT_WRAPPERS = new Set([
  'parenthesized_expression',
  'as_expression',
  'satisfies_expression',
  'non_null_expression',
  'type_assertion',
]);

/** Strips parentheses and TypeScript-only wrappers (`x as T`, `x!`, `<T>x`). */
export function unwrap(node: SyntaxNode): SyntaxNode {
  let current = node;
  while (TRANSPARENT_WRAPPERS.has(current.type)) {
    const inner = current.namedChildren.find((c) => c !== null && !c.type.startsWith('type') && c.type !== 'comment');
    if (!inner) break;
    current = inner;
  }
  return current;
}

/**
 * The callee of a call. tree-sitter-typescript parses `await f<T>(x)` with the `await` inside the
 * callee (upstream issue #282), so an awaited callee is unwrapped here, once for every rule.
 */
export function calleeOf(call: SyntaxNode): SyntaxNode | null {
  const cached = callees.get(call);
  if (cached !== undefined) return cached;
  const callee = findCallee(call);
  callees.set(call, callee);
  return callee;
}

/**
 * Per node object: the engine hands the same node objects to every rule, and each read of a
 * child is a call into tree-sitter, so rules that look at the same call share the answer.
 */
const callees = new NodeCache<SyntaxNode | null>();
const argumentLists = new NodeCache<readonly SyntaxNode[]>();

function findCallee(call: SyntaxNode): SyntaxNode | null {
  let callee = call.childForFieldName('function') ?? call.childForFieldName('constructor');
  if (callee?.type === 'await_expression') callee = callee.namedChildren[0] ?? null;
  return callee ? unwrap(callee) : null;
}

/** True when the call is awaited, including the generic-call shape of issue #282. */
export function isAwaited(call: SyntaxNode): boolean {
  return call.parent?.type === 'await_expression' || call.childForFieldName('function')?.type === 'await_expression';
}

/** Argument expressions of a call or `new` expression, without comments. */
export function argumentsOf(call: SyntaxNode): readonly SyntaxNode[] {
  let list = argumentLists.get(call);
  if (!list) {
    const args = call.childForFieldName('arguments');
    list = !args || args.type !== 'arguments' ? [] : args.namedChildren.filter((c): c is SyntaxNode => c !== null && c.type !== 'comment');
    argumentLists.set(call, list);
  }
  // Shared by every rule that reads the call: read-only.
  return list;
}

/** The name of a property key node: `a`, `'a'`, `"a"`; undefined for computed keys. */
export function propertyKeyName(key: SyntaxNode): string | undefined {
  switch (key.type) {
    case 'property_identifier':
    case 'identifier':
    case 'shorthand_property_identifier':
    case 'shorthand_property_identifier_pattern':
      return key.text;
    case 'string':
      return stringValue(key);
    default:
      return undefined;
  }
}

export interface ObjectProperty {
  /** The `pair`, shorthand or method node. */
  node: SyntaxNode;
  /** The value expression; for a shorthand `{ signal }` it is the identifier itself. */
  value: SyntaxNode;
}

/** A property of an object literal by name, or undefined. */
export function findProperty(object: SyntaxNode, name: string): ObjectProperty | undefined {
  for (const child of object.namedChildren) {
    if (!child) continue;
    if (child.type === 'pair') {
      const key = child.childForFieldName('key');
      const value = child.childForFieldName('value');
      if (key && value && propertyKeyName(key) === name) return { node: child, value };
    } else if (child.type === 'shorthand_property_identifier' && child.text === name) {
      return { node: child, value: child };
    } else if (child.type === 'method_definition' && child.childForFieldName('name')?.text === name) {
      return { node: child, value: child };
    }
  }
  return undefined;
}

/** True when an object literal spreads another object in (`{ ...defaults }`): its keys are unknown. */
export function hasSpread(object: SyntaxNode): boolean {
  return object.namedChildren.some((c) => c?.type === 'spread_element');
}

/** The value of a string literal or a template literal without substitutions. */
export function stringValue(node: SyntaxNode): string | undefined {
  const n = unwrap(node);
  if (n.type === 'string') return n.text.slice(1, -1);
  if (n.type === 'template_string' && !n.namedChildren.some((c) => c?.type === 'template_substitution')) {
    return n.text.slice(1, -1);
  }
  return undefined;
}

/** The number a numeric literal denotes (underscores allowed), or undefined. */
export function numberValue(node: SyntaxNode): number | undefined {
  const n = unwrap(node);
  if (n.type !== 'number') return undefined;
  const value = Number(n.text.replace(/_/g, ''));
  return Number.isFinite(value) ? value : undefined;
}

/** `a.b.c` as ['a', 'b', 'c'] when the expression is a plain dotted name; otherwise undefined. */
export function dottedName(node: SyntaxNode): string[] | undefined {
  const n = unwrap(node);
  if (n.type === 'identifier' || n.type === 'this') return [n.text];
  if (n.type === 'member_expression') {
    const object = n.childForFieldName('object');
    const property = n.childForFieldName('property');
    if (!object || !property) return undefined;
    const head = dottedName(object);
    return head ? [...head, property.text] : undefined;
  }
  return undefined;
}

/** The nearest ancestor (not the node itself) whose type is one of `types`. */
export function closestAncestor(node: SyntaxNode, types: ReadonlySet<string>): SyntaxNode | null {
  for (let p = node.parent; p; p = p.parent) if (types.has(p.type)) return p;
  return null;
}

export const FUNCTION_TYPES: ReadonlySet<string> = new Set([
  'function_declaration',
  'function_expression',
  'arrow_function',
  'method_definition',
  'generator_function_declaration',
  'generator_function',
]);

export const LOOP_TYPES: ReadonlySet<string> = new Set([
  'for_statement',
  'for_in_statement',
  'while_statement',
  'do_statement',
]);

/** Every descendant of `node` (including itself) of one of `types`, in source order. */
export function descendantsOfTypes(node: SyntaxNode, types: readonly string[]): SyntaxNode[] {
  return node.descendantsOfType(types as string[]).filter((n): n is SyntaxNode => n !== null);
}

/** Leading whitespace of the line that holds `offset`. */
export function indentationAt(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const match = /^[ \t]*/.exec(text.slice(lineStart, offset));
  return match ? match[0] : '';
}

/** The file's line ending, judged by its first line: constant time, so fixes can ask per finding. */
export function lineEnding(text: string): '\r\n' | '\n' {
  const newline = text.indexOf('\n');
  return newline > 0 && text[newline - 1] === '\r' ? '\r\n' : '\n';
}
