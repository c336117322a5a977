import * as path from 'path';
import * as vscode from 'vscode';
import type { Finding } from '../core';
import { enginePath } from './diagnostics';
import type { DocumentState } from './documentState';
import type { SectionExplanation } from './engineHost';
import { COMMANDS, commandLink } from './ids';
import type { LazyEngine } from './lazyEngine';
import type { Log } from './log';

/**
 * Explains the findings under the cursor with the instruction section behind them: what is wrong
 * (the message), why it matters and what to do (quoted from the instruction file), and links to
 * open the file or apply the preferred fix.
 */
export class InstructionHover implements vscode.HoverProvider {
  constructor(
    private readonly engine: LazyEngine,
    private readonly state: DocumentState,
    private readonly log: Log,
  ) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    return this.log.guard('hover', () => this.hover(document, position), undefined);
  }

  private hover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const analysis = this.state.get(document);
    if (!analysis) return undefined;
    const offset = document.offsetAt(position);
    const findings = analysis.findings.filter((f) => f.start <= offset && offset <= f.end);
    if (findings.length === 0) return undefined;
    const host = this.engine.get();
    const markdown = new vscode.MarkdownString('', true);
    markdown.isTrusted = { enabledCommands: [COMMANDS.showInstruction, COMMANDS.applyFix] };
    findings.forEach((finding, index) => {
      if (index > 0) markdown.appendMarkdown('\n\n---\n\n');
      const explanation = host.explain(finding.section);
      const libraryAdvice = host.libraryAdvice(finding.section, enginePath(document));
      appendFinding(markdown, document, finding, explanation && { ...explanation, libraryAdvice });
    });
    const first = findings[0];
    return new vscode.Hover(markdown, new vscode.Range(document.positionAt(first.start), document.positionAt(first.end)));
  }
}

function appendFinding(
  markdown: vscode.MarkdownString,
  document: vscode.TextDocument,
  finding: Finding,
  explanation: (SectionExplanation & { libraryAdvice?: string }) | undefined,
): void {
  // VS Code already shows the diagnostic's message above this hover: start from the section instead,
  // naming the rule so that several findings at one place stay told apart.
  if (explanation) {
    markdown.appendMarkdown(`**${explanation.heading} — ${path.basename(explanation.path)}** · \`${finding.ruleId}\`\n\n`);
    if (explanation.lead) markdown.appendMarkdown(`${explanation.lead}\n\n`);
    if (explanation.why) markdown.appendMarkdown(`**Why:** ${explanation.why}\n\n`);
    if (explanation.whatToDo) markdown.appendMarkdown(`**What to do:** ${explanation.whatToDo}\n\n`);
    if (explanation.example) markdown.appendCodeblock(explanation.example.code, explanation.example.language || 'ts');
    if (explanation.libraryAdvice) markdown.appendMarkdown(`\n\n_${explanation.libraryAdvice}_\n\n`);
  } else {
    markdown.appendMarkdown(`${finding.message} (\`${finding.ruleId}\`)\n\n`);
    markdown.appendMarkdown(`_The section "${finding.section.heading}" of ${finding.section.instruction}.instructions.md was not found._\n\n`);
  }
  const links = [`[Open instruction](${commandLink(COMMANDS.showInstruction, [finding.section.instruction, finding.section.heading])})`];
  const preferred = finding.fixes.findIndex((fix) => fix.preferred);
  const fixIndex = preferred >= 0 ? preferred : finding.fixes.length > 0 ? 0 : -1;
  if (fixIndex >= 0) {
    const args = [document.uri.toString(), finding.ruleId, finding.start, fixIndex];
    links.push(`[Apply fix: ${escapeLinkText(finding.fixes[fixIndex].title)}](${commandLink(COMMANDS.applyFix, args)})`);
  }
  markdown.appendMarkdown(`\n\n${links.join(' · ')}`);
}

function escapeLinkText(text: string): string {
  return text.replace(/[\\[\]]/g, '\\$&');
}
