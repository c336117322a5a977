import * as vscode from 'vscode';
import type { Analysis } from '../core';
import { workspaceEdit } from './codeActions';
import type { LazyEngine } from './lazyEngine';
import type { Log } from './log';

/** The kind `editor.codeActionsOnSave` names: `{ "source.fixAll.instructionLens": "explicit" }`. */
export const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append('instructionLens');

/**
 * Fix-all on save, and in the Source Action menu: applies only fixes marked safe, so saving never
 * adds a timeout, retry or breaker (those change runtime behaviour; they stay quick fixes a person
 * chooses). Offered only when asked for by kind, never in the lightbulb.
 */
export class SafeFixAll implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = {
    providedCodeActionKinds: [FIX_ALL_KIND],
  };

  constructor(
    private readonly engine: LazyEngine,
    /** The analysis of the document's current text, made now if the stored one is older. */
    private readonly analysisOf: (document: vscode.TextDocument) => Promise<Analysis | undefined>,
    private readonly log: Log,
  ) {}

  async provideCodeActions(
    document: vscode.TextDocument,
    _range: vscode.Range,
    context: vscode.CodeActionContext,
    token: vscode.CancellationToken,
  ): Promise<vscode.CodeAction[]> {
    if (!context.only?.intersects(FIX_ALL_KIND)) return [];
    try {
      // Of the text as it is now: offsets into an older text would edit the wrong places.
      const analysis = await this.analysisOf(document);
      if (!analysis || token.isCancellationRequested) return [];
      const edits = this.engine.get().safeFixAll(analysis.findings);
      if (edits.length === 0) return [];
      const action = new vscode.CodeAction('Fix all safe Instruction Lens problems', FIX_ALL_KIND);
      action.edit = workspaceEdit(document, edits);
      return [action];
    } catch (error) {
      this.log.error('fix-all', error);
      return [];
    }
  }
}
