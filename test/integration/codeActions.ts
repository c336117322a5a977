/** Code actions as the editor asks its providers for them: lightbulb, Source Action..., fix-all on save. */
import * as vscode from 'vscode';

/** How often a request cancelled by the editor is asked again before the test fails. */
const ATTEMPTS = 5;

/**
 * The code actions at `range`, of `kind` when given. The workbench cancels a whole code action
 * request when the set of providers for the document changes while it runs (an extension of the
 * editor registering one as it starts), so a cancelled request is asked again with the new set.
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
