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

/**
 * Reads `instructionLens.bundledInstructions` (bundled instruction id → `false` to switch the file
 * off). Unknown ids and values that are not booleans are named and ignored.
 */
export function sanitiseBundledInstructions(raw: unknown, bundledIds: readonly string[]): { disabled: Set<string>; problems: string[] } {
  const disabled = new Set<string>();
  const problems: string[] = [];
  if (raw === undefined || raw === null) return { disabled, problems };
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    problems.push('instructionLens.bundledInstructions must be an object mapping bundled instruction files to true or false; ignoring it.');
    return { disabled, problems };
  }
  for (const [id, value] of Object.entries(raw as Record<string, unknown>)) {
    if (!bundledIds.includes(id)) {
      problems.push(`instructionLens.bundledInstructions: there is no bundled instruction file "${id}"; bundled: ${bundledIds.join(', ')}.`);
    } else if (typeof value !== 'boolean') {
      problems.push(`instructionLens.bundledInstructions.${id} must be true or false, not ${JSON.stringify(value)}; keeping it on.`);
    } else if (!value) {
      disabled.add(id);
    }
  }
  return { disabled, problems };
}
