import { mayMakeHttpCalls, recognizeHttpCall, type HttpCall } from '../../knowledge/httpCalls';
import { nodesMatching } from '../../knowledge/nameOccurrences';
import { sendsToLocalhost } from '../../knowledge/requestTargets';
import { clientRetryOf, retryScopeOf, type RetryScope } from '../../knowledge/retryCoverage';
import { isTestSupportPath } from '../../knowledge/serverSide';
import type { SyntaxNode } from '../../parse/parser';
import { findProperty, hasSpread, unwrap } from '../../parse/syntax';
import { FileCache, type SourceFile } from '../../sourceFile';
import type { Fix } from '../../types';
import { defineRule, JS_FAMILY } from '../rule';
import { idempotencyKeyFix } from './keyFix';

/**
 * A POST or PATCH that is certainly retried, sent without an `Idempotency-Key` header: retried by a
 * wrapper it runs in (`retryWithBackoff`, p-retry, a cockatiel retry policy), by a hand-written retry
 * loop or recursion, by a retry wrapper that runs its function, or by its client (axios-retry with a
 * `retryCondition` that retries every method, got or ky with `retry.methods` listing the method).
 *
 * Deliberately silent: writes that may be retried but are not shown to be (axios-retry's default
 * condition retries idempotent methods only), headers the file cannot read (a variable, a spread,
 * a request interceptor, got/ky hooks, a `Request` object, superagent chains), calls that mention an
 * idempotency key anywhere in their arguments (an SDK option, a body field), requests to localhost
 * (a test server, a sidecar), and test files and test support code (`e2e-tests/`, fixtures).
 */

const WRITE_METHODS: ReadonlySet<string> = new Set(['post', 'patch']);
const KEY_HEADER = /^(x-)?idempotency-key$/i;
const KEY_WORD = /idempoten/i;

export default defineRule({
  meta: {
    id: 'require-idempotency-key',
    description: 'Retried POST and PATCH requests carry an Idempotency-Key, the same on every attempt.',
    messages: {
      missingKey:
        'This {{method}} is retried ({{how}}) but sends no Idempotency-Key: when an attempt times out after the server wrote, the next attempt writes again (a second charge, a duplicate order). Generate one key before the first attempt and send it on every attempt.',
    },
    defaultSeverity: 'warning',
    section: { instruction: 'distributed-systems', heading: 'Idempotency keys for retried writes' },
    fixable: true,
    languages: JS_FAMILY,
  },
  create(context) {
    const { file } = context;
    if (isTestSupportPath(file) || !mayMakeHttpCalls(file)) return {};
    return {
      call_expression(call) {
        const http = recognizeHttpCall(file, call);
        if (!http || !WRITE_METHODS.has(http.method) || sendsToLocalhost(http)) return;
        const headers = keyHeaders(file, http);
        if (headers.state !== 'missing') return;
        const scope = retryScopeOf(file, call);
        const client = scope ? undefined : clientRetryOf(file, http);
        const how = scope ? describe(scope) : client?.state === 'retried' ? client.how : undefined;
        if (!how) return;
        const fix: Fix | undefined = idempotencyKeyFix(file, http, headers.object, scope);
        const data = { method: http.method.toUpperCase(), how };
        context.report({ node: http.callee, messageId: 'missingKey', data, fixes: fix ? [fix] : [] });
      },
    };
  },
});

function describe(scope: RetryScope): string {
  switch (scope.kind) {
    case 'wrapper':
      return `by ${scope.label}`;
    case 'loop':
      return 'by the loop around it';
    case 'recursion':
      return 'by the call its catch makes to its own function';
    case 'caller':
      return `its function runs inside ${scope.label}`;
  }
}

/**
 * Whether the request sends an idempotency key: `present`, `unknown` (headers the file cannot read),
 * or `missing`, with the object literal a header would go in (the call's `headers`, or its options
 * when they have none; undefined when the call passes no options).
 */
type KeyHeaders = { state: 'present' | 'unknown' } | { state: 'missing'; object?: SyntaxNode };

function keyHeaders(file: SourceFile, http: HttpCall): KeyHeaders {
  if (http.optionsIndex === undefined) return { state: 'unknown' };
  if (mentionsKey(file, http.call)) return { state: 'present' };
  const own = headersIn(http.optionsNode);
  if (own.state !== 'missing') return own;
  if (http.instance) {
    const shared = headersIn(http.instance.configNode);
    if (shared.state !== 'missing') return shared;
    if ((http.instance.call.childForFieldName('arguments')?.namedChildCount ?? 0) > 1) return { state: 'unknown' };
  }
  if (setsHeadersElsewhere(file)) return { state: 'unknown' };
  return own;
}

function headersIn(options: SyntaxNode | undefined): KeyHeaders {
  if (!options) return { state: 'missing' };
  const object = unwrap(options);
  if (object.type !== 'object') return { state: 'unknown' };
  // got and ky hooks can set any header.
  if (findProperty(object, 'hooks')) return { state: 'unknown' };
  const headers = findProperty(object, 'headers');
  if (!headers) return hasSpread(object) ? { state: 'unknown' } : { state: 'missing', object };
  const list = unwrap(headers.value);
  if (list.type !== 'object') return { state: 'unknown' };
  const named = list.namedChildren.some((entry) => {
    const key = entry?.type === 'pair' ? entry.childForFieldName('key') : null;
    const name = key?.type === 'string' ? key.text.slice(1, -1) : key?.text;
    return name !== undefined && KEY_HEADER.test(name);
  });
  if (named) return { state: 'present' };
  return hasSpread(list) ? { state: 'unknown' } : { state: 'missing', object: list };
}

/** A name or text in the call's arguments that speaks of idempotency (`idempotencyKey: key`, `{ idempotency_key }`). */
function mentionsKey(file: SourceFile, call: SyntaxNode): boolean {
  const args = call.childForFieldName('arguments');
  // The text is searched first; the tree decides (the word in a comment does not count).
  if (!args || !KEY_WORD.test(file.text.slice(args.startIndex, args.endIndex))) return false;
  return args.descendantsOfType(['property_identifier', 'shorthand_property_identifier', 'identifier', 'string_fragment']).some((n) => n !== null && KEY_WORD.test(n.text));
}

const HEADERS_SET_ELSEWHERE = /interceptors\s*\.\s*request\s*\.\s*use\b|defaults\s*\.\s*headers\b/g;
const headersCache = new FileCache<boolean>();

/** A request interceptor (`api.interceptors.request.use(...)`) or headers assigned to defaults may add the key. */
function setsHeadersElsewhere(file: SourceFile): boolean {
  let found = headersCache.get(file);
  if (found === undefined) {
    // Found in the text; a match in a comment or a string is not code.
    found = nodesMatching(file, HEADERS_SET_ELSEWHERE).some(({ node }) => node.type === 'property_identifier');
    headersCache.set(file, found);
  }
  return found;
}
