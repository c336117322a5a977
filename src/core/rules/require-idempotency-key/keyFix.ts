import type { HttpCall } from '../../knowledge/httpCalls';
import type { RetryScope } from '../../knowledge/retryCoverage';
import type { SyntaxNode } from '../../parse/parser';
import { FUNCTION_TYPES, indentationAt, propertyKeyName, lineEnding } from '../../parse/syntax';
import type { SourceFile } from '../../sourceFile';
import type { Fix } from '../../types';
import { appendItems, insertArgument } from '../require-timeout/insertions';

/**
 * The fix: one key, declared right before the statement that starts the retrying (the wrapper call,
 * the loop, or for a client that retries by itself the request), and sent as a header:
 *
 *   const idempotencyKey = crypto.randomUUID(); // one key for every attempt: ...
 *   await retryWithBackoff(() => fetch(url, { method: 'POST', headers: { 'Idempotency-Key': idempotencyKey } }));
 *
 * The key must be created outside the retried code: a key made per attempt looks new to the server
 * every time, which is no better than none. Where no such place exists in this function (the retry
 * is a function calling itself, or runs this function from elsewhere, or the wrapper is an arrow's
 * expression body) there is no fix.
 */

const STATEMENT_PARENTS: ReadonlySet<string> = new Set(['statement_block', 'program']);
const COMMENT = '// one key for every attempt: the server performs this write once';

export function idempotencyKeyFix(file: SourceFile, http: HttpCall, headers: SyntaxNode | undefined, scope: RetryScope | undefined): Fix | undefined {
  const anchor = scope === undefined ? http.call : scope.kind === 'wrapper' ? scope.call : scope.kind === 'loop' ? scope.scope : undefined;
  const statement = anchor && statementOf(anchor);
  if (!statement) return undefined;
  const name = freeName(file, http.call, statement);
  const quote = quoteOf(file, http.call);
  const header = `${quote}Idempotency-Key${quote}: ${name}`;
  const headerEdits = headers
    ? appendItems(file.text, headers, [isHeadersObject(headers) ? header : `headers: { ${header} }`])
    : http.optionsIndex !== undefined
      ? insertArgument(file.text, http.call, http.optionsIndex, `{ headers: { ${header} } }`)
      : [];
  if (headerEdits.length === 0) return undefined;
  const eol = lineEnding(file.text);
  const declaration = `const ${name} = ${keyExpression(file, statement)}; ${COMMENT}${eol}${indentationAt(file.text, statement.startIndex)}`;
  return {
    title: `Send an Idempotency-Key created once, before the first attempt`,
    edits: [{ start: statement.startIndex, end: statement.startIndex, text: declaration }, ...headerEdits],
    safe: false,
    preferred: true,
  };
}

/** `{ ... }` in `headers: { ... }`, as opposed to the options object that has no `headers` yet. */
function isHeadersObject(object: SyntaxNode): boolean {
  const key = object.parent?.type === 'pair' ? object.parent.childForFieldName('key') : null;
  return key !== null && propertyKeyName(key) === 'headers';
}

/** The statement holding `node` in a block, within the same function; a labelled loop is taken with its label. */
function statementOf(node: SyntaxNode): SyntaxNode | undefined {
  let current = node;
  while (current.parent && !STATEMENT_PARENTS.has(current.parent.type)) {
    if (FUNCTION_TYPES.has(current.parent.type)) return undefined;
    current = current.parent;
  }
  return current.parent ? current : undefined;
}

/** `idempotencyKey`, or `idempotencyKey2`... when the name is taken where it is declared or used. */
function freeName(file: SourceFile, call: SyntaxNode, statement: SyntaxNode): string {
  const declaredThere = file.resolver.declarationsOf(statement.parent!);
  for (let n = 1; ; n++) {
    const name = n === 1 ? 'idempotencyKey' : `idempotencyKey${n}`;
    if (!file.resolver.lookup(name, call) && !declaredThere.has(name)) return name;
  }
}

/** The pattern's `newIdempotencyKey()` when the file has it; else `crypto.randomUUID()` through whatever `crypto` is here. */
function keyExpression(file: SourceFile, at: SyntaxNode): string {
  const helper = file.resolver.lookup('newIdempotencyKey', at);
  if (helper && helper.scope.type === 'program') return 'newIdempotencyKey()';
  const crypto = file.resolver.lookup('crypto', at);
  if (!crypto || isCryptoModule(file, crypto.identifier, [])) return 'crypto.randomUUID()';
  const randomUUID = file.resolver.lookup('randomUUID', at);
  if (randomUUID && isCryptoModule(file, randomUUID.identifier, ['randomUUID'])) return 'randomUUID()';
  return 'globalThis.crypto.randomUUID()';
}

function isCryptoModule(file: SourceFile, identifier: SyntaxNode, path: string[]): boolean {
  const value = file.resolver.valueOf(identifier);
  return value.kind === 'module' && value.module === 'crypto' && value.path.join('.') === path.join('.');
}

/** The quote the request's own string literals use (`"` or `'`), read from its text; single quotes when it has none. */
function quoteOf(file: SourceFile, call: SyntaxNode): string {
  const text = file.text.slice(call.startIndex, call.endIndex);
  const single = text.indexOf("'");
  const double = text.indexOf('"');
  return double >= 0 && (single < 0 || double < single) ? '"' : "'";
}
