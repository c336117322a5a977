import type { SyntaxNode } from '../parse/parser';
import {
  argumentsOf,
  calleeOf,
  dottedName,
  findProperty,
  FUNCTION_TYPES,
  hasSpread,
  LOOP_TYPES,
  numberValue,
  stringValue,
  unwrap,
} from '../parse/syntax';
import { handWrittenRetryOf } from '../rules/require-backoff-jitter/handWrittenRetries';
import { FileCache, type SourceFile } from '../sourceFile';
import { chainedCalls, type HttpCall } from './httpCalls';
import { importedModules } from './modules';
import { BREAKER_MODULES, mayRunRetryPolicy, RETRY_WORD, retryingCall, runsUnknownPolicy } from './resiliencePolicies';
import { nodesMatching, nodesNamed } from './nameOccurrences';
import { functionName, wrapperRunning } from './wrappedFunctions';
import { recogniseRetryCall } from './retryLibraries';
import { lookupTable } from '../lookupTable';

/**
 * Whether a call is retried, as far as one file shows: by a wrapper it runs in (`retryWithBackoff`,
 * p-retry, a cockatiel retry policy), by a hand-written retry loop or recursion around it, by a
 * function of this file that such a wrapper runs, or by its HTTP client (got and ky retry idempotent
 * requests by default; axios retries only with axios-retry). Two questions are asked: "is it
 * certainly retried?" (a rule about retried writes must not guess) and "may it be retried?" (a rule
 * asking for retries stays silent on any sign of one).
 */

export type RetryScope =
  /** The call runs in a callback of `call`, which retries it. */
  | { kind: 'wrapper'; call: SyntaxNode; label: string }
  /** A hand-written loop or a function that calls itself retries the `try` around the call. */
  | { kind: 'loop' | 'recursion'; scope: SyntaxNode }
  /** The call's function is run, in this file, by the retry wrapper `call`. */
  | { kind: 'caller'; fn: SyntaxNode; call: SyntaxNode; label: string };

/** Modules that make `axios` itself retry when configured in any module of the project. */
const AXIOS_RETRY_PLUGINS: ReadonlySet<string> = new Set(['axios-retry', 'retry-axios']);
/** Timers and schedulers: a call they repeat is tried again on the next tick anyway. */
const REPEATING_CALLS: ReadonlySet<string> = new Set(['setInterval', 'schedule', 'scheduleJob', 'cron', 'every', 'repeat', 'poll']);
/** The ancestors that decide whether a call is retried. */
const RETRY_CONTEXT: ReadonlySet<string> = new Set([...FUNCTION_TYPES, ...LOOP_TYPES, 'try_statement']);
/** Loop headers that count attempts. */
const ATTEMPT_WORD = /attempt|retr(y|ies)|tries|tried/i;

/** The retry that certainly repeats `call` when it fails, or undefined when this file shows none. */
export function retryScopeOf(file: SourceFile, call: SyntaxNode): RetryScope | undefined {
  return retryEvidence(file, call, false).scope;
}

/**
 * True when `call` may be retried: certainly (see {@link retryScopeOf}), or by signs this file gives
 * without proof: an enclosing function or class whose name says retry, a function whose name a retry
 * wrapper calls, a `try` inside a loop, a loop counting attempts, a timer that repeats the call, a
 * policy this file cannot trace (`this.policy.execute(...)`), or any `policy.execute(...)` in a file
 * that uses a resilience library, unless its name says it is something else (a breaker, a bulkhead).
 */
export function mayBeRetried(file: SourceFile, call: SyntaxNode): boolean {
  const evidence = retryEvidence(file, call, true);
  return evidence.scope !== undefined || evidence.maybe;
}

/**
 * One climb from the call to the top of the file. The certain answer ends at the first function
 * that is not a callback (it is either run by a retry wrapper of this file or not); the signs, when
 * asked for, are gathered all the way up.
 */
