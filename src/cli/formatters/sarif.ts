import * as path from 'path';
import { pathToFileURL } from 'url';
import { ALL_RULES, labelledParagraph, leadParagraph, type InstructionLibrary, type Severity } from '../../core';
import type { CheckRun, FileReport } from '../check';
import { markdownToPlain } from '../explain';
import { PLAIN } from '../style';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
const SRCROOT = '%SRCROOT%';

export interface ToolInfo {
  version: string;
  informationUri: string;
}

const LEVELS: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

/**
 * SARIF 2.1.0 for code-scanning services: one run, every rule described from its instruction
 * section, results located relative to the checked folder (`%SRCROOT%`), fixes as replacements.
 */
export function formatSarif(run: CheckRun, library: InstructionLibrary, tool: ToolInfo): string {
  const ruleIndex = new Map(ALL_RULES.map((rule, index) => [rule.meta.id, index]));
  const log = {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'Instruction Lens',
            version: tool.version,
            semanticVersion: tool.version,
            informationUri: tool.informationUri,
            rules: ALL_RULES.map(({ meta }) => {
              const found = library.section(meta.section);
              const lead = found && leadParagraph(found.section);
              const why = found && labelledParagraph(found.section, 'Why');
              return {
                id: meta.id,
                shortDescription: { text: meta.description },
                fullDescription: { text: lead ? markdownToPlain(lead, PLAIN) : meta.description },
                ...(found && {
                  help: {
                    text: [lead, why && `Why: ${why}`].filter(Boolean).map((p) => markdownToPlain(p!, PLAIN)).join('\n\n'),
                    markdown: `## ${found.section.heading}\n\n${found.section.body}`,
                  },
                }),
                defaultConfiguration: { level: LEVELS[meta.defaultSeverity] },
                properties: { instruction: meta.section.instruction, section: meta.section.heading },
              };
            }),
          },
        },
        originalUriBaseIds: { [SRCROOT]: { uri: folderUri(run.baseDir) } },
        columnKind: 'utf16CodeUnits',
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: run.notices.map((n) => ({ level: n.level, message: { text: n.message } })),
          },
        ],
        results: run.files.flatMap((file) => {
          const artifactLocation = { uri: relativeUri(run.baseDir, file.path), uriBaseId: SRCROOT };
          return file.findings.map((finding) => ({
            ruleId: finding.ruleId,
            ruleIndex: ruleIndex.get(finding.ruleId) ?? -1,
            level: LEVELS[finding.severity],
            message: { text: finding.message },
            locations: [{ physicalLocation: { artifactLocation, region: region(file, finding.start, finding.end) } }],
            ...(finding.fixes.length > 0 && {
              fixes: finding.fixes.map((fix) => ({
                description: { text: fix.title },
                artifactChanges: [
                  {
                    artifactLocation,
                    replacements: [...fix.edits].sort((a, b) => a.start - b.start).map((edit) => ({ deletedRegion: region(file, edit.start, edit.end), insertedContent: { text: edit.text } })),
                  },
                ],
              })),
            }),
          }));
        }),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

/** A SARIF text region: 1-based lines and columns, the end column just past the last character. */
function region(file: FileReport, start: number, end: number) {
  const from = file.lines.position(start);
  const to = file.lines.position(end);
  return { startLine: from.line, startColumn: from.column, endLine: to.line, endColumn: to.column };
}

/** `src/payments client.ts` → `src/payments%20client.ts`: relative, forward slashes, escaped. */
export function relativeUri(baseDir: string, file: string): string {
  return path.relative(baseDir, file).split(path.sep).map(encodeURIComponent).join('/');
}

function folderUri(dir: string): string {
  const href = pathToFileURL(dir).href;
  return href.endsWith('/') ? href : `${href}/`;
}
