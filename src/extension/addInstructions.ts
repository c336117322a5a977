import * as path from 'path';
import * as vscode from 'vscode';
import type { BundledChoice } from './engineHost';
import { DEFAULT_INSTRUCTIONS_FOLDER } from '../core/instructions/locations';
import type { LazyEngine } from './lazyEngine';

/** What to do with a file of the same name already in the workspace; `ask` shows a modal warning. */
export type OnExisting = 'ask' | 'overwrite' | 'skip';

/** What "Add Instructions to Workspace" did, as instruction ids. */
export interface AddInstructionsResult {
  /** The folder the files went to. */
  folder: string;
  added: string[];
  /** Existing files replaced by the bundled version. */
  replaced: string[];
  /** Existing files that differ and were left as they are. */
  skipped: string[];
  /** Existing files identical to the bundled version. */
  unchanged: string[];
}

/**
 * "Add Instructions to Workspace": copies bundled instruction files into the workspace's
 * `.github/instructions/`, where Copilot reads them and where they take the place of the bundled
 * ones (so the team can edit the words). A file already there is never overwritten without asking.
 * `ids` skips the pick and `onExisting` the question (tests, keybindings). Resolves to what it did,
 * or undefined when nothing was chosen.
 */
export async function addInstructionsToWorkspace(engine: LazyEngine, ids?: readonly string[], onExisting: OnExisting = 'ask'): Promise<AddInstructionsResult | undefined> {
  const folder = await pickWorkspaceFolder();
  if (!folder) {
    void vscode.window.showWarningMessage('Instruction Lens: open a folder to add instruction files to it.');
    return undefined;
  }
  const bundled = engine.get().bundledFiles;
  const chosen = ids ? chooseById(bundled, ids) : await pickBundled(bundled);
  if (!chosen || chosen.length === 0) return undefined;

  const target = vscode.Uri.joinPath(folder.uri, DEFAULT_INSTRUCTIONS_FOLDER);
  await vscode.workspace.fs.createDirectory(target);
  const result: AddInstructionsResult = { folder: target.fsPath, added: [], replaced: [], skipped: [], unchanged: [] };
  for (const file of chosen) {
    const name = path.basename(file.path);
    const destination = vscode.Uri.joinPath(target, name);
    const content = await vscode.workspace.fs.readFile(vscode.Uri.file(file.path));
    const existing = await readIfExists(destination);
    if (existing && Buffer.from(existing).equals(Buffer.from(content))) {
      result.unchanged.push(file.id);
      continue;
    }
    if (existing && (onExisting === 'ask' ? await askOverwrite(name) : onExisting) !== 'overwrite') {
      result.skipped.push(file.id);
      continue;
    }
    await vscode.workspace.fs.writeFile(destination, content);
    (existing ? result.replaced : result.added).push(file.id);
  }
  void vscode.window.showInformationMessage(`Instruction Lens: ${summary(result, vscode.workspace.asRelativePath(target))}`);
  return result;
}

function chooseById(bundled: readonly BundledChoice[], ids: readonly string[]): BundledChoice[] {
  const unknown = ids.filter((id) => !bundled.some((file) => file.id === id));
  if (unknown.length > 0) {
    void vscode.window.showWarningMessage(`Instruction Lens: no bundled instruction file ${unknown.map((id) => `"${id}"`).join(', ')}; bundled: ${bundled.map((f) => f.id).join(', ')}.`);
  }
  return bundled.filter((file) => ids.includes(file.id));
}

async function pickBundled(bundled: readonly BundledChoice[]): Promise<BundledChoice[] | undefined> {
  const picked = await vscode.window.showQuickPick(
    bundled.map((file) => ({ label: file.id, description: path.basename(file.path), detail: file.description, file })),
    { title: 'Add Instructions to Workspace', placeHolder: `Bundled instruction files to copy into ${DEFAULT_INSTRUCTIONS_FOLDER}/`, canPickMany: true, matchOnDetail: true },
  );
  return picked?.map((item) => item.file);
}

async function pickWorkspaceFolder(): Promise<vscode.WorkspaceFolder | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length <= 1) return folders[0];
  return vscode.window.showWorkspaceFolderPick({ placeHolder: 'Workspace folder to add the instruction files to' });
}

async function askOverwrite(name: string): Promise<'overwrite' | 'skip'> {
  const choice = await vscode.window.showWarningMessage(
    `${name} already exists in ${DEFAULT_INSTRUCTIONS_FOLDER} and differs from the bundled file.`,
    { modal: true, detail: 'Overwrite replaces it, your edits included, with the bundled version. Skip leaves it as it is.' },
    'Overwrite',
    'Skip',
  );
  return choice === 'Overwrite' ? 'overwrite' : 'skip';
}

async function readIfExists(uri: vscode.Uri): Promise<Uint8Array | undefined> {
  try {
    return await vscode.workspace.fs.readFile(uri);
  } catch (error) {
    if ((error as { code?: unknown }).code === 'FileNotFound') return undefined;
    throw error;
  }
}

/** One sentence per kind of outcome, files named as the user sees them. */
function summary(result: AddInstructionsResult, folder: string): string {
  const names = (ids: readonly string[]) => ids.map((id) => `${id}.instructions.md`).join(', ');
  const parts: string[] = [];
  if (result.added.length) parts.push(`Added ${names(result.added)} to ${folder}.`);
  if (result.replaced.length) parts.push(`Replaced ${names(result.replaced)} with the bundled version.`);
  if (result.skipped.length) parts.push(`Left ${names(result.skipped)} as it was (it differs from the bundled file).`);
  if (result.unchanged.length) parts.push(`${names(result.unchanged)} already matches the bundled file.`);
  if (result.added.length || result.replaced.length) parts.push('They now take the place of the bundled files: edit them to fit your team.');
  return parts.join(' ');
}
