import type { Rule } from './rule';
import requireTimeout from './require-timeout/rule';
import requireBackoffJitter from './require-backoff-jitter/rule';

/** Every rule the engine knows, in the order the docs list them. */
export const ALL_RULES: readonly Rule[] = [requireTimeout, requireBackoffJitter];

export const RULE_IDS: ReadonlySet<string> = new Set(ALL_RULES.map((r) => r.meta.id));

export function ruleById(id: string): Rule | undefined {
  return ALL_RULES.find((r) => r.meta.id === id);
}
