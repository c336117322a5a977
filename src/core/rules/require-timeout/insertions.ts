import type { SyntaxNode } from '../../parse/parser';
import { argumentsOf, findProperty, indentationAt } from '../../parse/syntax';
import type { TextEdit } from '../../types';

/**
 * Edits that add properties to an object literal or arguments to a call in the style the code
 * already uses: one line stays one line, a multi-line list gets new lines at the same indentation,
 * and a trailing comma stays where the author wanted one.
 */

/** Sets each `[key, valueText]` on an object literal: replaces the value of a key already there, adds the rest. */
export function setProperties(text: string, object: SyntaxNode, properties: ReadonlyArray<readonly [string, string]>): TextEdit[] {
  const edits: TextEdit[] = [];
  const missing: string[] = [];
  for (const [key, value] of properties) {
    const existing = findProperty(object, key);
    if (!existing) missing.push(`${key}: ${value}`);
    else if (existing.node.type === 'pair') edits.push({ start: existing.value.startIndex, end: existing.value.endIndex, text: value });
    else edits.push({ start: existing.node.startIndex, end: existing.node.endIndex, text: `${key}: ${value}` });
  }
  return missing.length > 0 ? [...edits, ...appendItems(text, object, missing)] : edits;
}

/** Puts `argumentText` at argument position `index`, before the argument now there or after the last one (padding with `undefined`). */
export function insertArgument(text: string, call: SyntaxNode, index: number, argumentText: string): TextEdit[] {
  const args = argumentsOf(call);
  const list = call.childForFieldName('arguments');
  if (!list) return [];
  const before = args[index];
  if (before) return [{ start: before.startIndex, end: before.startIndex, text: `${argumentText}, ` }];
  const padding = new Array<string>(index - args.length).fill('undefined');
  return appendItems(text, list, [...padding, argumentText]);
}

/** Adds `items` at the end of a bracketed list (`{...}` or `(...)`), in its layout. */
export function appendItems(text: string, list: SyntaxNode, items: readonly string[]): TextEdit[] {
  const open = list.firstChild;
  const close = list.lastChild;
  if (!open || !close) return [];
  const members = list.namedChildren.filter((c): c is SyntaxNode => c !== null && c.type !== 'comment');
  const last = members[members.length - 1];
  if (!last) {
    const inner = list.type === 'object' ? ` ${items.join(', ')} ` : items.join(', ');
    return [{ start: open.endIndex, end: close.startIndex, text: inner }];
  }
  if (!text.slice(last.endIndex, close.startIndex).includes('\n')) {
    return [{ start: last.endIndex, end: last.endIndex, text: `, ${items.join(', ')}` }];
  }
  // Multi-line: new lines just above the closing bracket, indented like the last item.
  const indent = indentationAt(text, last.startIndex);
  const trailingComma = list.children.some((c) => c?.type === ',' && c.startIndex >= last.endIndex);
  const closingLineStart = text.lastIndexOf('\n', close.startIndex - 1) + 1;
  const lines = items.map((item) => indent + item).join(',\n') + (trailingComma ? ',' : '') + '\n';
  const edits: TextEdit[] = [{ start: closingLineStart, end: closingLineStart, text: lines }];
  if (!trailingComma) edits.unshift({ start: last.endIndex, end: last.endIndex, text: ',' });
  return edits;
}
