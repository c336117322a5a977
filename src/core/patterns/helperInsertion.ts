import { isTypeScriptFamily } from '../parse/languages';
import type { SyntaxNode } from '../parse/parser';
import { calleeOf, unwrap, lineEnding } from '../parse/syntax';
import type { SourceFile } from '../sourceFile';
import type { TextEdit } from '../types';
import { topLevelNames, type PatternCode, type PatternInfo } from './catalog';

/** Names `file` declares at module scope: imports, variables, functions, classes, and in TypeScript types. */
export function moduleScopeNames(file: SourceFile): Set<string> {
  return new Set(topLevelNames(file.root, isTypeScriptFamily(file.language), file.resolver));
}

/** The top-level statement that declares `name` at module scope, if the file declares it there. */
export function moduleDeclaration(file: SourceFile, name: string): SyntaxNode | undefined {
  const binding = file.resolver.moduleDeclaration(name, file.root);
  let node: SyntaxNode | null | undefined = binding?.identifier;
  while (node && node.parent && node.parent.type !== 'program') node = node.parent;
  return node ?? undefined;
}

export type HelperEdits = { edits: TextEdit[]; inserted: boolean } | { error: string };

/**
 * The edits that give `file` a pattern's helper. None when the file already declares the helper's
 * entry point at module scope (inserted by an earlier Apply Pattern, or imported from a shared
 * module), so applying a pattern again never duplicates it. Otherwise the helper goes after the
 * file's prologue (see {@link afterPrologue}), followed by `then` (module-scope code that needs the
 * helper, such as a breaker instance), with one blank line around each. An error when the file
 * already uses one of the helper's other names for something else.
 */
export function helperEdits(file: SourceFile, pattern: PatternInfo, helper: Pick<PatternCode, 'code' | 'declares'>, then?: string): HelperEdits {
  const code = helperToInsert(moduleScopeNames(file), pattern, helper);
  if (code === undefined) return { edits: [], inserted: false };
  if (typeof code !== 'string') return code;
  const inserted = then ? `${code.trimEnd()}\n\n${then}` : code;
  return { edits: [insertTopLevel(file.text, afterPrologue(file), inserted)], inserted: true };
}

/**
 * A helper is all or nothing: its code when the file declares none of its names; undefined when the
 * file declares its entry point; an error naming the helper's names the file uses for something else.
 */
export function helperToInsert(
  declared: ReadonlySet<string>,
  pattern: { label: string; entry: string },
  helper: Pick<PatternCode, 'code' | 'declares'>,
): string | undefined | { error: string } {
  if (declared.has(pattern.entry)) return undefined;
  const taken = helper.declares.filter((name) => declared.has(name));
  if (taken.length === 0) return helper.code;
  const list = taken.map((n) => `\`${n}\``).join(', ');
  return { error: `This file already declares ${list}, which the ${pattern.label.toLowerCase()} helper declares too. Rename yours, or import \`${pattern.entry}\` from a shared module.` };
}

/**
 * Where module-level code goes: after the shebang, directives (`'use strict'`), imports, `require`
 * declarations, re-exports and the leading comment block (a licence header), or at the start of the
 * file. A comment directly above the first other statement documents that statement and stays with it.
 */
export function afterPrologue(file: SourceFile): number {
  const { text } = file;
  let end = 0;
  let comments: SyntaxNode[] = [];
  let first: SyntaxNode | undefined;
  for (const child of file.root.namedChildren) {
    if (!child) continue;
    if (child.type === 'comment') comments.push(child);
    else if (isPrologue(child)) {
      end = child.endIndex;
      comments = [];
    } else {
      first = child;
      break;
    }
  }
  // Comments before the first statement belong to the prologue unless they are attached to it.
  let attached = comments.length;
  if (first) {
    let next: SyntaxNode = first;
    while (attached > 0 && !hasBlankLine(text, comments[attached - 1].endIndex, next.startIndex)) {
      next = comments[--attached];
    }
  }
  if (attached > 0) end = Math.max(end, comments[attached - 1].endIndex);
  // A comment that ends the last prologue statement's line (`import x from 'x'; // why`) stays on it.
  for (const comment of comments) {
    if (end > 0 && comment.startIndex >= end && !text.slice(end, comment.startIndex).includes('\n')) end = comment.endIndex;
  }
  return end;
}

/** The end of a top-level statement, after a comment that shares its last line (`const b = x; // why`). */
export function statementLineEnd(file: SourceFile, statement: SyntaxNode): number {
  const next = statement.nextSibling;
  if (next?.type === 'comment' && !file.text.slice(statement.endIndex, next.startIndex).includes('\n')) return next.endIndex;
  return statement.endIndex;
}

function isPrologue(statement: SyntaxNode): boolean {
  switch (statement.type) {
    case 'hash_bang_line':
    case 'import_statement':
      return true;
    case 'export_statement':
      return statement.childForFieldName('source') !== null;
    case 'expression_statement': {
      const expression = statement.namedChildren[0];
      return expression?.type === 'string' || (expression !== null && expression !== undefined && isRequire(expression));
    }
    case 'lexical_declaration':
    case 'variable_declaration': {
      const declarators = statement.namedChildren.filter((c): c is SyntaxNode => c?.type === 'variable_declarator');
      return declarators.length > 0 && declarators.every((d) => {
        const value = d.childForFieldName('value');
        return value !== null && isRequire(value);
      });
    }
    default:
      return false;
  }
}

/** `require('x')`, `require('x').y`, `require('x')(options)`. */
function isRequire(expression: SyntaxNode): boolean {
  const node = unwrap(expression);
  if (node.type === 'member_expression') {
    const object = node.childForFieldName('object');
    return object !== null && isRequire(object);
  }
  if (node.type !== 'call_expression') return false;
  const callee = calleeOf(node);
  if (!callee) return false;
  return (callee.type === 'identifier' && callee.text === 'require') || isRequire(callee);
}

/**
 * Inserts top-level `code` (written with `\n` line ends) at `offset`, the end of a statement or 0,
 * with `gapBefore` line breaks before it (2: a blank line) and a blank line between it and whatever
 * follows (`gapAfter` 1: a line break is enough, as between two imports). Line ends follow the file's.
 */
export function insertTopLevel(text: string, offset: number, code: string, gapBefore: 1 | 2 = 2, gapAfter: 1 | 2 = gapBefore): TextEdit {
  const eol = lineEnding(text);
  let rest = offset;
  while (rest < text.length && /\s/.test(text[rest])) rest++;
  const breaksAfter = countNewlines(text.slice(offset, rest));
  const atEnd = rest === text.length;
  const wanted = atEnd ? 1 : gapAfter === 1 && offset > 0 ? 1 : 2;
  const before = offset === 0 ? '' : eol.repeat(gapBefore);
  const after = eol.repeat(Math.max(0, wanted - breaksAfter));
  const body = code.trimEnd().replace(/\r?\n/g, eol);
  return { start: offset, end: offset, text: before + body + after };
}

function countNewlines(text: string): number {
  let count = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) count++;
  return count;
}

function hasBlankLine(text: string, from: number, to: number): boolean {
  return /\n[ \t]*\r?\n/.test(text.slice(from, to));
}
