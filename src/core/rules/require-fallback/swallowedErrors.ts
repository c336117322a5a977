import { recognizeHttpCall, type HttpCall } from '../../knowledge/httpCalls';
import type { SyntaxNode } from '../../parse/parser';
import { argumentsOf, FUNCTION_TYPES, indentationAt, LOOP_TYPES, unwrap, lineEnding } from '../../parse/syntax';
import type { SourceFile } from '../../sourceFile';
import type { Fix, TextEdit } from '../../types';

/**
 * Handlers that swallow the failure of an HTTP request: a `catch` block, or a `.catch()` callback,
 * with nothing in it but comments. And the edits that make them say so.
 */

const FUNCTIONS_AND_LOOPS: ReadonlySet<string> = new Set([...FUNCTION_TYPES, ...LOOP_TYPES]);

/** True when a block holds nothing but comments. */
export function isEmptyBlock(block: SyntaxNode): boolean {
  return block.namedChildren.every((child) => child?.type === 'comment');
}

/**
 * The first HTTP request the `try` block runs (callbacks it passes along included, functions it
 * only declares not), when the `try` is not inside a loop: there, an empty `catch` means "go round
 * again" (a retry, the next mirror, the next item), not "carry on without it".
 */
export function swallowedRequest(file: SourceFile, attempt: SyntaxNode): HttpCall | undefined {
  const scope = closestOf(attempt, FUNCTIONS_AND_LOOPS);
  if (scope && LOOP_TYPES.has(scope.type)) return undefined;
  const block = attempt.childForFieldName('body');
  for (const call of block?.descendantsOfType('call_expression') ?? []) {
    if (!call || !runsIn(call, block!)) continue;
    const http = recognizeHttpCall(file, call);
    if (http) return http;
  }
  return undefined;
}

/** The call runs when the block runs: no function between them, except callbacks handed to a call. */
function runsIn(node: SyntaxNode, block: SyntaxNode): boolean {
  for (let p = node.parent; p && p.id !== block.id; p = p.parent) {
    if (FUNCTION_TYPES.has(p.type) && p.parent?.type !== 'arguments') return false;
  }
  return true;
}

function closestOf(node: SyntaxNode, types: ReadonlySet<string>): SyntaxNode | undefined {
  for (let p = node.parent; p; p = p.parent) if (types.has(p.type)) return p;
  return undefined;
}

/** The empty `.catch(() => {})` chained on the request, if any. */
export function swallowingCatchCallback(http: HttpCall): SyntaxNode | undefined {
  let current = http.call;
  for (;;) {
    // Read the text before asking the tree: a chained call can only follow a `.` (or `?.`).
    if (!mayBeChained(current.tree.source, current.endIndex)) return undefined;
    const member = current.parent;
    const next = member?.parent;
    if (member?.type !== 'member_expression' || next?.type !== 'call_expression' || next.childForFieldName('function')?.id !== member.id) return undefined;
    if (member.childForFieldName('property')?.text === 'catch') {
      const handler = argumentsOf(next)[0];
      const fn = handler && unwrap(handler);
      const body = fn && FUNCTION_TYPES.has(fn.type) ? fn.childForFieldName('body') : null;
      return body?.type === 'statement_block' && isEmptyBlock(body) ? fn : undefined;
    }
    current = next;
  }
}

/** Whether the text after `end` (past white space) may continue the expression with a member: `.`, `?.`, or a comment. */
function mayBeChained(text: string, end: number): boolean {
  let at = end;
  while (at < text.length && (text[at] === ' ' || text[at] === '\n' || text[at] === '\t' || text[at] === '\r')) at++;
  return text[at] === '.' || text[at] === '?' || text[at] === '/';
}

/**
 * Fixes for a swallowing handler (a `catch_clause`, or the function given to `.catch()`).
 *
 * Preferred: log the error and carry on. The author chose to go on without the result; what the
 * section forbids is doing it silently ("records the failure it covers"), so the fix keeps the
 * behaviour and adds the record. Log-and-rethrow would undo the author's choice and log the error
 * twice (here and wherever it is finally handled); a plain rethrow undoes the choice too, so it is
 * offered second, for handlers where the error should reach the caller after all.
 */
