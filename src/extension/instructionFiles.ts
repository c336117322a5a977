import * as vscode from 'vscode';
import type { InstructionFile } from '../core';
import { SOURCE, WORKSPACE_INSTRUCTIONS_GLOB } from './ids';
import type { InstructionText } from './engineHost';
import type { LazyEngine } from './lazyEngine';
import type { Log } from './log';

const SEVERITY: Record<InstructionFile['problems'][number]['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

/**
 * The workspace's own `.github/instructions/**\/*.instructions.md`: read on first need, read again
 * when one is created, changed or deleted. A broken file gets diagnostics on itself and a log line;
 * it never stops the other files (or the bundled ones) from working.
 */
export class WorkspaceInstructions implements vscode.Disposable {
  private readonly problems = vscode.languages.createDiagnosticCollection('instruction-lens-instructions');
  private readonly watcher = vscode.workspace.createFileSystemWatcher(`**/${WORKSPACE_INSTRUCTIONS_GLOB}`);
  private readonly changed = new vscode.EventEmitter<void>();
  private loading: Promise<void> | undefined;

  /** Fires after the files were read again; open documents should be analysed again. */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly engine: LazyEngine,
    private readonly log: Log,
  ) {
    const reload = () => void this.reload();
    this.watcher.onDidCreate(reload);
    this.watcher.onDidChange(reload);
    this.watcher.onDidDelete(reload);
  }

  /** Resolves once the workspace files were read at least once (the first call starts it). */
  ensureLoaded(): Promise<void> {
    return (this.loading ??= this.load());
  }

  private async reload(): Promise<void> {
    // One read at a time; a change during a read leads to another read after it.
    this.loading = (this.loading ?? Promise.resolve()).then(() => this.load());
    await this.loading;
    this.changed.fire();
  }

  private async load(): Promise<void> {
    try {
      const uris = await vscode.workspace.findFiles(WORKSPACE_INSTRUCTIONS_GLOB);
      const texts: InstructionText[] = [];
      for (const uri of uris) {
        try {
          texts.push({ path: uri.fsPath, text: new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)) });
        } catch (error) {
          this.log.error(`reading ${uri.fsPath}`, error);
        }
      }
      const files = this.engine.get().setWorkspaceInstructions(texts);
      this.showProblems(files, texts);
      this.log.info(`workspace instruction files: ${files.length ? files.map((f) => f.id).join(', ') : 'none'}`);
    } catch (error) {
      this.log.error('loading workspace instruction files', error);
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
    this.watcher.dispose();
    this.problems.dispose();
    this.changed.dispose();
  }
}
