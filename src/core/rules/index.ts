import type { Rule } from './rule';
import requireTimeout from './require-timeout/rule';
import requireBackoffJitter from './require-backoff-jitter/rule';
import requireRetry from './require-retry/rule';
import requireCircuitBreaker from './require-circuit-breaker/rule';
import requireFallback from './require-fallback/rule';
import requireIdempotencyKey from './require-idempotency-key/rule';
import requireBoundedConcurrency from './require-bounded-concurrency/rule';
import requireEventVersion from './require-event-version/rule';
import noEventMutation from './no-event-mutation/rule';
import noClientPerInvocation from './no-client-per-invocation/rule';
import requireLlmTimeout from './require-llm-timeout/rule';
import noPromptInjection from './no-prompt-injection/rule';
import requireCacheTtl from './require-cache-ttl/rule';
import noSqlStringConcat from './no-sql-string-concat/rule';
import noCommandInjection from './no-command-injection/rule';
import noPathTraversal from './no-path-traversal/rule';
import noHardcodedSecret from './no-hardcoded-secret/rule';
import requirePasswordHashing from './require-password-hashing/rule';
import requireJwtAlgorithms from './require-jwt-algorithms/rule';
import requireAuthRateLimit from './require-auth-rate-limit/rule';

/** Every rule the engine knows, in the order the docs list them. */
export const ALL_RULES: readonly Rule[] = [
  // distributed-systems: resilience of calls to other services
  requireTimeout,
  requireBackoffJitter,
  requireRetry,
  requireCircuitBreaker,
  requireFallback,
  requireIdempotencyKey,
  requireBoundedConcurrency,
  requireEventVersion,
  noEventMutation,
  // backend-advanced
  noClientPerInvocation,
  // ai-enhanced-backend
  requireLlmTimeout,
  noPromptInjection,
  requireCacheTtl,
  // secure-backend
  noSqlStringConcat,
  noCommandInjection,
  noPathTraversal,
  noHardcodedSecret,
  requirePasswordHashing,
  requireJwtAlgorithms,
  requireAuthRateLimit,
];

export const RULE_IDS: ReadonlySet<string> = new Set(ALL_RULES.map((r) => r.meta.id));

export function ruleById(id: string): Rule | undefined {
  return ALL_RULES.find((r) => r.meta.id === id);
}
