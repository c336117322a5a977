import type { Finding, Fix, TextEdit } from './types';

/** Applies non-overlapping edits to `text`; throws on overlap, which is a rule bug. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i].start < sorted[i - 1].end) throw new Error(`overlapping edits at ${sorted[i].start}`);
  }
  let result = text;
  for (let i = sorted.length - 1; i >= 0; i--) {
    const { start, end, text: replacement } = sorted[i];
    result = result.slice(0, start) + replacement + result.slice(end);
  }
  return result;
}

/**
 * Chooses one fix per finding (the preferred one, or the first) and drops fixes whose edits
 * overlap an earlier choice, as ESLint does in one pass. Identical edits (a helper two fixes both
 * insert) are kept once. `filter` limits which fixes count (for instance, safe ones only).
 */
export function selectFixes(findings: readonly Finding[], filter: (fix: Fix) => boolean = () => true): TextEdit[] {
  const chosen: TextEdit[] = [];
  const seen = new Set<string>();
  for (const finding of findings) {
    const candidates = finding.fixes.filter(filter);
    const fix = candidates.find((f) => f.preferred) ?? candidates[0];
    if (!fix) continue;
    const fresh = fix.edits.filter((e) => !seen.has(editKey(e)));
    if (fresh.some((e) => chosen.some((c) => overlaps(c, e)))) continue;
    for (const e of fresh) {
      seen.add(editKey(e));
      chosen.push(e);
    }
  }
  return chosen;
}

function editKey(e: TextEdit): string {
  return `${e.start}:${e.end}:${e.text}`;
}

function overlaps(a: TextEdit, b: TextEdit): boolean {
  if (a.start === a.end && b.start === b.end) return false; // two insertions at one point both apply
  return a.start < b.end && b.start < a.end;
}
