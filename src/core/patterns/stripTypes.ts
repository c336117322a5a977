import { applyEdits } from '../fixes';
import type { SourceParser, SyntaxNode } from '../parse/parser';
import { indentationAt, lineEnding } from '../parse/syntax';
import type { TextEdit } from '../types';

/** A TypeScript construct that has no JavaScript form once its types are removed (an enum, a namespace). */
export class StripTypesError extends Error {}

/**
 * The JavaScript form of a TypeScript snippet, made by deleting its type syntax: annotations and
 * return types, type parameters and arguments, `as` / `satisfies` / `<T>x` / `x!`, optional `?`,
 * `private` / `readonly` / `override` / `abstract`, interfaces, type aliases, overload signatures,
 * `declare` and `import type`. Comments, line breaks and indentation stay as written; a declaration
 * that goes away takes its own lines (and its doc comment) with it. Constructor parameter
 * properties become `this.x = x;` assignments, as TypeScript emits them.
 *
 * The parser must have the TypeScript grammar loaded. Throws {@link StripTypesError} for code that
 * does not parse and for enums, namespaces, `import x = require()` and `export =`.
 */
export function stripTypes(code: string, parser: SourceParser): string {
  const tree = parser.parse('typescript', code);
  try {
    if (tree.rootNode.hasError) throw new StripTypesError('the TypeScript code does not parse');
    return applyEdits(code, typeRemovalEdits(tree.rootNode, code));
  } finally {
    tree.delete();
  }
}

/** Nodes that are all type and can be deleted wherever they appear. */
const TYPE_ONLY_NODES = new Set([
  'type_annotation',
  'asserts_annotation',
  'type_predicate_annotation',
  'type_parameters',
  'type_arguments',
  'opting_type_annotation',
  'omitting_type_annotation',
]);

/** Declarations that exist only for the type checker: removed with their lines. */
const TYPE_ONLY_DECLARATIONS = new Set(['interface_declaration', 'type_alias_declaration', 'ambient_declaration', 'function_signature']);

/** Class members with no runtime part. */
const TYPE_ONLY_MEMBERS = new Set(['method_signature', 'abstract_method_signature', 'index_signature']);

/** Keywords that only tell the type checker something, removed wherever they modify a member or parameter. */
const MODIFIER_NODES = new Set(['accessibility_modifier', 'override_modifier']);
const MODIFIER_KEYWORDS = new Set(['readonly', 'abstract']);

const UNSUPPORTED: Record<string, string> = {
  enum_declaration: 'an enum',
  internal_module: 'a namespace',
  module: 'a namespace',
};

function typeRemovalEdits(root: SyntaxNode, text: string): TextEdit[] {
  const edits: TextEdit[] = [];
  const remove = (start: number, end: number): void => {
    edits.push({ start, end, text: '' });
  };
  /** Removes a keyword or marker token and the spaces after it. */
  const removeToken = (token: SyntaxNode) => remove(token.startIndex, skipSpaces(text, token.endIndex));
  /** Removes a statement or member; `withDocs` takes the comment directly above it along (not a file header above an import). */
  const removeDeclaration = (node: SyntaxNode, withDocs = true) => {
    const [start, end] = declarationRange(node, text, withDocs);
    remove(start, end);
  };

  const visit = (node: SyntaxNode): void => {
    if (TYPE_ONLY_NODES.has(node.type)) return remove(node.startIndex, node.endIndex);
    if (TYPE_ONLY_DECLARATIONS.has(node.type) || TYPE_ONLY_MEMBERS.has(node.type)) return removeDeclaration(node);
    const unsupported = UNSUPPORTED[node.type];
    if (unsupported) throw new StripTypesError(`${unsupported} has no JavaScript form without a compiler`);

    switch (node.type) {
      case 'import_statement':
        if (node.namedChildren.some((c) => c?.type === 'import_require_clause')) throw new StripTypesError('`import x = require()` has no JavaScript form here');
        if (hasKeyword(node, 'type') || allTypeOnly(node, 'import_specifier', true)) return removeDeclaration(node, false);
        removeTypeOnlySpecifiers(node, 'import_specifier', text, remove);
        return;
      case 'export_statement': {
        if (hasKeyword(node, '=')) throw new StripTypesError('`export =` has no JavaScript form here');
        const declaration = node.namedChildren.find((c) => c !== null && c.type !== 'comment' && c.type !== 'decorator');
        if (declaration && TYPE_ONLY_DECLARATIONS.has(declaration.type)) return removeDeclaration(node);
        if (hasKeyword(node, 'type') || allTypeOnly(node, 'export_specifier', false)) return removeDeclaration(node, false);
        removeTypeOnlySpecifiers(node, 'export_specifier', text, remove);
        break;
      }
      case 'as_expression':
      case 'satisfies_expression':
      case 'non_null_expression': {
        // Only the expression is visited: the type after `as` goes as a whole.
        const expression = node.namedChildren[0];
        if (!expression) return;
        remove(expression.endIndex, node.endIndex);
        return visit(expression);
      }
      case 'type_assertion': {
        const expression = node.namedChildren[node.namedChildren.length - 1];
        if (!expression) return;
        remove(node.startIndex, expression.startIndex);
        return visit(expression);
      }
      case 'implements_clause':
        return remove(skipSpacesBack(text, node.startIndex), node.endIndex);
      case 'abstract_class_declaration':
        for (const child of node.children) if (child?.type === 'abstract') removeToken(child);
        break;
      case 'public_field_definition':
        // `declare x: T` and `abstract x: T` declare nothing at runtime.
        if (hasKeyword(node, 'declare') || hasKeyword(node, 'abstract')) return removeDeclaration(node);
        removeModifiers(node, removeToken, remove);
        break;
      case 'method_definition':
        removeModifiers(node, removeToken, remove);
        if (node.childForFieldName('name')?.text === 'constructor') assignParameterProperties(node, text, edits);
        break;
      case 'required_parameter':
      case 'optional_parameter':
        if (node.childForFieldName('pattern')?.type === 'this') return removeListItem(node, text, remove);
        removeModifiers(node, removeToken, remove);
        break;
      case 'variable_declarator':
        // `let x!: T`: the definite-assignment mark.
        for (const child of node.children) if (child?.type === '!') remove(child.startIndex, child.endIndex);
        break;
      default:
        break;
    }
    for (const child of node.namedChildren) if (child) visit(child);
  };

  visit(root);
  return edits;
}

