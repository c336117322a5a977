import * as path from 'path';
import * as vscode from 'vscode';
import type { Analysis } from '../core';
import type { DocumentState } from './documentState';

/** One instruction file and whether, and why, it applies to a document. */
export interface MatchingInstruction {
  id: string;
  path: string;
  source: 'bundled' | 'workspace';
  applies: boolean;
  reasons: string[];
}

/** The instruction files of an analysis, those that apply first. */
export function matchingInstructions(analysis: Analysis): MatchingInstruction[] {
  const list = analysis.matches.map((m) => ({ id: m.file.id, path: m.file.path, source: m.file.source, applies: m.applies, reasons: [...m.reasons] }));
  return [...list.filter((m) => m.applies), ...list.filter((m) => !m.applies)];
}

/** The matching instructions of a document (by URI, or the active editor's), from its latest analysis. */
export function matchingInstructionsOf(state: DocumentState, uri?: string | vscode.Uri): MatchingInstruction[] | undefined {
  const target = typeof uri === 'string' ? vscode.Uri.parse(uri) : uri ?? vscode.window.activeTextEditor?.document.uri;
  const document = target && vscode.workspace.textDocuments.find((d) => d.uri.toString() === target.toString());
  const analysis = document && state.latest(document);
  return analysis && matchingInstructions(analysis);
}

/**
 * "Show Matching Instructions": every instruction file (bundled, workspace, repository-wide), those
 * that apply to the active document first with the reasons (applyTo glob, language, imports), then
 * the others and why not (a glob that does not match, no code of the file's domain, switched off
 * in the settings); picking one opens it.
 */
export async function showMatchingInstructions(state: DocumentState): Promise<void> {
  const list = matchingInstructionsOf(state);
  if (!list) {
    void vscode.window.showInformationMessage('Instruction Lens: open a TypeScript or JavaScript file to see which instructions apply to it.');
    return;
  }
  type Item = vscode.QuickPickItem & { path?: string };
  const items: Item[] = [];
  for (const applies of [true, false]) {
    const group = list.filter((m) => m.applies === applies);
    if (group.length === 0) continue;
    items.push({ label: applies ? 'Applies to this file' : 'Does not apply', kind: vscode.QuickPickItemKind.Separator });
    for (const m of group) {
      items.push({
        label: `${applies ? '$(check)' : '$(circle-slash)'} ${m.id}`,
        description: m.source === 'bundled' ? `${path.basename(m.path)} (bundled)` : vscode.workspace.asRelativePath(m.path),
        detail: m.reasons.join('; '),
        path: m.path,
      });
    }
  }
  const picked = await vscode.window.showQuickPick(items, { title: 'Instruction files for this file', matchOnDetail: true });
  if (picked?.path) await vscode.window.showTextDocument(vscode.Uri.file(picked.path));
}
