/**
 * Helpers for the Instruction Lens suites: our diagnostics only (the TypeScript service reports its
 * own, "Cannot find module 'axios'" among them), throw-away copies of fixture files so that suites
 * that edit stay independent, and a settings change that is always undone.
 */
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { waitForDiagnostics, workspaceFolder } from './helpers';

export const EXTENSION_ID = 'instruction-lens.instruction-lens';
export const SOURCE = 'Instruction Lens';

/** Our diagnostics of a document. */
export function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
}

/** The rule id a diagnostic of ours carries in `code.value`. */
export function ruleOf(diagnostic: vscode.Diagnostic): string | undefined {
  const code = diagnostic.code;
  return typeof code === 'object' && code !== null ? String(code.value) : code === undefined ? undefined : String(code);
}

/** Waits until our diagnostics of `uri` satisfy `accept`, and returns them. */
export async function waitForOurs(uri: vscode.Uri, accept: (diagnostics: vscode.Diagnostic[]) => boolean, what: string, timeoutMs = 20_000): Promise<vscode.Diagnostic[]> {
  try {
    await waitForDiagnostics(uri, () => accept(ours(uri)), timeoutMs);
  } catch (error) {
    const now = ours(uri).map((d) => `${ruleOf(d)}@${d.range.start.line + 1}:${d.range.start.character + 1}`);
    throw new Error(`${(error as Error).message}: ${what} (now: ${JSON.stringify(now)})`);
  }
  return ours(uri);
}

/** Waits for the first diagnostic of `ruleId` on `uri`. */
export async function waitForRule(uri: vscode.Uri, ruleId: string): Promise<vscode.Diagnostic> {
  const diagnostics = await waitForOurs(uri, (d) => d.some((x) => ruleOf(x) === ruleId), `a ${ruleId} diagnostic`);
  return diagnostics.find((x) => ruleOf(x) === ruleId)!;
}

/**
 * Runs `body` on a copy of a fixture file in a new untitled editor of the same language, then
 * closes it unsaved, whatever `body` did. An untitled copy has no file on disk for a watcher to
 * reload under the test; the extension analyses it as a file in the workspace root.
 */
export async function withCopy<T>(fixture: string, body: (editor: vscode.TextEditor) => Promise<T>): Promise<T> {
  const original = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(workspaceFolder().uri, fixture));
  const copy = await vscode.workspace.openTextDocument({ language: original.languageId, content: original.getText() });
  const editor = await vscode.window.showTextDocument(copy);
  try {
    return await body(editor);
  } finally {
    await vscode.window.showTextDocument(copy);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
}

/** Sets `instructionLens.<key>` in the workspace for the duration of `body`, then removes it. */
export async function withWorkspaceSetting<T>(key: string, value: unknown, body: () => Promise<T>): Promise<T> {
  const config = vscode.workspace.getConfiguration('instructionLens');
  await config.update(key, value, vscode.ConfigurationTarget.Workspace);
  try {
    return await body();
  } finally {
    await vscode.workspace.getConfiguration('instructionLens').update(key, undefined, vscode.ConfigurationTarget.Workspace);
  }
}

/** The range of the first occurrence of `text` in the document (fails the test if absent). */
export function rangeOf(document: vscode.TextDocument, text: string, from = 0): vscode.Range {
  const offset = document.getText().indexOf(text, from);
  assert.ok(offset >= 0, `"${text}" not found in ${document.uri.path}`);
  return new vscode.Range(document.positionAt(offset), document.positionAt(offset + text.length));
}

/** The text of a bundled instruction file, as the extension ships it. */
export async function bundledInstruction(id: string): Promise<string> {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not loaded`);
  const uri = vscode.Uri.joinPath(extension.extensionUri, 'instructions', `${id}.instructions.md`);
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}

/** The `**Label:**` paragraph of a `##` section of an instruction file, label removed. */
export function paragraphOf(markdown: string, heading: string, label: string): string {
  const section = markdown.split(/^## /m).find((s) => s.startsWith(`${heading}\n`));
  assert.ok(section, `no section "${heading}"`);
  const paragraph = section.split(/\n\s*\n/).find((p) => p.startsWith(`**${label}:**`));
  assert.ok(paragraph, `no **${label}:** paragraph in "${heading}"`);
  return paragraph.slice(label.length + 5).trim();
}