function hasKeyword(node: SyntaxNode, keyword: string): boolean {
  return node.children.some((c) => c !== null && !c.isNamed && c.type === keyword);
}

/** Removes `private`, `readonly`, `override`, `abstract`, and the `?` / `!` marks of a member or parameter. */
function removeModifiers(node: SyntaxNode, removeToken: (token: SyntaxNode) => void, remove: (start: number, end: number) => void): void {
  for (const child of node.children) {
    if (!child) continue;
    if (MODIFIER_NODES.has(child.type) || (!child.isNamed && MODIFIER_KEYWORDS.has(child.type))) removeToken(child);
    else if (!child.isNamed && (child.type === '?' || child.type === '!')) remove(child.startIndex, child.endIndex);
  }
}

/** Whether every specifier of an import or export clause is `type`-only (and nothing else is bound). */
function allTypeOnly(statement: SyntaxNode, specifierType: string, isImport: boolean): boolean {
  const specifiers = statement.descendantsOfType(specifierType).filter((s): s is SyntaxNode => s !== null);
  if (specifiers.length === 0 || !specifiers.every((s) => hasKeyword(s, 'type'))) return false;
  if (!isImport) return true;
  const clause = statement.namedChildren.find((c) => c?.type === 'import_clause');
  // `import Default, { type T } from 'm'` still binds `Default`.
  return !clause?.namedChildren.some((c) => c?.type === 'identifier' || c?.type === 'namespace_import');
}

function removeTypeOnlySpecifiers(statement: SyntaxNode, specifierType: string, text: string, remove: (start: number, end: number) => void): void {
  for (const specifier of statement.descendantsOfType(specifierType)) {
    if (specifier && hasKeyword(specifier, 'type')) removeListItem(specifier, text, remove);
  }
}

/** Removes one element of a comma-separated list together with the comma that separates it. */
function removeListItem(node: SyntaxNode, text: string, remove: (start: number, end: number) => void): void {
  const next = node.nextSibling;
  if (next?.type === ',') return remove(node.startIndex, skipWhitespace(text, next.endIndex));
  const previous = node.previousSibling;
  if (previous?.type === ',') return remove(previous.startIndex, node.endIndex);
  remove(node.startIndex, node.endIndex);
}

/**
 * `constructor(private readonly x: T)` declares and assigns `this.x`; without the modifier the
 * assignment must be written out, after the `super(...)` call when there is one.
 */
function assignParameterProperties(constructor: SyntaxNode, text: string, edits: TextEdit[]): void {
  const names: string[] = [];
  for (const parameter of constructor.childForFieldName('parameters')?.namedChildren ?? []) {
    if (!parameter || (parameter.type !== 'required_parameter' && parameter.type !== 'optional_parameter')) continue;
    const isProperty = parameter.children.some((c) => c !== null && (MODIFIER_NODES.has(c.type) || (!c.isNamed && c.type === 'readonly')));
    const name = parameter.childForFieldName('pattern');
    if (isProperty && name?.type === 'identifier') names.push(name.text);
  }
  const body = constructor.childForFieldName('body');
  if (names.length === 0 || !body) return;
  const assignments = names.map((name) => `this.${name} = ${name};`);
  const eol = lineEnding(text);
  const inner = body.namedChildren.filter((c): c is SyntaxNode => c !== null);
  const indent = indentationAt(text, constructor.startIndex);
  if (inner.length === 0) {
    const unit = indentUnit(text, constructor);
    edits.push({ start: body.startIndex, end: body.endIndex, text: `{${assignments.map((a) => `${eol}${indent}${unit}${a}`).join('')}${eol}${indent}}` });
    return;
  }
  const superCall = inner.find((s) => s.type === 'expression_statement' && s.namedChildren[0]?.type === 'call_expression' && s.namedChildren[0].childForFieldName('function')?.type === 'super');
  const anchor = superCall?.endIndex ?? body.startIndex + 1;
  const following = inner.find((s) => s.startIndex >= anchor);
  const multiLine = text.slice(body.startIndex, body.endIndex).includes('\n');
  const lineIndent = following && following.startIndex > 0 && text.lastIndexOf('\n', following.startIndex) > body.startIndex ? indentationAt(text, following.startIndex) : `${indent}${indentUnit(text, constructor)}`;
  const joined = multiLine ? assignments.map((a) => `${eol}${lineIndent}${a}`).join('') : assignments.map((a) => ` ${a}`).join('');
  edits.push({ start: anchor, end: anchor, text: joined });
}

