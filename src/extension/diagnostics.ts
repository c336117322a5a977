import * as path from 'path';
import * as vscode from 'vscode';
import type { Analysis, Finding, Severity } from '../core';
import type { DocumentState } from './documentState';
import { COMMANDS, LANGUAGES, SCHEMES, SOURCE, UNTITLED_EXTENSIONS, commandLink } from './ids';
import type { WorkspaceInstructions } from './instructionFiles';
import type { LazyEngine } from './lazyEngine';
import type { Log } from './log';
import type { Settings } from './settings';

/** Quiet time after the last keystroke before a document is analysed again. */
const TYPING_DEBOUNCE_MS = 300;

const SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

/** Whether the adapter analyses this document at all. */
export function isAnalysable(document: vscode.TextDocument): boolean {
  return (SCHEMES as readonly string[]).includes(document.uri.scheme) && (LANGUAGES as readonly string[]).includes(document.languageId);
}

/**
 * The path the engine sees: the file's own, or for an unsaved editor a name in the first workspace
 * folder with its language's extension, so `applyTo` globs and the nearest package.json apply.
 */
export function enginePath(document: vscode.TextDocument): string {
  if (document.uri.scheme === 'file') return document.uri.fsPath;
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? path.sep;
  const extension = UNTITLED_EXTENSIONS[document.languageId as (typeof LANGUAGES)[number]] ?? '';
  return path.join(folder, path.basename(document.uri.path) + extension);
}

export interface DiagnosticsDeps {
  engine: LazyEngine;
  settings: Settings;
  state: DocumentState;
  instructions: WorkspaceInstructions;
  log: Log;
}

/**
 * Analyses supported documents on open, on change (debounced, latest version wins), on save and
 * when settings or instruction files change, and publishes the findings as diagnostics.
 */
