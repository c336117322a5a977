import type { Value } from '../parse/bindings';
import type { SyntaxNode } from '../parse/parser';
import { argumentsOf, calleeOf, dottedName, unwrap } from '../parse/syntax';
import type { SourceFile } from '../sourceFile';
import { importsAnyOf } from './modules';
import { lookupTable } from '../lookupTable';

/**
 * Resilience wrappers as they appear in source code: which calls run a callback under a retry or a
 * circuit breaker. Libraries are recognised through imports and aliases (cockatiel policies and
 * `wrap(...)`, p-retry, async-retry, opossum); hand-written helpers by their names (`retryWithBackoff`,
 * `withRetry`, `pricingBreaker.execute`), which is how teams name them.
 */

export type PolicyKind = 'retry' | 'circuitBreaker' | 'fallback' | 'timeout' | 'bulkhead';

/** cockatiel factories (v3 functions and v2 `Policy...` builder methods) and the policy each makes. */
const COCKATIEL_FACTORIES = lookupTable<PolicyKind>({
  retry: 'retry', circuitBreaker: 'circuitBreaker', fallback: 'fallback', timeout: 'timeout', bulkhead: 'bulkhead',
});
/** Methods that run a callback under a policy or breaker: cockatiel `execute`, opossum `fire`, home-made `call`/`run`. */
const RUNNING_METHODS: ReadonlySet<string> = new Set(['execute', 'fire', 'call', 'run', 'exec', 'invoke']);

/** Retry functions of libraries whose export names do not say "retry" (`backOff`), or that may be aliased. */
const RETRY_FUNCTIONS = lookupTable<(path: readonly string[]) => boolean>({
  'p-retry': (p) => p.length === 0,
  'async-retry': (p) => p.length === 0,
  'promise-retry': (p) => p.length === 0,
  'exponential-backoff': (p) => p.join('.') === 'backOff',
  '@lifeomic/attempt': (p) => p.join('.') === 'retry',
  'ts-retry-promise': (p) => p[0] === 'retry',
  async: (p) => p.join('.') === 'retry',
});
const RETRY_FUNCTION_MODULES: ReadonlySet<string> = new Set(Object.keys(RETRY_FUNCTIONS));

/** Module specifiers of the circuit breaker libraries. */
export const BREAKER_MODULES: ReadonlySet<string> = new Set(['opossum', 'cockatiel', 'brakes', 'mollitia', 'circuit-breaker-js']);

/** A name that says retry: `retryWithBackoff`, `withRetries`, `pRetry`, `retryPolicy`. */
export const RETRY_WORD = /retr(y|ies|ying)/i;
/** A name that says circuit breaker: `pricingBreaker`, `withCircuitBreaker`, `circuit`. */
export const BREAKER_WORD = /breaker|circuit/i;

/** The cockatiel policies `node` denotes (`wrap(...)` gives the union of its parts); empty when it is not one. */
export function cockatielPolicyKinds(file: SourceFile, node: SyntaxNode): Set<PolicyKind> {
  const kinds = new Set<PolicyKind>();
  if (importsAnyOf(file, COCKATIEL)) collectKinds(file, file.resolver.valueOf(node), kinds, 0);
  return kinds;
}

const COCKATIEL: ReadonlySet<string> = new Set(['cockatiel']);

function collectKinds(file: SourceFile, value: Value, into: Set<PolicyKind>, depth: number): void {
  if (depth > 8 || rootModule(value) !== 'cockatiel') return;
  let current = value;
  while (current.kind === 'created') {
    // `Policy.handleAll().retry().attempts(3)`: every name along the chain may be a factory.
    for (const name of current.path) if (COCKATIEL_FACTORIES[name]) into.add(COCKATIEL_FACTORIES[name]);
    const factory = current.by;
    if ((factory.kind === 'module' || factory.kind === 'created') && factory.path[factory.path.length - 1] === 'wrap') {
      for (const part of argumentsOf(current.call)) collectKinds(file, file.resolver.valueOf(part), into, depth + 1);
    }
    current = factory;
  }
  if (current.kind === 'module') for (const name of current.path) if (COCKATIEL_FACTORIES[name]) into.add(COCKATIEL_FACTORIES[name]);
}

function rootModule(value: Value): string | undefined {
  let current = value;
  while (current.kind === 'created') current = current.by;
  return current.kind === 'module' ? current.module : undefined;
}

/**
 * How `call` runs the callbacks passed to it under a retry, in words for a message (`retryWithBackoff`,
 * `pRetry`, `policy.execute`), or undefined when it does not: a function whose name says retry, a
 * retry library's function (also aliased), or `execute` on a cockatiel policy that includes a retry.
 */