/** One level of indentation, as the snippet uses it around `member` (two spaces when it cannot tell). */
function indentUnit(text: string, member: SyntaxNode): string {
  const own = indentationAt(text, member.startIndex);
  const classLine = member.parent ? indentationAt(text, member.parent.startIndex) : '';
  return own.length > classLine.length && own.startsWith(classLine) ? own.slice(classLine.length) : '  ';
}

/**
 * The range that removing a whole declaration should delete: the node, a `;` that follows it as a
 * separate token, the doc comment directly above it, and its lines when it has them to itself,
 * folding the blank lines around it into one.
 */
function declarationRange(node: SyntaxNode, text: string, withDocs: boolean): [number, number] {
  let start = node.startIndex;
  let end = node.endIndex;
  if (node.nextSibling?.type === ';') end = node.nextSibling.endIndex;
  // A comment on the same line after it (`type Cents = number; // integer`) is about it too.
  const trailing = node.nextSibling?.type === ';' ? node.nextSibling.nextSibling : node.nextSibling;
  if (trailing?.type === 'comment' && !text.slice(end, trailing.startIndex).includes('\n') && endsLine(text, trailing.endIndex)) end = trailing.endIndex;
  for (let comment = withDocs ? node.previousSibling : null; comment?.type === 'comment' && !hasBlankLine(text, comment.endIndex, start); comment = comment.previousSibling) {
    if (!startsLine(text, comment.startIndex)) break;
    start = comment.startIndex;
  }
  return wholeLines(text, start, end);
}

/** Extends `[start, end)` to whole lines when nothing else shares them; merges the blank lines on both sides. */
export function wholeLines(text: string, start: number, end: number): [number, number] {
  const lineStart = skipSpacesBack(text, start);
  if (lineStart > 0 && text[lineStart - 1] !== '\n') return [start, end];
  let lineEnd = skipSpaces(text, end);
  if (lineEnd < text.length && text[lineEnd] !== '\n' && text[lineEnd] !== '\r') return [start, end];
  lineEnd = afterNewline(text, lineEnd);
  const blankBefore = lineStart === 0 || isBlankLineBefore(text, lineStart);
  if (blankBefore) {
    const next = blankLineEnd(text, lineEnd);
    if (next !== undefined) lineEnd = next;
    // Removing the last lines of the text: the blank line before them would end it.
    else if (lineEnd === text.length && lineStart > 0) return [text.lastIndexOf('\n', lineStart - 2) + 1, lineEnd];
  }
  return [lineStart, lineEnd];
}

function skipSpaces(text: string, index: number): number {
  let i = index;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
  return i;
}

function skipSpacesBack(text: string, index: number): number {
  let i = index;
  while (i > 0 && (text[i - 1] === ' ' || text[i - 1] === '\t')) i--;
  return i;
}

function skipWhitespace(text: string, index: number): number {
  let i = index;
  while (i < text.length && /\s/.test(text[i])) i++;
  return i;
}

function afterNewline(text: string, index: number): number {
  if (text[index] === '\r' && text[index + 1] === '\n') return index + 2;
  if (text[index] === '\n') return index + 1;
  return index;
}

function startsLine(text: string, index: number): boolean {
  const before = skipSpacesBack(text, index);
  return before === 0 || text[before - 1] === '\n';
}

function endsLine(text: string, index: number): boolean {
  const after = skipSpaces(text, index);
  return after === text.length || text[after] === '\n' || text[after] === '\r';
}

/** Whether the line that ends just before `lineStart` holds only whitespace. */
function isBlankLineBefore(text: string, lineStart: number): boolean {
  const previousStart = text.lastIndexOf('\n', lineStart - 2) + 1;
  return text.slice(previousStart, lineStart).trim() === '';
}

/** The end (after its newline) of the line starting at `index` if that line is blank; otherwise undefined. */
function blankLineEnd(text: string, index: number): number | undefined {
  if (index >= text.length) return undefined;
  const end = skipSpaces(text, index);
  if (text[end] !== '\n' && text[end] !== '\r') return undefined;
  return afterNewline(text, end);
}

function hasBlankLine(text: string, from: number, to: number): boolean {
  return /\n[ \t]*\r?\n/.test(text.slice(from, to));
}
