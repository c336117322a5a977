import type { Binding, BindingResolver } from '../../parse/bindings';
import type { SyntaxNode } from '../../parse/parser';
import { argumentsOf, closestAncestor, dottedName, indentationAt } from '../../parse/syntax';
import type { LibraryRetryCall, RetryLibrary } from '../../knowledge/retryLibraries';
import type { TextEdit } from '../../types';

/** Text edits that keep the file's formatting: one-line lists stay on one line, others get a new line. */

/**
 * Appends `entry` to a brace list (object literal, named imports, object pattern). A one-line list
 * gets `, entry`; a multi-line list gets a new line indented like its last item, keeping a trailing
 * comma if the list uses one.
 */
export function appendToList(text: string, list: SyntaxNode, entry: string): TextEdit {
  const items = list.namedChildren.filter((c): c is SyntaxNode => c !== null && c.type !== 'comment');
  const last = items[items.length - 1];
  if (!last) return { start: list.startIndex + 1, end: list.endIndex - 1, text: ` ${entry} ` };
  if (list.startPosition.row === list.endPosition.row) return { start: last.endIndex, end: last.endIndex, text: `, ${entry}` };
  const indent = indentationAt(text, last.startIndex);
  let next = last.nextSibling;
  while (next?.type === 'comment') next = next.nextSibling;
  if (next?.type === ',') return { start: next.endIndex, end: next.endIndex, text: `\n${indent}${entry},` };
  return { start: last.endIndex, end: last.endIndex, text: `,\n${indent}${entry}` };
}

/** Sets an option of a library retry: a new property in its options object, or a new options argument. */
export function addOption(text: string, retry: LibraryRetryCall, entry: string): TextEdit | undefined {
  if (retry.options) return retry.options.type === 'object' ? appendToList(text, retry.options, entry) : undefined;
  const previous = argumentsOf(retry.call)[retry.optionsIndex - 1];
  return previous ? { start: previous.endIndex, end: previous.endIndex, text: `, { ${entry} }` } : undefined;
}

export function replace(node: SyntaxNode, replacement: string): TextEdit {
  return { start: node.startIndex, end: node.endIndex, text: replacement };
}

/**
 * How to name `name` exported by `module` at the call `retry`, with the edit that imports it when
 * needed: the name already in scope, `ns.name` after a namespace import, or a new specifier in the
 * import (or `require` destructuring) that brought in the callee. Undefined when no safe way exists.
 */
export function exportReference(
  text: string,
  retry: LibraryRetryCall,
  module: RetryLibrary,
  name: string,
  resolver: BindingResolver,
): { reference: string; edits: TextEdit[] } | undefined {
  const existing = resolver.lookup(name, retry.call);
  if (existing) return bindsExport(existing, module, name, resolver) ? { reference: name, edits: [] } : undefined;
  const { callee } = retry;
  if (callee.type === 'member_expression') {
    const object = callee.childForFieldName('object');
    const path = object && dottedName(object);
    const value = object && resolver.valueOf(object);
    const isNamespace = value?.kind === 'module' && value.module === module && value.path.length === 0;
    return path && isNamespace ? { reference: `${path.join('.')}.${name}`, edits: [] } : undefined;
  }
  const binding = resolver.resolve(callee);
  if (!binding) return undefined;
  const list =
    binding.kind === 'import'
      ? closestAncestor(binding.identifier, new Set(['named_imports']))
      : binding.kind === 'variable' && binding.destructured?.length === 1
        ? closestAncestor(binding.identifier, new Set(['object_pattern']))
        : null;
  return list ? { reference: name, edits: [appendToList(text, list, name)] } : undefined;
}

/**
 * Removes the import (or `require` destructuring) specifier of `identifier`'s binding when `identifier`
 * is its only use, so that replacing that use leaves no unused import behind. Keeps a list's last
 * remaining item: `import {} from` helps nobody.
 */
export function removeIfLastUse(root: SyntaxNode, identifier: SyntaxNode, resolver: BindingResolver): TextEdit | undefined {
  const binding = resolver.resolve(identifier);
  if (!binding || (binding.kind !== 'import' && binding.kind !== 'variable')) return undefined;
  const uses = root.descendantsOfType(['identifier', 'shorthand_property_identifier', 'shorthand_property_identifier_pattern', 'type_identifier']);
  if (uses.filter((n) => n?.text === binding.name).length !== 2) return undefined;
  const item = binding.identifier.type === 'shorthand_property_identifier_pattern' ? binding.identifier : binding.identifier.parent;
  const list = item?.parent;
  if (!item || !list || (list.type !== 'named_imports' && list.type !== 'object_pattern')) return undefined;
  const items = list.namedChildren.filter((c): c is SyntaxNode => c !== null && c.type !== 'comment');
  const index = items.findIndex((c) => c.id === item.id);
  if (index < 0 || items.length < 2) return undefined;
  // Take the item with the separator after it, or, for the last item, the separator before it.
  return index < items.length - 1
    ? { start: item.startIndex, end: items[index + 1].startIndex, text: '' }
    : { start: items[index - 1].endIndex, end: item.endIndex, text: '' };
}

function bindsExport(binding: Binding, module: RetryLibrary, name: string, resolver: BindingResolver): boolean {
  if (binding.kind === 'import') return binding.module === module && binding.imported === name;
  if (binding.kind !== 'variable' || !binding.init || binding.destructured?.join('.') !== name) return false;
  const source = resolver.valueOf(binding.init);
  return source.kind === 'module' && source.module === module && source.path.length === 0;
}
