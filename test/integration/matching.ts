/**
 * Helpers for suites about which instruction files apply: the data of the "Show Matching
 * Instructions" pick, and a wait on it that wakes on published diagnostics, never on sleeps.
 */
import * as assert from 'node:assert';
import * as vscode from 'vscode';

/** What `instructionLens.internal.matchingInstructions` returns: the data of the "Show Matching Instructions" pick. */
export interface MatchingInstruction {
  id: string;
  path: string;
  source: 'bundled' | 'workspace';
  applies: boolean;
  reasons: string[];
}

export async function matchingOf(uri: vscode.Uri): Promise<MatchingInstruction[]> {
  return (await vscode.commands.executeCommand<MatchingInstruction[] | undefined>('instructionLens.internal.matchingInstructions', uri.toString())) ?? [];
}

/**
 * Waits until the instruction files matched to `uri` satisfy `accept`, asking again each time the
 * document's diagnostics are published (every analysis publishes them, even unchanged).
 */
export async function waitForMatching(uri: vscode.Uri, accept: (list: MatchingInstruction[]) => boolean, what: string, timeoutMs = 20_000): Promise<MatchingInstruction[]> {
  let published = 0;
  let wake: (() => void) | undefined;
  const listener = vscode.languages.onDidChangeDiagnostics((event) => {
    if (!event.uris.some((u) => u.toString() === uri.toString())) return;
    published++;
    wake?.();
  });
  const deadline = Date.now() + timeoutMs;
  let list: MatchingInstruction[] = [];
  try {
    while (Date.now() < deadline) {
      const seen = published;
      list = await matchingOf(uri);
      if (accept(list)) return list;
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
  const now = list.map((m) => `${m.id} (${m.source}) ${m.applies ? 'applies' : 'no'}: ${m.reasons.join('; ')}`);
  assert.fail(`timed out waiting for ${what}; matching now:\n${now.join('\n')}`);
}
