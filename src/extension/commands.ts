import * as vscode from 'vscode';
import { addInstructionsToWorkspace } from './addInstructions';
import { applyPattern, applyPatternOptions } from './applyPattern';
import { fixEdit } from './codeActions';
import type { DocumentState } from './documentState';
import { COMMANDS } from './ids';
import type { LazyEngine } from './lazyEngine';
import type { Log } from './log';
import { matchingInstructionsOf, showMatchingInstructions } from './matchingInstructions';

export interface CommandDeps {
  engine: LazyEngine;
  state: DocumentState;
  log: Log;
}

type Handler = (...args: unknown[]) => unknown;

/** Every command of the extension, by id. package.json `contributes.commands` lists the public ones. */
export function commandTable({ engine, state }: CommandDeps): Record<string, Handler> {
  return {
    [COMMANDS.applyPattern]: (patternId, options) => applyPattern(engine, typeof patternId === 'string' ? patternId : undefined, applyPatternOptions(options)),
    [COMMANDS.showMatchingInstructions]: () => showMatchingInstructions(state),
    [COMMANDS.showInstruction]: (instruction, heading) => showInstruction(engine, String(instruction), typeof heading === 'string' ? heading : ''),
    [COMMANDS.applyFix]: (uri, ruleId, start, fixIndex) => applyFix(state, String(uri), String(ruleId), Number(start), Number(fixIndex)),
    [COMMANDS.addInstructionsToWorkspace]: (ids, onExisting) =>
      addInstructionsToWorkspace(engine, idsArgument(ids), onExisting === 'overwrite' || onExisting === 'skip' ? onExisting : 'ask'),
    [COMMANDS.matchingInstructions]: (uri) => matchingInstructionsOf(state, typeof uri === 'string' || uri instanceof vscode.Uri ? uri : undefined),
  };
}

/** Instruction ids passed to a command: one id or a list; anything else (a URI from a menu) means none. */
function idsArgument(value: unknown): string[] | undefined {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) && value.every((id) => typeof id === 'string') ? value : undefined;
}

/** Registers the table; a command that throws is logged and reported, never left to VS Code. */
export function registerCommands(table: Record<string, Handler>, log: Log): vscode.Disposable[] {
  return Object.entries(table).map(([id, handler]) =>
    vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        return await handler(...args);
      } catch (error) {
        log.error(`command ${id}`, error);
        void vscode.window.showErrorMessage(`Instruction Lens: ${id} failed; see the "Instruction Lens" log.`);
        return undefined;
      }
    }),
  );
}

/** Opens an instruction file (bundled ones live in the extension's `instructions/` folder) at a section heading. */
async function showInstruction(engine: LazyEngine, instruction: string, heading: string): Promise<boolean> {
  const place = engine.get().locate({ instruction, heading });
  if (!place) {
    void vscode.window.showWarningMessage(`Instruction Lens: no instruction file "${instruction}" is loaded.`);
    return false;
  }
  const position = new vscode.Position(place.line, 0);
  const editor = await vscode.window.showTextDocument(vscode.Uri.file(place.path), { selection: new vscode.Range(position, position), preview: true });
  editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.AtTop);
  return true;
}

/** Applies one fix of a finding (the hover's "Apply fix" link), if the document has not changed since. */
async function applyFix(state: DocumentState, uri: string, ruleId: string, start: number, fixIndex: number): Promise<boolean> {
  const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri);
  const finding = document && state.get(document)?.findings.find((f) => f.ruleId === ruleId && f.start === start);
  const fix = finding?.fixes[fixIndex];
  if (!document || !fix) {
    void vscode.window.showWarningMessage('Instruction Lens: the file changed since this fix was offered; hover the problem again.');
    return false;
  }
  return vscode.workspace.applyEdit(fixEdit(document, fix));
}
