/**
 * Wiring only: creates the adapter's parts, registers them, and returns. Nothing heavy happens
 * here; the engine (tree-sitter, rules, instruction files) loads on the first analysis, which is
 * deferred until after activation.
 */
import * as vscode from 'vscode';
import { InstructionCodeActions } from './codeActions';
import { commandTable, registerCommands } from './commands';
import { DiagnosticsController } from './diagnostics';
import { DocumentState } from './documentState';
import { SafeFixAll } from './fixAll';
import { InstructionHover } from './hover';
import { LANGUAGES, SCHEMES } from './ids';
import { WorkspaceInstructions } from './instructionFiles';
import { LazyEngine } from './lazyEngine';
import { Log } from './log';
import { Settings } from './settings';
import { InstructionStatus } from './statusBar';

/** Supported languages in files on disk and in unsaved editors. */
const SELECTOR: vscode.DocumentFilter[] = LANGUAGES.flatMap((language) => SCHEMES.map((scheme) => ({ language, scheme })));

export function activate(context: vscode.ExtensionContext): void {
  const started = performance.now();
  const log = new Log();
  const engine = new LazyEngine(log);
  const settings = new Settings(engine, log);
  const state = new DocumentState();
  const instructions = new WorkspaceInstructions(engine, settings, log);
  const diagnostics = new DiagnosticsController({ engine, settings, state, instructions, log });

  context.subscriptions.push(
    log,
    settings,
    state,
    instructions,
    diagnostics,
    new InstructionStatus(state),
    vscode.languages.registerHoverProvider(SELECTOR, new InstructionHover(engine, state, log)),
    vscode.languages.registerCodeActionsProvider(SELECTOR, new InstructionCodeActions(engine, state, (uri) => diagnostics.published(uri), log), InstructionCodeActions.metadata),
    vscode.languages.registerCodeActionsProvider(SELECTOR, new SafeFixAll(engine, (document) => diagnostics.currentAnalysis(document), log), SafeFixAll.metadata),
    ...registerCommands(commandTable({ engine, state, log }), log),
  );
  diagnostics.start();
  log.debug(`activated in ${(performance.now() - started).toFixed(1)} ms`);
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
