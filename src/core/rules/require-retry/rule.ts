import { mayMakeHttpCalls, recognizeHttpCall, type HttpCall } from '../../knowledge/httpCalls';
import { importsAnyOf } from '../../knowledge/modules';
import { clientRetryOf, mayBeRetried } from '../../knowledge/retryCoverage';
import { sendsToLocalhost } from '../../knowledge/requestTargets';
import { isServerSideFile, isTestSupportPath } from '../../knowledge/serverSide';
import type { SyntaxNode } from '../../parse/parser';
import { FUNCTION_TYPES } from '../../parse/syntax';
import { patternById } from '../../patterns/catalog';
import type { SourceFile } from '../../sourceFile';
import type { Fix } from '../../types';
import { defineRule, JS_FAMILY } from '../rule';
import { AxiosTimeoutsNotRetried, gotRetrySkippingMethod } from './ignoredRetries';

/**
 * An idempotent HTTP request (GET, HEAD, OPTIONS, PUT, DELETE) made by server code with no retry
 * anywhere around it: no retry wrapper or hand-written retry loop in this file, no client that
 * retries by itself (got and ky do by default; axios with axios-retry).
 *
 * Deliberately silent (advice, so any doubt wins): files that do not look like server code, test
 * files and test support code, requests to localhost, requests whose method is not stated,
 * node:http (callback style), gRPC and SDK calls (not recognisable in one file), calls inside
 * anything that may retry (a function or class named `...retry...`, a function a retry wrapper
 * calls by name, a `try` in a loop, a timer that repeats the call, a `policy.execute(...)` whose
 * policy may hold a retry), and every call in a file of a project that depends on a retry library
 * the file does not use: the retry may live in another layer, and the section asks for exactly one.
 * A retry applied by a caller in another module cannot be seen.
 *
 * Fix: when the file already has `retryWithBackoff` (the pattern's helper, inserted by Apply Pattern
 * or imported), wrap the call in it. Without it there is no fix: the helper's code lives in the
 * instruction file, which rules do not read; Apply Pattern inserts it.
 *
 * Also retries configured but defeated by a library default (no fix: the right change depends on the
 * request): axios-retry with its default `retryCondition` on a client the file gives a timeout
 * (`timeoutNotRetried`), and a got `retry: { limit }` on a POST or PATCH whose `retry.methods` leaves
 * that method out (`methodNotRetried`). These are reported in any non-test file: the setting is there.
 */

const IDEMPOTENT_METHODS: ReadonlySet<string> = new Set(['get', 'head', 'options', 'put', 'delete']);
/** Retry libraries: a project that has one decided where retries live; a file that does not use it may sit below that layer. */
const RETRY_DEPENDENCIES: ReadonlySet<string> = new Set([
  'p-retry', 'async-retry', 'cockatiel', 'promise-retry', 'exponential-backoff', 'retry', '@lifeomic/attempt', 'ts-retry-promise', 'axios-retry', 'retry-axios',
]);
const RETRY_PATTERN = patternById('retry-backoff-jitter')!;

