/** Asking the editor for code actions the way the lightbulb and fix-all on save do. */
import * as vscode from 'vscode';

/** How often a request cancelled by the editor is asked again before the test fails. */
const ATTEMPTS = 5;

/**
 * The code actions at `range`, of `kind` when given. VS Code cancels a whole code action request
 * when the set of providers changes while it runs (the TypeScript extension registers its own
 * as its server starts), so a cancelled request is asked again: the next one sees the new set.
 */
export async function codeActionsAt(uri: vscode.Uri, range: vscode.Range, kind?: string): Promise<vscode.CodeAction[]> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range, kind);
    } catch (error) {
      if (attempt >= ATTEMPTS || !isCancellation(error)) throw error;
    }
  }
}

function isCancellation(error: unknown): boolean {
  return (error as { name?: unknown } | undefined)?.name === 'Canceled';
}
