import * as path from 'path';
import { applyEdits, labelledParagraph, leadParagraph, type Finding, type Fix, type InstructionLibrary, type TextEdit } from '../core';
import { displayPath, type LineMap } from './files';
import type { Style } from './style';

/** Explanations wrap at this many columns, indentation included. */
export const WRAP_COLUMNS = 100;
/** A diff side longer than this is cut, with a count of the lines left out. */
const MAX_DIFF_LINES = 14;

export interface ExplainContext {
  library: InstructionLibrary;
  text: string;
  lines: LineMap;
  cwd: string;
  style: Style;
  /**
   * Sections already quoted in this report: a section is quoted in full under its first finding
   * only, so that fifty missing timeouts do not print the same paragraphs fifty times.
   */
  quoted?: Set<string>;
}

/**
 * What `--explain` prints under a finding: the instruction section it comes from, the section's
 * lead and **Why:** paragraphs as plain text, and the preferred fix as a small diff.
 */
export function explainFinding(finding: Finding, context: ExplainContext, indent = '    '): string[] {
  const { style } = context;
  const out: string[] = [];
  const found = context.library.section(finding.section);
  if (found) {
    const where = found.file.source === 'bundled' ? `${path.basename(found.file.path)} (bundled)` : displayPath(found.file.path, context.cwd);
    const key = `${found.file.path}#${found.section.heading}`;
    const quotedBefore = context.quoted?.has(key) ?? false;
    context.quoted?.add(key);
    out.push(`${indent}${style.bold(found.section.heading)} ${style.dim(`— ${where}${quotedBefore ? ' (quoted above)' : ''}`)}`);
    if (!quotedBefore) {
      const lead = leadParagraph(found.section);
      if (lead) out.push(...wrap(markdownToPlain(lead, style), indent));
      const why = labelledParagraph(found.section, 'Why');
      if (why) out.push(...wrap(`${style.bold('Why:')} ${markdownToPlain(why, style)}`, indent));
    }
  } else {
    out.push(`${indent}${style.dim(`(section "${finding.section.heading}" of ${finding.section.instruction} not found)`)}`);
  }

  const fix = finding.fixes.find((f) => f.preferred) ?? finding.fixes[0];
  if (fix) {
    const caution = fix.safe ? '' : style.dim(' (changes runtime behaviour: review before applying)');
    out.push(`${indent}${style.bold('Fix:')} ${fix.title}${caution}`);
    fixDiff(context.text, context.lines, fix).forEach((hunk, i) => {
      if (i > 0) out.push(`${indent}  ${style.dim('…')}`);
      if (hunk.context !== undefined) out.push(`${indent}  ${style.dim(`  ${hunk.context}`.trimEnd())}`);
      out.push(...diffSide(hunk.removed, '-', style.red, `${indent}  `, style));
      out.push(...diffSide(hunk.added, '+', style.green, `${indent}  `, style));
    });
    const others = finding.fixes.filter((f) => f !== fix);
    if (others.length > 0) out.push(...wrap(`${style.dim('Other fixes:')} ${others.map((f) => f.title).join('; ')}`, indent));
  }
  return out;
}

function diffSide(lines: string[], sign: string, colour: (s: string) => string, indent: string, style: Style): string[] {
  const shown = lines.slice(0, MAX_DIFF_LINES).map((line) => `${indent}${colour(`${sign} ${line}`.trimEnd())}`);
  if (lines.length > MAX_DIFF_LINES) shown.push(`${indent}${style.dim(`${sign} … ${lines.length - MAX_DIFF_LINES} more lines`)}`);
  return shown;
}

export interface DiffHunk {
  /** Zero-based line of the first changed line. */
  line: number;
  /** For a pure insertion, the unchanged line above it, to show where the new lines go. */
  context?: string;
  removed: string[];
  added: string[];
}

/**
 * The lines a fix changes: edits on the same or neighbouring lines form one hunk; each hunk's
 * lines are rewritten with the fix's edits and trimmed to the lines that actually differ.
 */