function retryEvidence(file: SourceFile, call: SyntaxNode, withSigns: boolean): { scope?: RetryScope; maybe: boolean } {
  let certain = true;
  let inTry = false;
  /** With signs, a `try` waits for what encloses it: a loop settles the question without the closer look. */
  let pendingTry: SyntaxNode | undefined;
  // From one enclosing try, loop or function to the next: the file's node index answers without climbing the tree.
  for (let node = file.enclosing(call, RETRY_CONTEXT); node; node = file.enclosing(node, RETRY_CONTEXT)) {
    const type = node.type;
    if (type === 'try_statement') {
      const body = node.childForFieldName('body');
      if (!body || call.startIndex < body.startIndex || call.endIndex > body.endIndex) continue;
      inTry = true;
      if (withSigns) pendingTry ??= certain ? node : undefined;
      const retry = certain && !withSigns ? handWrittenRetryOf(node, file) : undefined;
      if (retry) return { scope: { kind: retry.kind, scope: retry.scope }, maybe: true };
    } else if (LOOP_TYPES.has(type)) {
      // A `try` in a loop goes round again on failure; `for...of` included: trying mirrors one by one is a retry too.
      if (withSigns && (inTry || countsAttempts(node))) return { maybe: true };
    } else {
      inTry = false; // a loop outside this function does not repeat its `try`
      // A function that calls itself from its `catch` (`return send(url, attempt + 1)`).
      const recursion = pendingTry && handWrittenRetryOf(pendingTry, file);
      if (recursion) return { scope: { kind: recursion.kind, scope: recursion.scope }, maybe: true };
      pendingTry = undefined;
      const outer = node.parent?.type === 'arguments' ? node.parent.parent : null;
      if (withSigns && outer && mayRunRetryPolicy(file, outer)) return { maybe: true };
      if (certain && outer) {
        const label = retryingCall(file, outer);
        if (label) return { scope: { kind: 'wrapper', call: outer, label }, maybe: true };
      } else if (certain) {
        certain = false;
        const runner = wrapperRunning(file, node, 'retry');
        if (runner) return { scope: { kind: 'caller', fn: node, ...runner }, maybe: true };
        if (!withSigns) return { maybe: false };
      }
      if (withSigns && hasRetrySign(file, node, outer)) return { maybe: true };
    }
  }
  return { maybe: false };
}

/** A function named like a retry or run by name from a retry wrapper, a method of a class named so, or a callback of a timer. */
function hasRetrySign(file: SourceFile, fn: SyntaxNode, outer: SyntaxNode | null): boolean {
  const name = functionName(fn);
  if (name !== undefined && (RETRY_WORD.test(name) || wrapperRunning(file, fn, 'retry', true))) return true;
  const owner = fn.type === 'method_definition' ? fn.parent?.parent : undefined;
  if (owner && RETRY_WORD.test(owner.childForFieldName('name')?.text ?? '')) return true;
  return outer !== null && runsAgain(file, outer);
}

/** A timer or scheduler call, or a policy the file cannot trace in a file that uses resilience libraries. */
function runsAgain(file: SourceFile, outer: SyntaxNode): boolean {
  const path = dottedName(calleeOf(outer) ?? outer);
  if (path && REPEATING_CALLS.has(path[path.length - 1])) return true;
  const modules = importedModules(file);
  const usesPolicies = [...BREAKER_MODULES].some((m) => modules.has(m)) || modules.has('p-retry') || modules.has('async-retry');
  return usesPolicies && runsUnknownPolicy(file, outer);
}

function countsAttempts(loop: SyntaxNode): boolean {
  const header = ['initializer', 'condition', 'increment'].map((field) => loop.childForFieldName(field));
  return header.some((part) => part?.descendantsOfType('identifier').some((id) => id !== null && ATTEMPT_WORD.test(id.text)));
}

/** What an HTTP client does about retrying a request of this call's method by itself. */
export type ClientRetry =
  | { state: 'retried'; how: string }
  /** The call or its client switches the client's own retry off (`retry: { limit: 0 }`). */
  | { state: 'disabled'; setting: SyntaxNode }
  | { state: 'unknown' }
  | { state: 'none' };

/**
 * Whether the client of `http` retries it on its own: got and ky retry idempotent methods (GET, PUT,
 * HEAD, DELETE, OPTIONS) twice by default and POST only when `retry.methods` lists it; superagent
 * retries with `.retry(n)`; axios retries through axios-retry, whose default `retryCondition` covers
 * idempotent methods only (network errors and 5xx).
 */
