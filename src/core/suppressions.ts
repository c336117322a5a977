import type { SourceFile } from './sourceFile';

/** The comment the "Disable <rule> for this line" action writes; the engine honours it. */
export const DISABLE_NEXT_LINE = 'instruction-lens-disable-next-line';

/**
 * Lines on which rules are switched off, from `// instruction-lens-disable-next-line rule-a, rule-b`
 * comments (no ids: every rule). Read from comment nodes, so the text in a string never counts.
 */
export function findSuppressions(file: SourceFile): Map<number, Set<string> | 'all'> {
  const suppressed = new Map<number, Set<string> | 'all'>();
  for (const comment of file.root.descendantsOfType('comment')) {
    if (!comment) continue;
    const body = comment.text.replace(/^\/\/|^\/\*|\*\/$/g, '').trim();
    if (!body.startsWith(DISABLE_NEXT_LINE)) continue;
    const ids = body
      .slice(DISABLE_NEXT_LINE.length)
      .split(/--/)[0]
      .split(/[\s,]+/)
      .filter(Boolean);
    const line = file.lineOf(comment.endIndex) + 1;
    const existing = suppressed.get(line);
    if (ids.length === 0 || existing === 'all') suppressed.set(line, 'all');
    else suppressed.set(line, new Set([...(existing ?? []), ...ids]));
  }
  return suppressed;
}

export function isSuppressed(suppressions: Map<number, Set<string> | 'all'>, line: number, ruleId: string): boolean {
  const entry = suppressions.get(line);
  return entry === 'all' || (entry !== undefined && entry.has(ruleId));
}
