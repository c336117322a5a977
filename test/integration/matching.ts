/**
 * Helpers for suites about which instruction files apply: the data of the "Show Matching
 * Instructions" pick, and a wait on it that wakes on published diagnostics, never on sleeps.
 */
import * as vscode from 'vscode';
import { askUntil } from './helpers';

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
export function waitForMatching(uri: vscode.Uri, accept: (list: MatchingInstruction[]) => boolean, what: string, timeoutMs = 20_000): Promise<MatchingInstruction[]> {
  const describe = (list: MatchingInstruction[] | undefined) =>
    `matching now:\n${(list ?? []).map((m) => `${m.id} (${m.source}) ${m.applies ? 'applies' : 'no'}: ${m.reasons.join('; ')}`).join('\n')}`;
  return askUntil(uri, () => matchingOf(uri), accept, what, describe, timeoutMs);
}
