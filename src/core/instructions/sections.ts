/**
 * Splits an instruction file's Markdown body into its `##` sections and reads the conventions the
 * bundled files follow: a `**Why:**` and a `**What to do:**` paragraph, a closing
 * `Checked by: \`rule-id\`` or `Guidance only: reason` line, and fenced code blocks tagged
 * `pattern=<id>` (with `lib=<package>` when written with a library) that Apply Pattern inserts.
 */

export interface PatternBlock {
  id: string;
  /** The fence's language word: `ts`, `typescript`, `js`. */
  language: string;
  /** The library the block is written with (`lib=cockatiel`); absent for the dependency-free helper. */
  library?: string;
  code: string;
}

export interface Section {
  heading: string;
  /** GitHub-style anchor of the heading, for links. */
  slug: string;
  /** Zero-based line of the heading within the whole file. */
  line: number;
  /** The section's Markdown, heading excluded. */
  body: string;
  /** Rule ids named on the section's `Checked by:` line. */
  checkedBy: string[];
  /** The zero-based line of the `Checked by:` line, for diagnostics on it. */
  checkedByLine?: number;
  guidanceOnly?: string;
  patterns: PatternBlock[];
}

const FENCE = /^(```+|~~~+)\s*(\S*)(.*)$/;

/** Sections of a Markdown body; `firstLine` is the line of the body within the file. */
export function splitSections(body: string, firstLine = 0): Section[] {
  const lines = body.split(/\r?\n/);
  const sections: Section[] = [];
  let current: { heading: string; line: number; lines: string[] } | undefined;
  let fence: string | undefined;
  const flush = () => {
    if (current) sections.push(readSection(current.heading, current.line, current.lines));
  };
  lines.forEach((line, index) => {
    const fenceMatch = FENCE.exec(line);
    if (fenceMatch) {
      if (!fence) fence = fenceMatch[1];
      else if (line.trim().startsWith(fence) && line.trim().replace(/[`~]/g, '') === '') fence = undefined;
    } else if (!fence && /^##\s+/.test(line) && !/^###/.test(line)) {
      flush();
      current = { heading: line.replace(/^##\s+/, '').replace(/\s+#*\s*$/, '').trim(), line: firstLine + index, lines: [] };
      return;
    }
    current?.lines.push(line);
  });
  flush();
  return sections;
}

function readSection(heading: string, line: number, lines: string[]): Section {
  const section: Section = { heading, slug: slugify(heading), line, body: lines.join('\n').trim(), checkedBy: [], patterns: [] };
  let block: { id?: string; library?: string; language: string; fence: string; lines: string[] } | undefined;
  lines.forEach((text, index) => {
    if (block) {
      if (text.trim().startsWith(block.fence) && text.trim().replace(/[`~]/g, '') === '') {
        if (block.id) {
          // `library` only when set, so a dependency-free block reads as before.
          const library = block.library ? { library: block.library } : {};
          section.patterns.push({ id: block.id, language: block.language, ...library, code: block.lines.join('\n') + '\n' });
        }
        block = undefined;
      } else {
        block.lines.push(text);
      }
      return;
    }
    const fence = FENCE.exec(text);
    if (fence) {
      const id = /(?:^|\s)pattern=([\w-]+)/.exec(fence[3])?.[1];
      const library = /(?:^|\s)lib=([\w@./-]+)/.exec(fence[3])?.[1];
      block = { id, library, language: fence[2], fence: fence[1], lines: [] };
      return;
    }
    const checked = /^Checked by:\s*(.+)$/.exec(text.trim());
    if (checked) {
      section.checkedBy = [...checked[1].matchAll(/`([^`]+)`/g)].map((m) => m[1]);
      section.checkedByLine = line + 1 + index;
    }
    const guidance = /^Guidance only:\s*(.+)$/.exec(text.trim());
    if (guidance) section.guidanceOnly = guidance[1];
  });
  return section;
}

/** GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens. */
export function slugify(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .trim()
    .replace(/\s/g, '-');
}

/** A labelled paragraph of a section (`**Why:** ...`), without its label, or undefined. */
export function labelledParagraph(section: Section, label: string): string | undefined {
  const paragraphs = section.body.split(/\n\s*\n/);
  const prefix = `**${label}:**`;
  const found = paragraphs.find((p) => p.trimStart().startsWith(prefix));
  return found?.trimStart().slice(prefix.length).trim();
}

/** The section's opening paragraph: the rule stated in a sentence or three. */
export function leadParagraph(section: Section): string {
  const first = section.body.split(/\n\s*\n/).find((p) => p.trim() && !p.trimStart().startsWith('#'));
  return first?.trim() ?? '';
}
