import type { SectionRef, Severity, TextEdit } from '../../core';
import type { CheckRun } from '../check';
import { displayPath } from '../files';

export interface JsonFinding {
  ruleId: string;
  severity: Severity;
  message: string;
  /** 1-based; columns count UTF-16 code units; the end is exclusive. */
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  section: SectionRef;
  /** Edits are character offsets into the file as read. */
  fixes: Array<{ title: string; safe: boolean; preferred: boolean; edits: TextEdit[] }>;
}

export interface JsonFileReport {
  /** Relative to the current directory. */
  filePath: string;
  findings: JsonFinding[];
}

/** Every analysed file with its findings (an empty list for a clean file), as JSON. */
export function formatJson(run: CheckRun, cwd: string): string {
  const report: JsonFileReport[] = run.files.map((file) => ({
    filePath: displayPath(file.path, cwd),
    findings: file.findings.map((finding) => {
      const start = file.lines.position(finding.start);
      const end = file.lines.position(finding.end);
      return {
        ruleId: finding.ruleId,
        severity: finding.severity,
        message: finding.message,
        line: start.line,
        column: start.column,
        endLine: end.line,
        endColumn: end.column,
        section: { instruction: finding.section.instruction, heading: finding.section.heading },
        fixes: finding.fixes.map((fix) => ({
          title: fix.title,
          safe: fix.safe,
          preferred: fix.preferred === true,
          edits: fix.edits.map(({ start: s, end: e, text }) => ({ start: s, end: e, text })),
        })),
      };
    }),
  }));
  return `${JSON.stringify(report, null, 2)}\n`;
}
