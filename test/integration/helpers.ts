/** Helpers for integration suites: open fixture files and wait on editor events, never on sleeps. */
import * as vscode from 'vscode';

/** The fixture workspace the runners open (a fresh copy of test/fixtures/workspace). */
export function workspaceFolder(): vscode.WorkspaceFolder {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('no workspace folder is open; the runner should open the fixture workspace');
  return folder;
}

/** Opens a workspace file, by path relative to the workspace root, in an editor. */
export async function openFixture(relativePath: string): Promise<vscode.TextEditor> {
  const uri = vscode.Uri.joinPath(workspaceFolder().uri, relativePath);
  const document = await vscode.workspace.openTextDocument(uri);
  return vscode.window.showTextDocument(document);
}

/**
 * Resolves with the diagnostics of `uri` once `accept` approves them, checking now and on every
 * diagnostics change; rejects after `timeoutMs`.
 */
export function waitForDiagnostics(
  uri: vscode.Uri,
  accept: (diagnostics: vscode.Diagnostic[]) => boolean = (d) => d.length > 0,
  timeoutMs = 20_000,
): Promise<vscode.Diagnostic[]> {
  return waitForEvent(vscode.languages.onDidChangeDiagnostics, () => {
    const diagnostics = vscode.languages.getDiagnostics(uri);
    return accept(diagnostics) ? diagnostics : undefined;
  }, timeoutMs, `diagnostics for ${uri.fsPath}`);
}

/**
 * Resolves with `check()`'s first defined result, checking now and each time `event` fires;
 * rejects with a message naming `what` after `timeoutMs`.
 */
export function waitForEvent<E, T>(
  event: vscode.Event<E>,
  check: () => T | undefined,
  timeoutMs: number,
  what: string,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const finish = (settle: () => void) => { clearTimeout(timer); listener.dispose(); settle(); };
    const listener = event(() => {
      const value = check();
      if (value !== undefined) finish(() => resolve(value));
    });
    const timer = setTimeout(() => finish(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`))), timeoutMs);
    const now = check();
    if (now !== undefined) finish(() => resolve(now));
  });
}

/**
 * Asks `ask()` (an async editor command: a hover, a list) until `accept` approves the answer,
 * asking again each time diagnostics of `uri` are published: every analysis publishes them, so a
 * new answer can only appear after one. Fails after `timeoutMs` with `describe(last answer)`.
 */
export async function askUntil<T>(
  uri: vscode.Uri,
  ask: () => Promise<T>,
  accept: (answer: T) => boolean,
  what: string,
  describe: (answer: T | undefined) => string,
  timeoutMs = 20_000,
): Promise<T> {
  let published = 0;
  let wake: (() => void) | undefined;
  const listener = vscode.languages.onDidChangeDiagnostics((event) => {
    if (!event.uris.some((u) => u.toString() === uri.toString())) return;
    published++;
    wake?.();
  });
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  try {
    while (Date.now() < deadline) {
      const seen = published;
      last = await ask();
      if (accept(last)) return last;
      if (published !== seen) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(deadline - Date.now(), 0));
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = undefined;
    }
  } finally {
    listener.dispose();
  }
  throw new Error(`timed out waiting for ${what}; ${describe(last)}`);
}