export function clientRetryOf(file: SourceFile, http: HttpCall): ClientRetry {
  const idempotent = http.method !== 'post' && http.method !== 'patch';
  switch (http.client) {
    case 'got':
    case 'ky': {
      const own = retryOption(http.client, http.method, http.optionsNode, idempotent);
      if (own.state !== 'absent' || !http.instance) return own.state === 'absent' ? defaultRetry(http.client, idempotent) : own;
      if ((http.instance.call.childForFieldName('arguments')?.namedChildCount ?? 0) > 1) return { state: 'unknown' };
      const shared = retryOption(http.client, http.method, http.instance.configNode, idempotent);
      return shared.state === 'absent' ? defaultRetry(http.client, idempotent) : shared;
    }
    case 'superagent':
      return chainedCalls(http.call).some((link) => link.name === 'retry') ? { state: 'retried', how: 'superagent .retry()' } : { state: 'none' };
    case 'axios':
      return axiosRetryOf(file, http, idempotent);
    default:
      return { state: 'none' };
  }
}

function defaultRetry(client: 'got' | 'ky', idempotent: boolean): ClientRetry {
  return idempotent ? { state: 'retried', how: `${client}'s default retry` } : { state: 'none' };
}

/** The `retry` option of got or ky options: a number (`retry: 0`) or `{ limit, methods }`. */
function retryOption(client: 'got' | 'ky', method: string, options: SyntaxNode | undefined, idempotent: boolean): ClientRetry | { state: 'absent' } {
  const object = options && unwrap(options);
  if (!object) return { state: 'absent' };
  if (object.type !== 'object') return { state: 'unknown' };
  const retry = findProperty(object, 'retry');
  if (!retry) return hasSpread(object) ? { state: 'unknown' } : { state: 'absent' };
  const value = unwrap(retry.value);
  if (numberValue(value) === 0) return { state: 'disabled', setting: retry.node };
  // got 11 takes a number of retries; idempotent methods only.
  if (numberValue(value) !== undefined) return idempotent ? { state: 'retried', how: `${client} retry: ${value.text}` } : { state: 'none' };
  if (value.type !== 'object') return { state: 'unknown' };
  const limit = findProperty(value, 'limit');
  if (limit && numberValue(limit.value) === 0) return { state: 'disabled', setting: retry.node };
  const methods = findProperty(value, 'methods');
  if (!methods) return hasSpread(value) ? { state: 'unknown' } : defaultRetry(client, idempotent);
  const list = unwrap(methods.value);
  if (list.type !== 'array') return { state: 'unknown' };
  const named = list.namedChildren.map((item) => (item ? stringValue(item)?.toLowerCase() : undefined));
  if (named.includes(method)) return { state: 'retried', how: `${client} (retry.methods lists ${method.toUpperCase()})` };
  return named.every((name) => name !== undefined) ? { state: 'none' } : { state: 'unknown' };
}

interface AxiosRetrySetup {
  /** Which client it configures: axios itself, an instance (by the id of its `axios.create` call), or one the file cannot trace. */
  target: 'axios' | number | 'unknown';
  disabled: boolean;
  /** Which methods its `retryCondition` retries. */
  methods: 'idempotent' | 'all' | 'unknown';
}

const axiosSetups = new FileCache<AxiosRetrySetup[]>();

function axiosRetryOf(file: SourceFile, http: HttpCall, idempotent: boolean): ClientRetry {
  const target = http.instance ? http.instance.call.id : 'axios';
  // axios-retry configured on `axios` in another module of the project covers this module too.
  if (target === 'axios' && idempotent && [...file.project.dependencies].some((d) => AXIOS_RETRY_PLUGINS.has(d))) return { state: 'unknown' };
  let verdict: ClientRetry = { state: 'none' };
  for (const setup of setupsOf(file)) {
    if (setup.target !== target && setup.target !== 'unknown') continue;
    if (setup.disabled) continue;
    if (setup.target === 'unknown' || setup.methods === 'unknown') verdict = { state: 'unknown' };
    else if (idempotent || setup.methods === 'all') {
      return { state: 'retried', how: idempotent ? 'axios-retry' : `axios-retry, whose retryCondition retries ${http.method.toUpperCase()} too` };
    }
  }
  if (verdict.state === 'none' && idempotent && hasResponseInterceptor(file)) return { state: 'unknown' };
  return verdict;
}