export class DiagnosticsController implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('instruction-lens');
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  /** Per document, the number of the newest analysis started; an older one finishing late is dropped. */
  private readonly generation = new Map<string, number>();
  private readonly logged = new Set<string>();
  private readonly subscriptions: vscode.Disposable[] = [];
  private startup: ReturnType<typeof setImmediate> | undefined;

  constructor(private readonly deps: DiagnosticsDeps) {
    const { workspace } = vscode;
    this.subscriptions.push(
      workspace.onDidOpenTextDocument((document) => this.schedule(document, 0)),
      workspace.onDidChangeTextDocument((event) => {
        if (event.contentChanges.length > 0) this.schedule(event.document, TYPING_DEBOUNCE_MS);
      }),
      // Saving does not wait for the typing pause; without pending edits the findings are current.
      workspace.onDidSaveTextDocument((document) => {
        if (this.timers.has(document.uri.toString())) this.schedule(document, 0);
      }),
      workspace.onDidCloseTextDocument((document) => this.close(document)),
      deps.settings.onDidChange(() => this.analyseOpenDocuments()),
      deps.instructions.onDidChange(() => this.analyseOpenDocuments()),
    );
    // Rules look at the project's dependencies; a changed package.json can change findings.
    const manifests = workspace.createFileSystemWatcher('**/package.json');
    const dependenciesChanged = (uri: vscode.Uri) => {
      if (uri.path.includes('/node_modules/')) return;
      deps.engine.ifLoaded()?.invalidateProjects();
      this.analyseOpenDocuments();
    };
    this.subscriptions.push(
      manifests,
      manifests.onDidChange(dependenciesChanged),
      manifests.onDidCreate(dependenciesChanged),
      manifests.onDidDelete(dependenciesChanged),
    );
  }

  /** What we published for a document. */
  published(uri: vscode.Uri): readonly vscode.Diagnostic[] {
    return this.collection.get(uri) ?? [];
  }

  /**
   * The analysis of the document's current text, analysing it now when the stored one is older:
   * fix-all on save runs before the typing pause has ended. Undefined if it cannot be had (the
   * document changed again meanwhile, or the analysis failed).
   */
  async currentAnalysis(document: vscode.TextDocument): Promise<Analysis | undefined> {
    if (!isAnalysable(document)) return undefined;
    const stored = this.deps.state.get(document);
    if (stored) return stored;
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    await this.analyse(document);
    return this.deps.state.get(document);
  }

  /** Analyses the documents already open, after activation has returned. */
  start(): void {
    this.startup = setImmediate(() => this.analyseOpenDocuments());
  }

  analyseOpenDocuments(): void {
    for (const document of vscode.workspace.textDocuments) this.schedule(document, 0);
  }

  private schedule(document: vscode.TextDocument, delayMs: number): void {
    if (!isAnalysable(document)) return;
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        void this.analyse(document);
      }, delayMs),
    );
  }

  private async analyse(document: vscode.TextDocument): Promise<void> {
    const key = document.uri.toString();
    const generation = (this.generation.get(key) ?? 0) + 1;
    this.generation.set(key, generation);
    const name = vscode.workspace.asRelativePath(document.uri);
    try {
      await this.deps.instructions.ensureLoaded();
      if (document.isClosed || this.generation.get(key) !== generation) return;
      const host = this.deps.engine.get();
      const settings = this.deps.settings.for(document.uri);
      const version = document.version;
      const text = document.getText();
      const started = performance.now();
      const analysis = await host.analyze({ path: enginePath(document), text, languageId: document.languageId, documentKey: key }, settings);
      if (document.isClosed) {
        host.forget(key);
        return;
      }
      // A newer edit, setting or instruction change started another analysis: its result wins.
      if (this.generation.get(key) !== generation || document.version !== version) return;
      this.publish(document, version, text, analysis);
      const { parseMs, rulesMs } = analysis.timings;
      this.deps.log.debug(
        `analysed ${name} v${version} in ${(performance.now() - started).toFixed(1)} ms (parse ${parseMs.toFixed(1)}, rules ${rulesMs.toFixed(1)}): ${analysis.findings.length} finding(s)`,
      );
    } catch (error) {
      this.deps.log.error(`analysing ${name}`, error);
    }
  }

  private publish(document: vscode.TextDocument, version: number, text: string, analysis: Analysis): void {
    const name = vscode.workspace.asRelativePath(document.uri);
    const { log } = this.deps;
    if (analysis.skipped && analysis.language) this.once(`${document.uri} ${analysis.skipped}`, () => log.info(`not analysing ${name}: ${analysis.skipped}`));
    for (const error of analysis.ruleErrors) this.once(`${document.uri} ${error}`, () => log.error(`a rule failed on ${name}`, error));
    this.deps.state.set(document, version, text, analysis);
    this.collection.set(document.uri, analysis.findings.map((finding) => toDiagnostic(document, finding)));
  }

  /** Logs a document's skip reason or rule failure once, not on every keystroke. */
  private once(key: string, write: () => void): void {
    if (this.logged.has(key)) return;
    this.logged.add(key);
    write();
  }

  private close(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    this.generation.delete(key);
    this.collection.delete(document.uri);
    this.deps.state.delete(document.uri);
    this.deps.engine.ifLoaded()?.forget(key);
    for (const logged of this.logged) if (logged.startsWith(`${key} `)) this.logged.delete(logged);
  }

  dispose(): void {
    if (this.startup) clearImmediate(this.startup);
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    for (const subscription of this.subscriptions) subscription.dispose();
    this.collection.dispose();
  }
}

/** A finding as a diagnostic whose code links to the instruction section that explains it. */
export function toDiagnostic(document: vscode.TextDocument, finding: Finding): vscode.Diagnostic {
  const range = new vscode.Range(document.positionAt(finding.start), document.positionAt(finding.end));
  const diagnostic = new vscode.Diagnostic(range, finding.message, SEVERITY[finding.severity]);
  diagnostic.source = SOURCE;
  diagnostic.code = {
    value: finding.ruleId,
    target: vscode.Uri.parse(commandLink(COMMANDS.showInstruction, [finding.section.instruction, finding.section.heading])),
  };
  return diagnostic;
}

/** The rule id of one of our diagnostics, or undefined for anyone else's. */
export function ruleIdOf(diagnostic: vscode.Diagnostic): string | undefined {
  if (diagnostic.source !== SOURCE) return undefined;
  const code = diagnostic.code;
  if (typeof code === 'object' && code !== null) return String(code.value);
  return code === undefined ? undefined : String(code);
}
