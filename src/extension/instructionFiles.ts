import * as path from 'path';
import * as vscode from 'vscode';
import type { InstructionFile } from '../core';
import type { InstructionText } from './engineHost';
import { SOURCE } from './ids';
import { INSTRUCTION_FILE_GLOB, REPOSITORY_INSTRUCTION_FILES } from '../core/instructions/locations';
import type { LazyEngine } from './lazyEngine';
import type { Log } from './log';
import type { Settings } from './settings';

const SEVERITY: Record<InstructionFile['problems'][number]['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

/** How deep a walk of an instruction folder goes; instruction folders are shallow. */
const MAX_DEPTH = 8;

/**
 * The instruction files in effect besides the bundled ones: each workspace folder's
 * `.github/instructions/**\/*.instructions.md`, the folders of `chat.instructionsFilesLocations`,
 * and the repository-wide `.github/copilot-instructions.md` and `AGENTS.md`; plus the bundled files
 * switched off in `instructionLens.bundledInstructions`. Read on first need, read again when a file
 * is created, changed or deleted, or a setting or the workspace folders change. A broken file gets
 * diagnostics on itself and a log line; it never stops the other files (or the bundled ones).
 */
export class WorkspaceInstructions implements vscode.Disposable {
  private readonly problems = vscode.languages.createDiagnosticCollection('instruction-lens-instructions');
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly subscriptions: vscode.Disposable[];
  private watchers: vscode.Disposable[] = [];
  private loading: Promise<void> | undefined;
  /** A read waiting for the current one to finish; later changes join it. */
  private queued: Promise<void> | undefined;

  /** Fires after the files were read again; open documents should be analysed again. */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly engine: LazyEngine,
    private readonly settings: Settings,
    private readonly log: Log,
  ) {
    const rewatch = () => {
      this.watch();
      void this.reload();
    };
    this.subscriptions = [
      settings.onDidChangeInstructionLocations(rewatch),
      vscode.workspace.onDidChangeWorkspaceFolders(rewatch),
      // Settings.onDidChange re-analyses open documents; the engine must see the new set first.
      settings.onDidChange(() => this.engine.ifLoaded()?.setDisabledBundled(this.settings.disabledBundled())),
    ];
    this.watch();
  }

  /** Resolves once the workspace files were read at least once (the first call starts it). */
  ensureLoaded(): Promise<void> {
    return (this.loading ??= this.load());
  }

  /** Watches every instruction folder and the repository-wide files of every workspace folder. */
  private watch(): void {
    for (const watcher of this.watchers) watcher.dispose();
    const patterns = new Map<string, vscode.RelativePattern>();
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      const add = (pattern: vscode.RelativePattern) => patterns.set(`${pattern.baseUri.toString()}|${pattern.pattern}`, pattern);
      add(new vscode.RelativePattern(folder, `{${REPOSITORY_INSTRUCTION_FILES.join(',')}}`));
      for (const location of this.settings.instructionFolders(folder)) {
        // Inside the workspace folder, a pattern on the folder itself also sees the location appear.
        const relative = path.relative(folder.uri.fsPath, location.fsPath);
        const inside = relative && !relative.startsWith('..') && !path.isAbsolute(relative);
        add(inside ? new vscode.RelativePattern(folder, `${relative.split(path.sep).join('/')}/${INSTRUCTION_FILE_GLOB}`) : new vscode.RelativePattern(location, INSTRUCTION_FILE_GLOB));
      }
    }
    const reload = () => void this.reload();
    this.watchers = [...patterns.values()].flatMap((pattern) => {
      const watcher = vscode.workspace.createFileSystemWatcher(pattern);
      return [watcher, watcher.onDidCreate(reload), watcher.onDidChange(reload), watcher.onDidDelete(reload)];
    });
  }

  private reload(): Promise<void> {
    // One read at a time; changes during a read lead to one more read after it, which they share.
    if (this.queued) return this.queued;
    const next = (this.loading ?? Promise.resolve()).then(() => {
      this.queued = undefined;
      return this.load();
    });
    this.loading = next;
    this.queued = next.then(() => this.changed.fire());
    return this.queued;
  }

  private async load(): Promise<void> {
    try {
      const texts: InstructionText[] = [];
      for (const folder of vscode.workspace.workspaceFolders ?? []) {
        for (const location of this.settings.instructionFolders(folder)) {
          for (const uri of await this.instructionFilesIn(location)) await this.read(uri, false, texts);
        }
        for (const relative of REPOSITORY_INSTRUCTION_FILES) await this.read(vscode.Uri.joinPath(folder.uri, relative), true, texts);
      }
      const host = this.engine.get();
      host.setDisabledBundled(this.settings.disabledBundled());
      const files = host.setWorkspaceInstructions(texts);
      this.showProblems(files, texts);
      this.log.info(`workspace instruction files: ${files.length ? files.map((f) => f.id).join(', ') : 'none'}`);
    } catch (error) {
      this.log.error('loading workspace instruction files', error);
    }
  }

  /** The `*.instructions.md` files under a folder, sorted; none when the folder does not exist. */
  private async instructionFilesIn(folder: vscode.Uri, depth = 0): Promise<vscode.Uri[]> {
    let entries: [string, vscode.FileType][];
    try {
      entries = await vscode.workspace.fs.readDirectory(folder);
    } catch (error) {
      if (!isNotFound(error)) this.log.error(`reading ${folder.fsPath}`, error);
      return [];
    }
    const found: vscode.Uri[] = [];
    for (const [name, type] of entries.sort(([a], [b]) => a.localeCompare(b))) {
      const uri = vscode.Uri.joinPath(folder, name);
      if (type & vscode.FileType.Directory) {
        if (depth < MAX_DEPTH && name !== 'node_modules') found.push(...(await this.instructionFilesIn(uri, depth + 1)));
      } else if (name.toLowerCase().endsWith('.instructions.md')) {
        found.push(uri);
      }
    }
    return found;
  }

  /** Adds a file's text to `texts`; a missing file is skipped quietly, an unreadable one logged. */
  private async read(uri: vscode.Uri, repositoryWide: boolean, texts: InstructionText[]): Promise<void> {
    if (texts.some((t) => t.path === uri.fsPath)) return;
    try {
      texts.push({ path: uri.fsPath, text: new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)), repositoryWide });
    } catch (error) {
      if (!isNotFound(error)) this.log.error(`reading ${uri.fsPath}`, error);
    }
  }

  private showProblems(files: readonly InstructionFile[], texts: readonly InstructionText[]): void {
    this.problems.clear();
    for (const file of files) {
      const lines = texts.find((t) => t.path === file.path)?.text.split(/\r?\n/) ?? [];
      const diagnostics = file.problems.map((problem) => {
        const line = Math.min(problem.line, Math.max(lines.length - 1, 0));
        const diagnostic = new vscode.Diagnostic(new vscode.Range(line, 0, line, lines[line]?.length ?? 0), problem.message, SEVERITY[problem.severity]);
        diagnostic.source = SOURCE;
        if (problem.severity !== 'info') this.log.warn(`${file.path}:${line + 1}: ${problem.message}`);
        return diagnostic;
      });
      this.problems.set(vscode.Uri.file(file.path), diagnostics);
    }
  }

  dispose(): void {
    for (const disposable of [...this.watchers, ...this.subscriptions]) disposable.dispose();
    this.problems.dispose();
    this.changed.dispose();
  }
}

/** A missing file or folder: nothing to read, nothing to report. */
function isNotFound(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return code === 'FileNotFound' || code === 'FileNotADirectory' || code === 'ENOENT';
}
