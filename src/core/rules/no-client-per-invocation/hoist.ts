import type { Handler } from '../../knowledge/requestHandlers';
import type { SyntaxNode } from '../../parse/parser';
import { indentationAt, lineEnding } from '../../parse/syntax';
import { afterPrologue } from '../../patterns/helperInsertion';
import { wholeLines } from '../../patterns/stripTypes';
import type { SourceFile } from '../../sourceFile';
import type { Fix, TextEdit } from '../../types';

/** Node types whose presence in an initialiser ties it to the call: it cannot run at module load. */
const CALL_BOUND: readonly string[] = ['this', 'await_expression', 'yield_expression', 'super'];

/**
 * The hoisting fix: `const s3 = new S3Client({...});` written directly in a handler's body moves to
 * module scope, when its initialiser uses only literals, globals (`process.env`) and module-scope names.
 * It goes after the imports, or just before the handler's statement when it reads a module constant
 * declared later than the imports.
 */
export class HoistFixes {
  /** Declarations hoisted so far in this file, by name: two handlers hoisting one name must agree on the text. */
  private readonly hoisted = new Map<string, string>();

  constructor(private readonly file: SourceFile) {}

  fixFor(root: SyntaxNode, handler: Handler): Fix | undefined {
    const { file } = this;
    const declarator = root.parent;
    const declaration = declarator?.parent;
    if (declarator?.type !== 'variable_declarator' || declaration?.type !== 'lexical_declaration') return undefined;
    if (declaration.childForFieldName('kind')?.text !== 'const' || declaration.namedChildren.filter((c) => c?.type === 'variable_declarator').length !== 1) return undefined;
    if (declaration.parent?.id !== handler.fn.childForFieldName('body')?.id) return undefined;
    const name = declarator.childForFieldName('name');
    if (name?.type !== 'identifier' || root.descendantsOfType([...CALL_BOUND]).length > 0) return undefined;
    // After the move, the handler's uses of the name must reach the hoisted one, not an outer namesake.
    if (handler.fn.parent && file.resolver.lookup(name.text, handler.fn.parent)) return undefined;

    const handlerStatement = topLevelStatement(handler.fn);
    let at = afterPrologue(file);
    for (const used of root.descendantsOfType(['identifier', 'shorthand_property_identifier'])) {
      if (!used) continue;
      if (used.text === 'arguments') return undefined;
      const binding = file.resolver.lookup(used.text, used);
      if (!binding || (binding.scope.startIndex >= root.startIndex && binding.scope.endIndex <= root.endIndex)) continue;
      if (binding.scope.type !== 'program') return undefined;
      if (binding.kind === 'import' || binding.kind === 'function') continue;
      // A module constant declared after the imports: the client can only be created once it exists.
      if (binding.identifier.startIndex > at) {
        if (binding.identifier.startIndex > handlerStatement.startIndex) return undefined;
        at = endOfStatementBefore(handlerStatement);
      }
    }

    const code = dedent(file.text, declaration);
    const earlier = this.hoisted.get(name.text);
    if (earlier !== undefined && earlier !== code) return undefined;
    this.hoisted.set(name.text, code);
    const [start, end] = wholeLines(file.text, declaration.startIndex, declaration.endIndex);
    return {
      title: `Move ${name.text} to module scope (created once per ${handler.kind === 'express' || handler.kind === 'fastify' ? 'process' : 'execution environment'})`,
      edits: [...insertionEdits(file.text, at, code), { start, end, text: '' }],
      safe: false,
      preferred: true,
    };
  }
}

/**
 * Inserts top-level `code` at `offset` (the end of a statement, or 0) with a blank line around it.
 * The blank line after it is a separate edit at the next statement, identical for every hoist to the
 * same place: two hoists then stack as `A`, blank, `B`, blank, instead of doubling the blank lines.
 */
function insertionEdits(text: string, offset: number, code: string): TextEdit[] {
  const eol = lineEnding(text);
  const body = code.replace(/\r?\n/g, eol);
  if (offset === 0) return [{ start: 0, end: 0, text: body + eol + eol }];
  let rest = offset;
  while (rest < text.length && /\s/.test(text[rest])) rest++;
  const breaks = text.slice(offset, rest).split('\n').length - 1;
  const missing = Math.max(0, (rest === text.length ? 1 : 2) - breaks);
  const edits: TextEdit[] = [{ start: offset, end: offset, text: eol + eol + body }];
  if (missing > 0) edits.push({ start: rest, end: rest, text: eol.repeat(missing) });
  return edits;
}

/** The statement of the program that holds `node`. */
function topLevelStatement(node: SyntaxNode): SyntaxNode {
  let current = node;
  while (current.parent && current.parent.type !== 'program') current = current.parent;
  return current;
}

/** The end of the statement before `statement`, skipping the comments that document `statement`; 0 at the top. */
function endOfStatementBefore(statement: SyntaxNode): number {
  let previous = statement.previousNamedSibling;
  while (previous?.type === 'comment') previous = previous.previousNamedSibling;
  return previous?.endIndex ?? 0;
}

/** The declaration's text with the indentation of its first line removed from every line. */
function dedent(text: string, declaration: SyntaxNode): string {
  const indent = indentationAt(text, declaration.startIndex);
  return declaration.text
    .split('\n')
    .map((line, i) => (i > 0 && line.startsWith(indent) ? line.slice(indent.length) : line))
    .join('\n');
}
