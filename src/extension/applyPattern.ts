import * as vscode from 'vscode';
import { enginePath, isAnalysable } from './diagnostics';
import type { LazyEngine } from './lazyEngine';

/**
 * "Apply Pattern...": pick one of the instruction files' patterns (retry with backoff and jitter,
 * circuit breaker, timeout...) and apply it around the selection or the call under the cursor, as
 * one undo step. `patternId` skips the pick (keybindings, tests). Resolves to whether it applied.
 */
export async function applyPattern(engine: LazyEngine, patternId?: string): Promise<boolean> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || !isAnalysable(editor.document)) {
    void vscode.window.showWarningMessage('Apply Pattern works in a TypeScript or JavaScript editor.');
    return false;
  }
  const host = engine.get();
  const id = patternId ?? (await pickPattern(host.patterns()));
  if (!id) return false;

  const { document } = editor;
  const version = document.version;
  const selection = { start: document.offsetAt(editor.selection.start), end: document.offsetAt(editor.selection.end) };
  const input = { path: enginePath(document), text: document.getText(), languageId: document.languageId, documentKey: document.uri.toString() };
  const plan = await host.planPattern(input, id, selection);
  if ('error' in plan) {
    void vscode.window.showWarningMessage(`Apply Pattern: ${plan.error}`);
    return false;
  }
  if (document.version !== version) {
    void vscode.window.showWarningMessage('Apply Pattern: the file changed while the pattern was prepared; run it again.');
    return false;
  }
  const applied = await editor.edit(
    (builder) => {
      for (const edit of plan.edits) builder.replace(new vscode.Range(document.positionAt(edit.start), document.positionAt(edit.end)), edit.text);
    },
    { undoStopBefore: true, undoStopAfter: true },
  );
  if (!applied) void vscode.window.showWarningMessage(`Apply Pattern: the editor refused the edit for "${plan.title}".`);
  return applied;
}

async function pickPattern(patterns: ReadonlyArray<{ id: string; label: string; detail: string }>): Promise<string | undefined> {
  if (patterns.length === 0) {
    void vscode.window.showWarningMessage('Apply Pattern: no instruction file in effect offers a pattern.');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    patterns.map((p) => ({ label: p.label, detail: p.detail, id: p.id })),
    { title: 'Apply Pattern', placeHolder: 'Pattern to apply at the cursor', matchOnDetail: true },
  );
  return picked?.id;
}
