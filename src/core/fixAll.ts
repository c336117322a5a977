import { selectFixes } from './fixes';
import type { Finding, Fix, TextEdit } from './types';

/** The fix a finding stands for: its preferred one, else its first (the one `selectFixes` picks). */
function chosenFix(finding: Finding): Fix | undefined {
  return finding.fixes.find((fix) => fix.preferred) ?? finding.fixes[0];
}

/**
 * The edits of "Fix all <rule> problems in this file": the preferred fix of every finding of
 * `ruleId`, overlapping ones dropped, a helper several fixes insert added once. Undefined unless
 * two or more findings of the rule have a fix: for one, its own quick fix does the same.
 */
export function fixAllOfRule(findings: readonly Finding[], ruleId: string): TextEdit[] | undefined {
  const fixable = findings.filter((finding) => finding.ruleId === ruleId && finding.fixes.length > 0);
  if (fixable.length < 2) return undefined;
  const edits = selectFixes(fixable);
  return edits.length > 0 ? edits : undefined;
}

/**
 * The edits of fix-all on save (`source.fixAll.instructionLens`): each finding's preferred fix, and
 * only when it is marked safe. A timeout, retry or breaker changes runtime behaviour and stays a
 * quick fix a person chooses; so does a safe alternative behind an unsafe preferred fix, since the
 * rule ranks the other one higher.
 */
export function safeFixAll(findings: readonly Finding[]): TextEdit[] {
  return selectFixes(
    findings.filter((finding) => chosenFix(finding)?.safe === true),
    (fix) => fix.safe,
  );
}
