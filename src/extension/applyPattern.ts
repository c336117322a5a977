import * as path from 'path';
import * as vscode from 'vscode';
import type { TextEdit } from '../core';
import { enginePath, isAnalysable } from './diagnostics';
import type { LazyEngine } from './lazyEngine';

/** How "Apply Pattern..." runs when a keybinding, a script or a test gives more than the pattern id. */
export interface ApplyPatternOptions {
  /**
   * Show the change in a diff editor, applied only on "Apply". By default the change is previewed
   * when the pattern was picked from the list, and applied at once when the caller named it.
   */
  preview?: boolean;
  /** A library to write the pattern with (`cockatiel`, `p-retry`...), or `'none'` for the instruction file's helper. */
  use?: string;
  /**
   * Where to apply it, as character offsets into the active document, instead of the selection: a
   * quick fix names its finding's span (it may be run from the Problems panel, away from the cursor).
   */
  at?: { start: number; end: number };
  /** The document version `at` was computed for; if the document changed since, nothing is applied. */
  version?: number;
  /** The document `at` is in (a URI string), shown first when it is not the active editor's. */
  uri?: string;
}

/** Reads the options argument of the command: anything else than an object of the right shape counts as none. */
export function applyPatternOptions(value: unknown): ApplyPatternOptions {
  if (typeof value !== 'object' || value === null) return {};
  const { preview, use, at, version, uri } = value as Record<string, unknown>;
  const span = typeof at === 'object' && at !== null ? (at as Record<string, unknown>) : undefined;
  const offsets = span && Number.isInteger(span.start) && Number.isInteger(span.end) ? { start: span.start as number, end: span.end as number } : undefined;
  return {
    preview: typeof preview === 'boolean' ? preview : undefined,
    use: typeof use === 'string' ? use : undefined,
    at: offsets,
    version: Number.isInteger(version) ? (version as number) : undefined,
    uri: typeof uri === 'string' ? uri : undefined,
  };
}

/**
 * "Apply Pattern...": pick one of the instruction files' patterns (retry with backoff and jitter,
 * circuit breaker, timeout, the whole pipeline...) and apply it around the selection or the call
 * under the cursor, as one undo step, written with the resilience library the project uses.
 * `patternId` skips the pick (keybindings, tests). Resolves to whether it applied.
 */
export async function applyPattern(engine: LazyEngine, patternId?: string, options: ApplyPatternOptions = {}): Promise<boolean> {
  const active = vscode.window.activeTextEditor;
  const editor = options.uri && active?.document.uri.toString() !== options.uri ? await vscode.window.showTextDocument(vscode.Uri.parse(options.uri)) : active;
  if (!editor || !isAnalysable(editor.document)) {
    void vscode.window.showWarningMessage('Apply Pattern works in a TypeScript or JavaScript editor.');
    return false;
  }
  const host = engine.get();
  const id = patternId ?? (await pickPattern(host.patterns()));
  if (!id) return false;

  const { document } = editor;
  const version = document.version;
  if (options.version !== undefined && options.version !== version) {
    void vscode.window.showWarningMessage('Apply Pattern: the file changed since the quick fix was offered; run it again.');
    return false;
  }
  const selection = options.at ?? { start: document.offsetAt(editor.selection.start), end: document.offsetAt(editor.selection.end) };
  const input = { path: enginePath(document), text: document.getText(), languageId: document.languageId, documentKey: document.uri.toString() };
  const plan = await host.planPattern(input, id, selection, options.use);
  if ('error' in plan) {
    void vscode.window.showWarningMessage(`Apply Pattern: ${plan.error}`);
    return false;
  }
  const previewed = options.preview ?? patternId === undefined;
  if (previewed && !(await confirmInDiff(document, input.path, input.text, plan))) return false;
  if (document.version !== version) {
    void vscode.window.showWarningMessage('Apply Pattern: the file changed while the pattern was prepared; run it again.');
    return false;
  }
  // The preview's diff editor took the editor's place in its group: edit through the document shown again.
  const target = previewed ? await vscode.window.showTextDocument(document, editor.viewColumn) : editor;
  const applied = await target.edit(
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

/** The scheme of the read-only "after" side of the preview. */
const PREVIEW_SCHEME = 'instruction-lens-preview';
let previews = 0;

/**
 * Shows the document beside the text the pattern would make, in a diff editor, with an "Apply" /
 * "Cancel" notification; resolves to whether the user chose "Apply". Closing the diff cancels.
 * The notification is shown before the diff opens, so that it is there once the diff is.
 */
async function confirmInDiff(document: vscode.TextDocument, filePath: string, before: string, plan: { edits: TextEdit[]; title: string }): Promise<boolean> {
  const after = applyTextEdits(before, plan.edits);
  const name = path.basename(filePath);
  const uri = vscode.Uri.from({ scheme: PREVIEW_SCHEME, path: `/${name}`, query: String(++previews) });
  const disposables: vscode.Disposable[] = [vscode.workspace.registerTextDocumentContentProvider(PREVIEW_SCHEME, { provideTextDocumentContent: () => after })];
  try {
    const answer = vscode.window.showInformationMessage(`Apply Pattern: ${plan.title}?`, 'Apply', 'Cancel');
    const closed = new Promise<undefined>((resolve) => {
      disposables.push(
        vscode.window.tabGroups.onDidChangeTabs((change) => {
          if (change.closed.some((tab) => isPreviewTab(tab, uri))) resolve(undefined);
        }),
      );
    });
    await vscode.commands.executeCommand('vscode.diff', document.uri, uri, `${name}: Apply Pattern (preview)`, { preview: true });
    const choice = await Promise.race([answer, closed]);
    return choice === 'Apply';
  } finally {
    const tabs = vscode.window.tabGroups.all.flatMap((group) => group.tabs).filter((tab) => isPreviewTab(tab, uri));
    if (tabs.length > 0) await vscode.window.tabGroups.close(tabs);
    for (const disposable of disposables) disposable.dispose();
  }
}

function isPreviewTab(tab: vscode.Tab, uri: vscode.Uri): boolean {
  return tab.input instanceof vscode.TabInputTextDiff && tab.input.modified.toString() === uri.toString();
}

/** The engine's edits applied to a text, for the preview (offsets are into `text`, non-overlapping). */
function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  let result = text;
  for (const edit of [...edits].sort((a, b) => b.start - a.start)) result = result.slice(0, edit.start) + edit.text + result.slice(edit.end);
  return result;
}