export function fixDiff(text: string, lines: LineMap, fix: Fix): DiffHunk[] {
  const hunks: DiffHunk[] = [];
  for (const cluster of clusterEdits(fix.edits, lines)) {
    const first = lines.lineIndex(cluster[0].start);
    const last = lines.lineIndex(Math.max(...cluster.map((e) => e.end)));
    const regionStart = lines.lineStart(first);
    const regionEnd = Math.max(lines.lineEnd(last), ...cluster.map((e) => e.end));
    const before = text.slice(regionStart, regionEnd);
    const after = applyEdits(before, cluster.map((e) => ({ ...e, start: e.start - regionStart, end: e.end - regionStart })));
    const removed = before.split(/\r?\n/);
    const added = after.split(/\r?\n/);
    let head = 0;
    while (head < removed.length && head < added.length && removed[head] === added[head]) head++;
    let tail = 0;
    while (tail < removed.length - head && tail < added.length - head && removed[removed.length - 1 - tail] === added[added.length - 1 - tail]) tail++;
    const hunk: DiffHunk = { line: first + head, removed: removed.slice(head, removed.length - tail), added: added.slice(head, added.length - tail) };
    if (hunk.removed.length === 0 && hunk.added.length === 0) continue;
    if (hunk.removed.length === 0 && hunk.line > 0) hunk.context = text.slice(lines.lineStart(hunk.line - 1), lines.lineEnd(hunk.line - 1));
    hunks.push(hunk);
  }
  return hunks;
}

/** Groups edits (sorted by position) whose lines touch or are adjacent. */
function clusterEdits(edits: readonly TextEdit[], lines: LineMap): TextEdit[][] {
  const clusters: TextEdit[][] = [];
  let lastLine = -2;
  for (const edit of [...edits].sort((a, b) => a.start - b.start || a.end - b.end)) {
    const startLine = lines.lineIndex(edit.start);
    if (clusters.length > 0 && startLine <= lastLine + 1) clusters[clusters.length - 1].push(edit);
    else clusters.push([edit]);
    lastLine = Math.max(lastLine, lines.lineIndex(edit.end));
  }
  return clusters;
}

/**
 * Markdown prose as terminal text: links keep their words, emphasis marks go, inline code is
 * coloured (when colour is on) instead of back-quoted. Soft line breaks become spaces; list items
 * keep their own lines.
 */
export function markdownToPlain(markdown: string, style: Style): string {
  const lines = markdown.split(/\r?\n/).map((line) => line.trim());
  const joined: string[] = [];
  for (const line of lines) {
    if (!line) continue;
    if (/^([-*+]|\d+[.)])\s/.test(line) || joined.length === 0) joined.push(line);
    else joined[joined.length - 1] += ` ${line}`;
  }
  return joined.map((line) => inlineToPlain(line.replace(/^[*+]\s/, '- '), style)).join('\n');
}

function inlineToPlain(text: string, style: Style): string {
  // Code spans are set aside first so that underscores and asterisks inside code stay as written.
  const code: string[] = [];
  const prose = text.replace(/(`+)([^`]*?)\1/g, (_, _ticks: string, body: string) => `\u0000${code.push(body.trim()) - 1}\u0000`);
  return prose
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/(\*\*|__)(?=\S)(.+?)(?<=\S)\1/g, '$2')
    .replace(/(^|[^\w*])\*(?=\S)([^*]+?)(?<=\S)\*(?!\w)/g, '$1$2')
    .replace(/(^|\W)_(?=\S)([^_]+?)(?<=\S)_(?!\w)/g, '$1$2')
    .replace(/\u0000(\d+)\u0000/g, (_, index: string) => style.cyan(code[Number(index)]));
}

/**
 * Word-wraps text (which may hold ANSI colour codes and `\n`-separated items) to WRAP_COLUMNS,
 * every line starting with `indent`; list items continue under their text.
 */
export function wrap(text: string, indent: string, width = WRAP_COLUMNS): string[] {
  const out: string[] = [];
  for (const paragraph of text.split('\n')) {
    const hanging = /^- /.test(paragraph) ? `${indent}  ` : indent;
    let line = indent;
    let lineWidth = indent.length;
    let empty = true;
    for (const word of paragraph.split(' ').filter(Boolean)) {
      const wordWidth = visibleLength(word);
      if (!empty && lineWidth + 1 + wordWidth > width) {
        out.push(line);
        line = hanging + word;
        lineWidth = hanging.length + wordWidth;
      } else {
        line += (empty ? '' : ' ') + word;
        lineWidth += (empty ? 0 : 1) + wordWidth;
      }
      empty = false;
    }
    if (!empty) out.push(line);
  }
  return out;
}

/** Length of text as the terminal shows it, ANSI escape sequences left out. */
export function visibleLength(text: string): number {
  return text.replace(/\u001b\[\d+m/g, '').length;
}