export function swallowFixes(file: SourceFile, handler: SyntaxNode, callee: string): Fix[] {
  const isClause = handler.type === 'catch_clause';
  const parameter = handler.childForFieldName('parameter') ?? (isClause ? undefined : singleParameter(handler));
  if (parameter && parameter.type !== 'identifier') return []; // `catch ({ message })`: no name for the error
  const name = parameter?.text ?? 'error';
  const body = handler.childForFieldName('body');
  if (!body) return [];
  const named = parameter ? [] : [nameTheError(handler, isClause)];
  if (named.some((edit) => edit === undefined)) return [];
  const log = `${loggerOf(file, handler)}('${callee.replace(/['\\\n]/g, '')} failed; continuing without it', ${name});`;
  const fixes: Fix[] = [
    { title: 'Log the error and continue', edits: [...(named as TextEdit[]), fillBlock(file.text, handler, body, log)], safe: false, preferred: true },
  ];
  if (isClause) fixes.push({ title: 'Rethrow the error', edits: [...(named as TextEdit[]), fillBlock(file.text, handler, body, `throw ${name};`)], safe: false });
  return fixes;
}

/** `e` in `e => {}` or `(e) => {}`; the single `parameter` field of an arrow, or the first formal parameter. */
function singleParameter(fn: SyntaxNode): SyntaxNode | undefined {
  const first = fn.childForFieldName('parameters')?.namedChildren.find((p) => p?.type !== 'comment');
  return first ? (first.childForFieldName('pattern') ?? first) : undefined;
}

/** `catch {` → `catch (error) {`; `() => {}` → `(error) => {}`. */
function nameTheError(handler: SyntaxNode, isClause: boolean): TextEdit | undefined {
  if (isClause) {
    const keyword = handler.child(0);
    return keyword ? { start: keyword.endIndex, end: keyword.endIndex, text: ' (error)' } : undefined;
  }
  const parameters = handler.childForFieldName('parameters');
  return parameters ? { start: parameters.startIndex, end: parameters.endIndex, text: '(error)' } : undefined;
}

/** The block rewritten with its comments, each on its own line, and `statement` last. */
function fillBlock(text: string, handler: SyntaxNode, block: SyntaxNode, statement: string): TextEdit {
  const eol = lineEnding(text);
  const outer = indentationAt(text, block.startIndex);
  // Indented like the statements of the `try` block, when they sit deeper than the `catch` line.
  const attempt = handler.type === 'catch_clause' ? handler.parent?.childForFieldName('body')?.namedChildren[0] : undefined;
  const sibling = attempt ? indentationAt(text, attempt.startIndex) : '';
  const inner = attempt && attempt.startPosition.row !== block.startPosition.row && sibling.length > outer.length ? sibling : `${outer}${text.includes('\n\t') ? '\t' : '  '}`;
  const comments = block.namedChildren.filter((c): c is SyntaxNode => c !== null).map((c) => `${inner}${c.text}${eol}`);
  return { start: block.startIndex, end: block.endIndex, text: `{${eol}${comments.join('')}${inner}${statement}${eol}${outer}}` };
}

/** `this.logger.warn` in a class with a `logger` field, `logger.warn` when a `logger` is in scope, else `console.warn`. */
function loggerOf(file: SourceFile, node: SyntaxNode): string {
  let fn: SyntaxNode | null = node.parent;
  while (fn && (!FUNCTION_TYPES.has(fn.type) || fn.type === 'arrow_function')) fn = fn.parent;
  const body = fn?.type === 'method_definition' ? fn.parent : null;
  if (body?.type === 'class_body' && declaresLoggerField(body)) return 'this.logger.warn';
  return file.resolver.lookup('logger', node) ? 'logger.warn' : 'console.warn';
}

function declaresLoggerField(body: SyntaxNode): boolean {
  return body.namedChildren.some((member) => {
    if (member?.type === 'public_field_definition' || member?.type === 'field_definition') return member.childForFieldName('name')?.text === 'logger';
    if (member?.type !== 'method_definition' || member.childForFieldName('name')?.text !== 'constructor') return false;
    return (member.childForFieldName('parameters')?.namedChildren ?? []).some(
      (p) => p?.namedChildren.some((c) => c?.type === 'accessibility_modifier') && p.childForFieldName('pattern')?.text === 'logger',
    );
  });
}
