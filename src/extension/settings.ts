import * as os from 'os';
import * as vscode from 'vscode';
import type { EngineSettings } from '../core';
import { SETTINGS } from './ids';
import { INSTRUCTIONS_LOCATIONS_SETTING, instructionFolders } from '../core/instructions/locations';
import type { LazyEngine } from './lazyEngine';
import type { Log } from './log';

/**
 * The one place that reads configuration: `instructionLens.*`, and VS Code's
 * `chat.instructionsFilesLocations` (where Copilot looks for instruction files). Raw values go
 * through the core's sanitisers into typed objects, cached (per workspace folder for the
 * resource-scoped keys) until the configuration changes. Problems are logged once per change, and
 * the first one ever also gets a warning message.
 */
export class Settings implements vscode.Disposable {
  private readonly byFolder = new Map<string, EngineSettings>();
  private disabled: ReadonlySet<string> | undefined;
  private readonly logged = new Set<string>();
  private warned = false;
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly locationsChanged = new vscode.EventEmitter<void>();
  private readonly subscription: vscode.Disposable;

  /** Fires after `instructionLens.*` changed; open documents should be analysed again. */
  readonly onDidChange = this.changed.event;

  /** Fires after `chat.instructionsFilesLocations` changed; instruction files should be found again. */
  readonly onDidChangeInstructionLocations = this.locationsChanged.event;

  constructor(
    private readonly engine: LazyEngine,
    private readonly log: Log,
  ) {
    this.subscription = vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration(INSTRUCTIONS_LOCATIONS_SETTING)) this.locationsChanged.fire();
      if (!event.affectsConfiguration(SETTINGS.section)) return;
      this.byFolder.clear();
      this.disabled = undefined;
      this.logged.clear();
      this.changed.fire();
    });
  }

  /** Settings in effect for a document. */
  for(uri: vscode.Uri): EngineSettings {
    const key = vscode.workspace.getWorkspaceFolder(uri)?.uri.toString() ?? '';
    let settings = this.byFolder.get(key);
    if (!settings) {
      const config = vscode.workspace.getConfiguration(SETTINGS.section, uri);
      const result = this.engine.get().sanitiseSettings({ enable: config.get(SETTINGS.enable), rules: config.get(SETTINGS.rules) });
      this.report(result.problems);
      settings = result.settings;
      this.byFolder.set(key, settings);
    }
    return settings;
  }

  /**
   * Ids of the bundled instruction files switched off in `instructionLens.bundledInstructions`.
   * Window scope: the engine holds one set of instruction files for every folder.
   */
  disabledBundled(): ReadonlySet<string> {
    if (!this.disabled) {
      const raw = vscode.workspace.getConfiguration(SETTINGS.section).get(SETTINGS.bundledInstructions);
      const result = this.engine.get().sanitiseBundledInstructions(raw);
      this.report(result.problems);
      this.disabled = result.disabled;
    }
    return this.disabled;
  }

  /** The folders of a workspace folder whose `*.instructions.md` files are read: `.github/instructions` and the chat setting's. */
  instructionFolders(folder: vscode.WorkspaceFolder): vscode.Uri[] {
    const raw = vscode.workspace.getConfiguration(undefined, folder.uri).get(INSTRUCTIONS_LOCATIONS_SETTING);
    return instructionFolders(raw, folder.uri.fsPath, os.homedir()).map((fsPath) => vscode.Uri.file(fsPath));
  }

  private report(problems: readonly string[]): void {
    const fresh = problems.filter((problem) => !this.logged.has(problem));
    for (const problem of fresh) {
      this.logged.add(problem);
      this.log.warn(`settings: ${problem}`);
    }
    if (fresh.length > 0 && !this.warned) {
      this.warned = true;
      void vscode.window.showWarningMessage(`Instruction Lens: ${fresh[0]}`, 'Show Log').then((choice) => {
        if (choice) this.log.show();
      });
    }
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
    this.locationsChanged.dispose();
  }
}
