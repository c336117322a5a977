import * as vscode from 'vscode';
import type { DocumentState } from './documentState';
import { isAnalysable } from './diagnostics';
import { COMMANDS } from './ids';
import { matchingInstructions } from './matchingInstructions';

/**
 * `$(book) N instructions` on the right of the status bar for a supported document: how many
 * instruction files apply to it. Clicking it lists them with the reasons.
 */
export class InstructionStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('instructionLens.status', vscode.StatusBarAlignment.Right, 100);
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly state: DocumentState) {
    this.item.name = 'Instruction Lens';
    this.item.command = COMMANDS.showMatchingInstructions;
    this.subscriptions = [
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
      state.onDidChange((uri) => {
        if (uri.toString() === vscode.window.activeTextEditor?.document.uri.toString()) this.update();
      }),
    ];
    this.update();
  }

  private update(): void {
    const document = vscode.window.activeTextEditor?.document;
    const analysis = document && isAnalysable(document) ? this.state.latest(document) : undefined;
    if (!analysis || analysis.skipped) {
      this.item.hide();
      return;
    }
    const applying = matchingInstructions(analysis).filter((m) => m.applies);
    this.item.text = `$(book) ${applying.length} ${applying.length === 1 ? 'instruction' : 'instructions'}`;
    const tooltip = new vscode.MarkdownString(
      applying.length
        ? `Instruction files that apply to this file:\n\n${applying.map((m) => `- **${m.id}**: ${m.reasons.join('; ')}`).join('\n')}`
        : 'No instruction file applies to this file.',
    );
    tooltip.appendMarkdown('\n\nClick to see every instruction file and why it applies or not.');
    this.item.tooltip = tooltip;
    this.item.show();
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
    this.item.dispose();
  }
}
