import type { Finding, Severity } from '../../core';
import type { CheckRun } from '../check';
import { explainFinding } from '../explain';
import { displayPath } from '../files';
import type { Style } from '../style';

export interface TextOptions {
  cwd: string;
  style: Style;
  explain: boolean;
}

export interface Counts {
  error: number;
  warning: number;
  info: number;
}

/** Findings counted by severity. */
export function countFindings(run: CheckRun): Counts {
  const counts: Counts = { error: 0, warning: 0, info: 0 };
  for (const file of run.files) for (const finding of file.findings) counts[finding.severity]++;
  return counts;
}

/**
 * ESLint's "stylish" layout: the file's path, one aligned row per finding
 * (`line:column  severity  message  rule`), and a summary of the counts.
 */
export function formatText(run: CheckRun, options: TextOptions): string {
  const { style } = options;
  const out: string[] = [];
  const quoted = new Set<string>();
  for (const file of run.files) {
    if (file.findings.length === 0) continue;
    const rows = file.findings.map((finding) => ({ finding, ...file.lines.position(finding.start) }));
    const lineWidth = Math.max(...rows.map((r) => String(r.line).length));
    const columnWidth = Math.max(...rows.map((r) => String(r.column).length));
    const severityWidth = Math.max(...rows.map((r) => r.finding.severity.length));
    const messageWidth = Math.max(...rows.map((r) => oneLine(r.finding.message).length));
    out.push(style.underline(displayPath(file.path, options.cwd)));
    for (const { finding, line, column } of rows) {
      const where = `${String(line).padStart(lineWidth)}:${String(column).padEnd(columnWidth)}`;
      const severity = paint(finding.severity, finding.severity.padEnd(severityWidth), style);
      out.push(`  ${style.dim(where)}  ${severity}  ${oneLine(finding.message).padEnd(messageWidth)}  ${style.dim(finding.ruleId)}`);
      if (options.explain) {
        const context = { library: file.workspace.library, text: file.text, lines: file.lines, cwd: options.cwd, style, quoted };
        out.push(...explainFinding(finding, context), '');
      }
    }
    if (!options.explain) out.push('');
  }
  out.push(summary(run, style));
  return `${out.join('\n')}\n`;
}

function summary(run: CheckRun, style: Style): string {
  const counts = countFindings(run);
  const total = counts.error + counts.warning + counts.info;
  if (total === 0) return style.green(`✔ No problems (${plural(run.files.length, 'file')} checked)`);
  const text = `✖ ${plural(total, 'problem')} (${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${plural(counts.info, 'info')})`;
  const colour = counts.error > 0 ? style.red : counts.warning > 0 ? style.yellow : style.blue;
  return style.bold(colour(text));
}

function paint(severity: Severity, text: string, style: Style): string {
  return severity === 'error' ? style.red(text) : severity === 'warning' ? style.yellow(text) : style.blue(text);
}

function oneLine(message: Finding['message']): string {
  return message.replace(/\s*\r?\n\s*/g, ' ');
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** `instruction-lens rules`: each rule with its default severity, the section behind it and what it checks. */
export function formatRules(rules: ReadonlyArray<{ meta: { id: string; defaultSeverity: Severity; description: string; section: { instruction: string; heading: string } } }>): string {
  const rows = [['rule', 'default', 'instruction section'], ...rules.map(({ meta }) => [meta.id, meta.defaultSeverity, `${meta.section.instruction} › ${meta.section.heading}`])];
  const widths = [0, 1].map((c) => Math.max(...rows.map((r) => r[c].length)));
  const out: string[] = [];
  rows.forEach((row, i) => {
    out.push(`${row[0].padEnd(widths[0])}  ${row[1].padEnd(widths[1])}  ${row[2]}`);
    if (i > 0) out.push(`  ${rules[i - 1].meta.description}`);
  });
  return `${out.join('\n')}\n`;
}