export function retryingCall(file: SourceFile, call: SyntaxNode): string | undefined {
  const callee = calleeOf(call);
  if (!callee || call.type !== 'call_expression') return undefined;
  const path = dottedName(callee);
  const label = callee.text.replace(/\s+/g, '');
  const method = path?.[path.length - 1];
  if (method !== undefined && RETRY_WORD.test(method)) return label;
  if (callee.type === 'member_expression' && method !== undefined && RUNNING_METHODS.has(method)) {
    const receiver = callee.childForFieldName('object');
    if (path!.slice(0, -1).some((part) => RETRY_WORD.test(part))) return label;
    if (receiver && cockatielPolicyKinds(file, receiver).has('retry')) return label;
  }
  if (!importsAnyOf(file, RETRY_FUNCTION_MODULES)) return undefined;
  const value = file.resolver.valueOf(callee);
  return value.kind === 'module' && RETRY_FUNCTIONS[value.module]?.(value.path) ? label : undefined;
}

/**
 * How `call` runs the callbacks (or, for a constructor, the function) passed to it behind a circuit
 * breaker, in words for a message, or undefined: `new CircuitBreaker(fn)` from opossum or any class
 * whose name says breaker, `execute`/`fire`/`call` on a cockatiel circuit breaker policy (or a `wrap`
 * holding one) or on an object whose name says breaker, or a function named like `withCircuitBreaker`.
 */
export function breakerCall(file: SourceFile, call: SyntaxNode): string | undefined {
  const callee = calleeOf(call);
  if (!callee) return undefined;
  const label = callee.text.replace(/\s+/g, '');
  if (call.type === 'new_expression') {
    const name = dottedName(callee)?.pop();
    if (name !== undefined && BREAKER_WORD.test(name)) return `new ${label}`;
    const value = importsAnyOf(file, BREAKER_MODULES) ? file.resolver.valueOf(callee) : undefined;
    return value?.kind === 'module' && value.module === 'opossum' && value.path.length === 0 ? `new ${label}` : undefined;
  }
  const path = dottedName(callee);
  const method = path?.[path.length - 1];
  if (callee.type === 'identifier') return BREAKER_WORD.test(callee.text) ? label : undefined;
  if (callee.type !== 'member_expression' || method === undefined || !RUNNING_METHODS.has(method)) return undefined;
  if (path!.slice(0, -1).some((part) => BREAKER_WORD.test(part))) return label;
  const receiver = callee.childForFieldName('object');
  return receiver && cockatielPolicyKinds(file, receiver).has('circuitBreaker') ? label : undefined;
}

/** True when `call` is `<receiver>.execute(...)` (or `fire`, `call`...) on a receiver this file cannot trace (`this.policy`). */
export function runsUnknownPolicy(file: SourceFile, call: SyntaxNode): boolean {
  const callee = calleeOf(call);
  if (callee?.type !== 'member_expression') return false;
  const method = callee.childForFieldName('property')?.text;
  const receiver = callee.childForFieldName('object');
  if (!receiver || method === undefined || !RUNNING_METHODS.has(method) || method === 'call') return false;
  return file.resolver.valueOf(unwrap(receiver)).kind === 'unknown';
}

/** Names of policies that never retry: a breaker, a bulkhead, a limiter, a timeout. */
const NOT_RETRY_WORD = /breaker|circuit|bulkhead|limit|timeout|semaphore|mutex|lock|queue/i;
const POLICY_MODULES: ReadonlySet<string> = new Set(['cockatiel', 'p-retry', 'async-retry', 'opossum', 'brakes', 'mollitia']);

/**
 * A sign, not a proof: `policy.execute(cb)` (or `run`, `invoke`...) in a file that uses a resilience
 * library, on a receiver whose name does not say what else it is (a breaker, a bulkhead). Decided from
 * names alone, without tracing the receiver, for rules that stay silent on any sign of a retry.
 */
export function mayRunRetryPolicy(file: SourceFile, call: SyntaxNode): boolean {
  const callee = calleeOf(call);
  const path = callee?.type === 'member_expression' ? dottedName(callee) : undefined;
  const method = path?.[path.length - 1];
  if (!path || method === undefined || !RUNNING_METHODS.has(method) || method === 'call') return false;
  return !path.slice(0, -1).some((part) => NOT_RETRY_WORD.test(part)) && importsAnyOf(file, POLICY_MODULES);
}
