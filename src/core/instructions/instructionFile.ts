import matter from 'gray-matter';
import { parseApplyTo } from './applyTo';
import { splitSections, type Section } from './sections';

/** Front-matter keys VS Code's own instruction-file validator accepts; it warns on any other. */
export const KNOWN_FRONT_MATTER_KEYS = ['applyTo', 'description', 'name', 'excludeAgent'] as const;

export type InstructionSource = 'bundled' | 'workspace';

export interface InstructionProblem {
  severity: 'error' | 'warning' | 'info';
  message: string;
  /** Zero-based line in the instruction file. */
  line: number;
}

export interface InstructionFile {
  /** File name without `.instructions.md` (or `.md`): the id rules and settings use. */
  id: string;
  /** Absolute path of the file. */
  path: string;
  source: InstructionSource;
  description?: string;
  /** Valid `applyTo` globs; empty means the file is never applied automatically. */
  applyTo: string[];
  sections: Section[];
  problems: InstructionProblem[];
  /**
   * Repository-wide instructions (`.github/copilot-instructions.md`, `AGENTS.md`): plain Markdown
   * with no front matter, applied to every file (`applyTo` is `**`).
   */
  repositoryWide?: boolean;
}

/** The id of an instruction file from its path: `a/b/secure-backend.instructions.md` → `secure-backend`. */
export function instructionIdOf(filePath: string): string {
  const base = filePath.replace(/\\/g, '/').split('/').pop() ?? filePath;
  return base.replace(/\.instructions\.md$/i, '').replace(/\.md$/i, '');
}

/**
 * Reads one instruction file. Never throws: broken YAML, a bad glob or an unknown key becomes a
 * problem on the file, and the rest of the file (its sections) stays usable.
 */
export function parseInstructionFile(
  filePath: string,
  text: string,
  source: InstructionSource,
  knownRuleIds?: ReadonlySet<string>,
): InstructionFile {
  const problems: InstructionProblem[] = [];
  const file: InstructionFile = { id: instructionIdOf(filePath), path: filePath, source, applyTo: [], sections: [], problems };
  const bodyLine = frontMatterEndLine(text);
  let data: Record<string, unknown> | undefined;
  let body = bodyLine > 0 ? text.split(/\r?\n/).slice(bodyLine).join('\n') : text;
  try {
    // gray-matter caches by content; pass a copy of the options object to disable that cache.
    const parsed = matter(text, {});
    data = isRecord(parsed.data) ? parsed.data : {};
    body = parsed.content;
  } catch (error) {
    const reason = (error as { reason?: string }).reason ?? (error as Error).message;
    problems.push({ severity: 'error', message: `Front matter is not valid YAML: ${reason}`, line: yamlErrorLine(text, error, reason) });
  }
  if (data) validateFrontMatter(data, text, file);
  file.sections = splitSections(body, bodyLine);
  if (knownRuleIds) checkRuleReferences(file, knownRuleIds);
  return file;
}

/**
 * Reads a repository-wide instruction file (`.github/copilot-instructions.md`, `AGENTS.md`). Copilot
 * applies it to every request and expects no front matter, so there is nothing to validate but
 * the rules its sections name; front matter, if any, is skipped unread.
 */
export function parseRepositoryInstructions(filePath: string, text: string, knownRuleIds?: ReadonlySet<string>): InstructionFile {
  const bodyLine = frontMatterEndLine(text);
  const body = text.split(/\r?\n/).slice(bodyLine).join('\n');
  const file: InstructionFile = {
    id: instructionIdOf(filePath),
    path: filePath,
    source: 'workspace',
    applyTo: ['**'],
    sections: splitSections(body, bodyLine),
    problems: [],
    repositoryWide: true,
  };
  if (knownRuleIds) checkRuleReferences(file, knownRuleIds);
  return file;
}

/** A `Checked by:` line naming a rule the engine does not have is a warning on that line. */
function checkRuleReferences(file: InstructionFile, knownRuleIds: ReadonlySet<string>): void {
  for (const section of file.sections) {
    for (const id of section.checkedBy) {
      if (!knownRuleIds.has(id)) {
        file.problems.push({ severity: 'warning', message: `Section "${section.heading}" names rule "${id}", which does not exist.`, line: section.checkedByLine ?? section.line });
      }
    }
  }
}

function validateFrontMatter(data: Record<string, unknown>, text: string, file: InstructionFile): void {
  const lineOf = (key: string) => keyLine(text, key);
  for (const key of Object.keys(data)) {
    if (!(KNOWN_FRONT_MATTER_KEYS as readonly string[]).includes(key)) {
      file.problems.push({ severity: 'warning', message: `Unknown front-matter key "${key}": VS Code accepts only ${KNOWN_FRONT_MATTER_KEYS.join(', ')}.`, line: lineOf(key) });
    }
  }
  const applyTo = data.applyTo;
  if (Array.isArray(applyTo)) {
    file.problems.push({ severity: 'error', message: 'applyTo is a YAML list; Copilot ignores it. Write one string of comma-separated globs: applyTo: "**/*.ts,**/*.js".', line: lineOf('applyTo') });
  } else if (typeof applyTo === 'string') {
    const parsed = parseApplyTo(applyTo);
    file.applyTo = parsed.patterns;
    for (const error of parsed.errors) file.problems.push({ severity: 'error', message: `applyTo: ${error}.`, line: lineOf('applyTo') });
  } else if (applyTo !== undefined) {
    file.problems.push({ severity: 'error', message: 'applyTo must be a string of comma-separated globs.', line: lineOf('applyTo') });
  }
  if (typeof data.description === 'string' && data.description.trim()) file.description = data.description.trim();
  else if (file.source === 'workspace' || data.description !== undefined) {
    file.problems.push({ severity: 'info', message: 'Add a description: VS Code shows it when choosing instructions.', line: 0 });
  }
}

/**
 * The line to show a YAML error on. js-yaml names where it gave up, which for a quote left open is
 * the end of the front matter; the line that opened the quote is the one to fix. Never a line
 * below the closing `---`.
 */
function yamlErrorLine(text: string, error: unknown, reason: string): number {
  const lines = text.split(/\r?\n/);
  const closing = frontMatterEndLine(text) - 1;
  const last = closing > 0 ? closing : lines.length - 1;
  const quote = /single quoted/.test(reason) ? "'" : /double quoted/.test(reason) ? '"' : undefined;
  if (quote) {
    const opens = new RegExp(`^\\s*(?:-\\s*|[^:#]+:\\s*)${quote}`);
    for (let line = 1; line < last; line++) {
      const unescaped = quote === '"' ? lines[line].replace(/\\./g, '') : lines[line];
      if (opens.test(lines[line]) && unescaped.split(quote).length % 2 === 0) return line;
    }
  }
  // gray-matter hands js-yaml the text from the end of the opening `---`, so its zero-based line is the file's.
  const mark = (error as { mark?: { line?: number } }).mark;
  return Math.max(Math.min(mark?.line ?? 0, last), 0);
}

/** Number of lines the front matter takes (0 when there is none). */
function frontMatterEndLine(text: string): number {
  const lines = text.split(/\r?\n/);
  if (lines[0]?.trim() !== '---') return 0;
  const end = lines.findIndex((line, i) => i > 0 && line.trim() === '---');
  return end < 0 ? 0 : end + 1;
}

function keyLine(text: string, key: string): number {
  const index = text.split(/\r?\n/).findIndex((line) => line.startsWith(`${key}:`));
  return Math.max(index, 0);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
