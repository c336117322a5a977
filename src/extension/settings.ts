import * as vscode from 'vscode';
import type { EngineSettings } from '../core';
import { SETTINGS } from './ids';
import type { LazyEngine } from './lazyEngine';
import type { Log } from './log';

/**
 * The one place that reads `instructionLens.*`: raw values go through the core's
 * `sanitiseSettings` into a typed object, cached per workspace folder (the settings have
 * resource scope) until the configuration changes. Problems are logged once per change, and the
 * first one ever also gets a warning message.
 */
export class Settings implements vscode.Disposable {
  private readonly byFolder = new Map<string, EngineSettings>();
  private readonly logged = new Set<string>();
  private warned = false;
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly subscription: vscode.Disposable;

  /** Fires after `instructionLens.*` changed; open documents should be analysed again. */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly engine: LazyEngine,
    private readonly log: Log,
  ) {
    this.subscription = vscode.workspace.onDidChangeConfiguration((event) => {
      if (!event.affectsConfiguration(SETTINGS.section)) return;
      this.byFolder.clear();
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
  }
}
