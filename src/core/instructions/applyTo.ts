import picomatch from 'picomatch';

/**
 * `applyTo` matching with the semantics VS Code gives instruction files: a comma-separated list of
 * globs (commas inside `{a,b}` do not split); `**`, `**\/*` and `*` match every file; any other
 * pattern that does not start with `/` or `**\/` is relative and gets `**\/` in front; matching is
 * against the file's absolute path and ignores case.
 */

const MATCH_EVERYTHING = new Set(['**', '**/*', '*']);

export interface ApplyTo {
  /** The patterns as written, trimmed, empty ones dropped. */
  patterns: string[];
  /** One message per pattern that is not a valid glob. */
  errors: string[];
}

export function parseApplyTo(value: string): ApplyTo {
  const patterns: string[] = [];
  const errors: string[] = [];
  for (const raw of splitOutsideBraces(value)) {
    const pattern = raw.trim();
    if (!pattern) continue;
    const problem = globProblem(pattern);
    if (problem) errors.push(`"${pattern}" is not a valid glob: ${problem}`);
    else patterns.push(pattern);
  }
  return { patterns, errors };
}

const matcherCache = new Map<string, (path: string) => boolean>();

/** The first pattern that matches `absolutePath` (POSIX separators), or undefined. */
export function matchApplyTo(patterns: readonly string[], absolutePath: string): string | undefined {
  const path = absolutePath.replace(/\\/g, '/');
  for (const pattern of patterns) {
    if (MATCH_EVERYTHING.has(pattern)) return pattern;
    let matcher = matcherCache.get(pattern);
    if (!matcher) {
      const anchored = pattern.startsWith('/') || pattern.startsWith('**/') ? pattern : `**/${pattern}`;
      matcher = picomatch(anchored, { nocase: true, dot: true });
      matcherCache.set(pattern, matcher);
    }
    if (matcher(path)) return pattern;
  }
  return undefined;
}

function splitOutsideBraces(value: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of value) {
    if (ch === '{') depth++;
    else if (ch === '}') depth = Math.max(0, depth - 1);
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current);
  return parts;
}

/** Why a glob is malformed (unbalanced braces or brackets), or undefined when it is fine. */
function globProblem(pattern: string): string | undefined {
  let braces = 0;
  let inBracket = false;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '\\') {
      i++;
      continue;
    }
    if (inBracket) {
      if (ch === ']') inBracket = false;
      continue;
    }
    if (ch === '[') inBracket = true;
    else if (ch === '{') braces++;
    else if (ch === '}' && --braces < 0) return "'}' without a matching '{'";
  }
  if (inBracket) return "'[' is never closed";
  if (braces > 0) return "'{' is never closed";
  return undefined;
}