export default defineRule({
  meta: {
    id: 'require-retry',
    description: 'Idempotent remote calls made by server code are retried on transient failures.',
    messages: {
      noRetry:
        '{{callee}} sends an idempotent {{method}} with no retry: a dropped connection or a routine deploy of the dependency becomes an error for your caller. Retry it in one layer, with backoff, jitter and a budget (retryWithBackoff).',
      retryDisabled:
        "{{setting}} switches off {{client}}'s own retry of this {{method}}, and nothing here retries it instead: a dropped connection becomes an error for your caller. Rely on the client's retry, or retry it yourself (retryWithBackoff).",
      timeoutNotRetried:
        "axios-retry's default retryCondition never retries a timed-out request (ECONNABORTED), so this retry never covers the timeout set on {{client}}: a request that times out fails at once. Pass a retryCondition that includes timeouts, e.g. `(error) => {{name}}.isNetworkOrIdempotentRequestError(error) || error.code === 'ECONNABORTED'`.",
      methodNotRetried:
        'got retries only GET, PUT, HEAD, DELETE, OPTIONS and TRACE by default and retry.methods does not list {{method}}, so this retry never applies to the {{method}} sent by {{callee}}. List {{method}} in retry.methods only if the request carries an idempotency key; otherwise remove the retry setting.',
    },
    defaultSeverity: 'info',
    section: { instruction: 'distributed-systems', heading: 'Retry policy for idempotent calls' },
    fixable: true,
    languages: JS_FAMILY,
    pattern: 'retry-backoff-jitter',
  },
  create(context) {
    const { file } = context;
    if (isTestSupportPath(file) || !mayMakeHttpCalls(file)) return {};
    let applies: boolean | undefined;
    const axiosTimeouts = new AxiosTimeoutsNotRetried(file);
    const reportedRetries = new Set<number>();
    return {
      call_expression(call) {
        const http = recognizeHttpCall(file, call);
        axiosTimeouts.noteCall(call, http);
        const skipping = http && gotRetrySkippingMethod(http);
        if (skipping && !reportedRetries.has(skipping.id)) {
          reportedRetries.add(skipping.id);
          const data = { method: http.method.toUpperCase(), callee: http.callee.text.replace(/\s+/g, '') };
          context.report({ node: skipping, messageId: 'methodNotRetried', data });
        }
        if (!http || !IDEMPOTENT_METHODS.has(http.method) || http.client === 'node-http' || sendsToLocalhost(http)) return;
        applies ??= isServerSideFile(file) && !retriedInAnotherLayer(file);
        if (!applies) return;
        const own = clientRetryOf(file, http);
        if (own.state === 'retried' || own.state === 'unknown' || mayBeRetried(file, call)) return;
        const data = {
          callee: http.callee.text.replace(/\s+/g, ''),
          method: http.method.toUpperCase(),
          client: http.client,
          setting: own.state === 'disabled' ? own.setting.text.replace(/\s+/g, ' ') : '',
        };
        const fix = wrapInRetry(file, http);
        context.report({ node: underlined(http.callee), messageId: own.state === 'disabled' ? 'retryDisabled' : 'noRetry', data, fixes: fix ? [fix] : [] });
      },
      'program:exit'() {
        for (const { callee, client } of axiosTimeouts.findings()) {
          context.report({ node: callee, messageId: 'timeoutNotRetried', data: { client, name: callee.text } });
        }
      },
    };
  },
});

function retriedInAnotherLayer(file: SourceFile): boolean {
  return [...file.project.dependencies].some((d) => RETRY_DEPENDENCIES.has(d)) && !importsAnyOf(file, RETRY_DEPENDENCIES);
}

/**
 * `retryWithBackoff(() => call)`, with the `await` left outside, when the file declares or imports
 * the helper at module scope and nothing local hides it. The helper retries every rejection but
 * cancellation, which is what a caller of an idempotent request wants.
 */
function wrapInRetry(file: SourceFile, http: HttpCall): Fix | undefined {
  const entry = RETRY_PATTERN.entry;
  if (!file.memo('mentions', entry, () => file.text.includes(entry))) return undefined;
  const binding = file.resolver.lookup(entry, http.call);
  if (!binding || binding.scope.type !== 'program') return undefined;
  if (http.client === 'superagent') return undefined; // a chain sent by `await`: the whole chain would have to move
  const { call } = http;
  // `await f<T>(x)` parses with the `await` inside the callee (tree-sitter-typescript #282).
  const awaited = call.childForFieldName('function');
  const start = awaited?.type === 'await_expression' ? (awaited.namedChildren[0]?.startIndex ?? call.startIndex) : call.startIndex;
  const async = file.descendants(call, 'await_expression').some((a) => a.startIndex >= start && !insideFunction(a, call));
  const text = `${entry}(${async ? 'async ' : ''}() => ${file.text.slice(start, call.endIndex)})`;
  return { title: `Retry with ${entry} (exponential backoff and jitter)`, edits: [{ start, end: call.endIndex, text }], safe: false, preferred: true };
}

function insideFunction(node: SyntaxNode, ancestor: SyntaxNode): boolean {
  for (let p = node.parent; p && p.id !== ancestor.id; p = p.parent) if (FUNCTION_TYPES.has(p.type)) return true;
  return false;
}

/** The callee, or only its method name when a chain spreads it over lines (`https\n  .get`). */
function underlined(callee: SyntaxNode): SyntaxNode {
  const property = callee.type === 'member_expression' ? callee.childForFieldName('property') : null;
  return property && callee.text.includes('\n') ? property : callee;
}