/** `axiosRetry(client, options)` calls of the file; found once, and only in files that import axios-retry. */
function setupsOf(file: SourceFile): AxiosRetrySetup[] {
  let setups = axiosSetups.get(file);
  if (setups) return setups;
  setups = [];
  axiosSetups.set(file, setups);
  if (!importedModules(file).has('axios-retry')) return setups;
  for (const call of axiosRetryCalls(file)) {
    const retry = recogniseRetryCall(call, file.resolver);
    if (retry?.library !== 'axios-retry') continue;
    const [client] = argumentsOf(retry.call);
    const value = client ? file.resolver.valueOf(client) : undefined;
    const target =
      value?.kind === 'module' && value.module === 'axios' && value.path.length === 0
        ? 'axios'
        : value?.kind === 'created' && value.path.length === 0 && value.by.kind === 'module' && value.by.module === 'axios'
          ? value.call.id
          : 'unknown';
    const options = retry.options;
    const readable = options === undefined || retry.optionsReadable;
    const retries = readable && options ? findProperty(options, 'retries') : undefined;
    const condition = readable && options ? findProperty(options, 'retryCondition') : undefined;
    const methods: AxiosRetrySetup['methods'] = !readable ? 'unknown' : condition ? conditionMethods(file, condition.value) : 'idempotent';
    setups.push({ target, disabled: retries !== undefined && numberValue(retries.value) === 0, methods });
  }
  return setups;
}

/** axios-retry's own conditions by what they retry; a function of the file retries every method unless it looks at the method. */
const AXIOS_RETRY_CONDITIONS = lookupTable<'idempotent' | 'all'>({
  isNetworkOrIdempotentRequestError: 'idempotent', isIdempotentRequestError: 'idempotent', isSafeRequestError: 'idempotent',
  isNetworkError: 'all', isRetryableError: 'all',
});

function conditionMethods(file: SourceFile, condition: SyntaxNode): AxiosRetrySetup['methods'] {
  const node = unwrap(condition);
  if (FUNCTION_TYPES.has(node.type)) {
    const words = node.descendantsOfType(['identifier', 'property_identifier', 'shorthand_property_identifier']);
    const readsMethod = words.some((word) => word !== null && /method|idempotent|safe/i.test(word.text));
    return readsMethod ? 'unknown' : 'all';
  }
  const value = file.resolver.valueOf(node);
  const name = value.kind === 'module' && value.module === 'axios-retry' ? value.path[value.path.length - 1] : undefined;
  return (name !== undefined && AXIOS_RETRY_CONDITIONS[name]) || 'unknown';
}

/** Calls of axios-retry's default export, found from the names it is imported or required under. */
function axiosRetryCalls(file: SourceFile): SyntaxNode[] {
  const calls: SyntaxNode[] = [];
  for (const [name, binding] of file.resolver.declarationsOf(file.root)) {
    const imported = binding.kind === 'import' && binding.module === 'axios-retry' && binding.imported === undefined;
    const required = binding.kind === 'variable' && binding.init !== undefined && file.text.slice(binding.init.startIndex, binding.init.endIndex).includes('axios-retry');
    if (!imported && !required) continue;
    for (const use of nodesNamed(file, name)) {
      // `axiosRetry(...)`, `axiosRetry.default(...)`.
      const callee = use.parent?.type === 'member_expression' && use.parent.childForFieldName('object')?.id === use.id ? use.parent : use;
      const call = callee.parent;
      if (use.type === 'identifier' && call?.type === 'call_expression' && call.childForFieldName('function')?.id === callee.id) calls.push(call);
    }
  }
  return calls;
}

const RESPONSE_INTERCEPTOR = /interceptors\s*\.\s*response\s*\.\s*use\b/g;
const interceptorCache = new FileCache<boolean>();

/** An `X.interceptors.response.use(...)` call: a response interceptor may retry failed requests. */
function hasResponseInterceptor(file: SourceFile): boolean {
  let found = interceptorCache.get(file);
  if (found === undefined) {
    // Found in the text; a match in a comment or a string is not code.
    found = nodesMatching(file, RESPONSE_INTERCEPTOR).some(({ node }) => node.type === 'property_identifier');
    interceptorCache.set(file, found);
  }
  return found;
}
