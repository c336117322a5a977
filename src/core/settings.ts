import type { EngineSettings, SeveritySetting } from './types';

const SEVERITIES: readonly SeveritySetting[] = ['off', 'info', 'warning', 'error'];

export const DEFAULT_SETTINGS: EngineSettings = { enable: true, rules: {} };

/**
 * Turns raw user settings into a typed object, keeping what is valid and naming what is not, so a
 * broken setting is reported once and everything else keeps working.
 */
export function sanitiseSettings(
  raw: { enable?: unknown; rules?: unknown },
  knownRuleIds: ReadonlySet<string>,
): { settings: EngineSettings; problems: string[] } {
  const problems: string[] = [];
  const settings: EngineSettings = { enable: true, rules: {} };
  if (raw.enable !== undefined) {
    if (typeof raw.enable === 'boolean') settings.enable = raw.enable;
    else problems.push(`instructionLens.enable must be true or false, not ${JSON.stringify(raw.enable)}; using true.`);
  }
  if (raw.rules !== undefined && raw.rules !== null) {
    if (typeof raw.rules !== 'object' || Array.isArray(raw.rules)) {
      problems.push('instructionLens.rules must be an object mapping rule ids to "off", "info", "warning" or "error"; ignoring it.');
    } else {
      for (const [id, value] of Object.entries(raw.rules as Record<string, unknown>)) {
        if (!knownRuleIds.has(id)) {
          problems.push(`instructionLens.rules: there is no rule "${id}"; known rules: ${[...knownRuleIds].join(', ')}.`);
        } else if (typeof value === 'string' && (SEVERITIES as readonly string[]).includes(value)) {
          settings.rules[id] = value as SeveritySetting;
        } else {
          problems.push(`instructionLens.rules.${id} must be one of ${SEVERITIES.join(', ')}, not ${JSON.stringify(value)}; using the rule's default.`);
        }
      }
    }
  }
  return { settings, problems };
}
