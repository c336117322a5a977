import * as vscode from 'vscode';
import type { Finding, Fix, TextEdit } from '../core';
import { ruleIdOf } from './diagnostics';
import type { DocumentState } from './documentState';
import { COMMANDS } from './ids';
import type { LazyEngine } from './lazyEngine';
import type { Log } from './log';

/**
 * Quick fixes for our diagnostics, linked to them through `diagnostic.code` and the range: the
 * rule's fixes (the preferred one marked), or, for a finding with none, its rule's pattern ("Apply
 * pattern: ..."); "Fix all <rule> problems in this file" when the rule has more than one fixable
 * finding, "Disable <rule> for this line" and "Show instruction".
 * Character offsets become editor positions here, at the edge, and nowhere earlier.
 */
export class InstructionCodeActions implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = {
    providedCodeActionKinds: [vscode.CodeActionKind.QuickFix],
  };

  constructor(
    private readonly engine: LazyEngine,
    private readonly state: DocumentState,
    /** The diagnostics we published for a document. */
    private readonly published: (uri: vscode.Uri) => readonly vscode.Diagnostic[],
    private readonly log: Log,
  ) {}

  provideCodeActions(document: vscode.TextDocument, range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    return this.log.guard('code actions', () => this.actions(document, range, context), []);
  }

  private actions(document: vscode.TextDocument, range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    if (context.only && !context.only.intersects(vscode.CodeActionKind.QuickFix)) return [];
    // The editor passes the diagnostics it knows in the range; ours just published may not have
    // reached it yet, so those in our own collection count too.
    const candidates = [...context.diagnostics, ...this.published(document.uri).filter((d) => d.range.intersection(range))];
    const seen = new Set<Finding>();
    const rulesFixedAll = new Set<string>();
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of candidates) {
      const ruleId = ruleIdOf(diagnostic);
      const finding = ruleId && this.state.findingFor(document, ruleId, diagnostic.range);
      if (!finding || seen.has(finding)) continue;
      seen.add(finding);
      finding.fixes.forEach((fix) => actions.push(fixAction(document, fix, diagnostic)));
      const pattern = finding.fixes.length === 0 ? this.patternAction(document, finding, diagnostic) : undefined;
      if (pattern) actions.push(pattern);
      if (!rulesFixedAll.has(finding.ruleId)) {
        rulesFixedAll.add(finding.ruleId);
        const fixAll = this.fixAllAction(document, finding.ruleId);
        if (fixAll) actions.push(fixAll);
      }
      actions.push(this.disableAction(document, finding, diagnostic));
      actions.push(showInstructionAction(finding, diagnostic));
    }
    return actions;
  }

  /**
   * "Apply pattern: <pattern>" for a finding with no fix of its own whose rule names a pattern: the
   * pattern is written around the flagged call, with the project's resilience library or the
   * instruction file's helper (added once per file), as Apply Pattern does from the palette.
   */
  private patternAction(document: vscode.TextDocument, finding: Finding, diagnostic: vscode.Diagnostic): vscode.CodeAction | undefined {
    const pattern = finding.pattern && this.engine.get().patterns().find((p) => p.id === finding.pattern);
    if (!pattern) return undefined;
    const action = new vscode.CodeAction(`Apply pattern: ${pattern.label}`, vscode.CodeActionKind.QuickFix);
    action.diagnostics = [diagnostic];
    action.isPreferred = true;
    // A cursor at the start of the flagged callee: Apply Pattern takes the call under it.
    const options = { at: { start: finding.start, end: finding.start }, version: document.version, uri: document.uri.toString(), preview: false };
    action.command = { command: COMMANDS.applyPattern, title: action.title, arguments: [pattern.id, options] };
    return action;
  }

  /** "Fix all <rule> problems in this file": every finding's preferred fix in one edit, one undo step. */
  private fixAllAction(document: vscode.TextDocument, ruleId: string): vscode.CodeAction | undefined {
    const findings = this.state.get(document)?.findings;
    const edits = findings && this.engine.get().fixAllOfRule(findings, ruleId);
    if (!edits) return undefined;
    const action = new vscode.CodeAction(`Fix all ${ruleId} problems in this file`, vscode.CodeActionKind.QuickFix);
    action.edit = workspaceEdit(document, edits);
    action.diagnostics = this.published(document.uri).filter((d) => ruleIdOf(d) === ruleId);
    return action;
  }

  private disableAction(document: vscode.TextDocument, finding: Finding, diagnostic: vscode.Diagnostic): vscode.CodeAction {
    const marker = this.engine.get().disableNextLine;
    const line = document.lineAt(document.positionAt(finding.start).line);
    const action = new vscode.CodeAction(`Disable ${finding.ruleId} for this line`, vscode.CodeActionKind.QuickFix);
    action.diagnostics = [diagnostic];
    action.edit = new vscode.WorkspaceEdit();
    const above = line.lineNumber > 0 ? document.lineAt(line.lineNumber - 1) : undefined;
    if (above && new RegExp(`^\\s*//\\s*${marker}\\s+\\S`).test(above.text)) {
      // Other rules are disabled for this line already: name this one on the same comment, before
      // any `-- reason`, since a second comment line would end the first one's reach.
      const reason = above.text.indexOf(' --');
      const end = reason >= 0 ? reason : above.text.trimEnd().length;
      action.edit.insert(document.uri, new vscode.Position(above.lineNumber, end), `, ${finding.ruleId}`);
    } else {
      const indentation = line.text.slice(0, line.firstNonWhitespaceCharacterIndex);
      action.edit.insert(document.uri, line.range.start, `${indentation}// ${marker} ${finding.ruleId}\n`);
    }
    return action;
  }
}

/** A fix of the engine as a workspace edit on the document. */
export function fixEdit(document: vscode.TextDocument, fix: Fix): vscode.WorkspaceEdit {
  return workspaceEdit(document, fix.edits);
}

/** The engine's edits (character offsets into the document's text) as one workspace edit. */
export function workspaceEdit(document: vscode.TextDocument, edits: readonly TextEdit[]): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  for (const change of edits) {
    edit.replace(document.uri, new vscode.Range(document.positionAt(change.start), document.positionAt(change.end)), change.text);
  }
  return edit;
}

function fixAction(document: vscode.TextDocument, fix: Fix, diagnostic: vscode.Diagnostic): vscode.CodeAction {
  const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
  action.edit = fixEdit(document, fix);
  action.diagnostics = [diagnostic];
  action.isPreferred = fix.preferred === true;
  return action;
}

function showInstructionAction(finding: Finding, diagnostic: vscode.Diagnostic): vscode.CodeAction {
  const action = new vscode.CodeAction(`Show instruction: ${finding.section.heading}`, vscode.CodeActionKind.QuickFix);
  action.diagnostics = [diagnostic];
  action.command = {
    command: COMMANDS.showInstruction,
    title: action.title,
    arguments: [finding.section.instruction, finding.section.heading],
  };
  return action;
}
