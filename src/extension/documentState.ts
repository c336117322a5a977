import * as vscode from 'vscode';
import type { Analysis, Finding } from '../core';

interface Entry {
  version: number;
  /** The text analysed: a new version with the same text (a reload from disk) keeps the analysis. */
  text: string;
  analysis: Analysis;
}

/**
 * The latest analysis of each open document, by version. Hover, code actions and the status bar
 * read it here and never analyse themselves; an entry for an older version is not handed out,
 * since its offsets no longer match the text.
 */
export class DocumentState implements vscode.Disposable {
  private readonly byUri = new Map<string, Entry>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();

  /** Fires when a document's analysis was stored or dropped. */
  readonly onDidChange = this.changed.event;

  set(document: vscode.TextDocument, version: number, text: string, analysis: Analysis): void {
    this.byUri.set(document.uri.toString(), { version, text, analysis });
    this.changed.fire(document.uri);
  }

  delete(uri: vscode.Uri): void {
    if (this.byUri.delete(uri.toString())) this.changed.fire(uri);
  }

  /** The analysis of the document's current text, if there is one. */
  get(document: vscode.TextDocument): Analysis | undefined {
    const entry = this.byUri.get(document.uri.toString());
    if (!entry) return undefined;
    if (entry.version !== document.version) {
      if (entry.text !== document.getText()) return undefined;
      entry.version = document.version;
    }
    return entry.analysis;
  }

  /**
   * The newest analysis even if the text changed since: good enough for what does not depend on
   * offsets (which instruction files apply), and it keeps the status bar steady while typing.
   */
  latest(document: vscode.TextDocument): Analysis | undefined {
    return this.byUri.get(document.uri.toString())?.analysis;
  }

  /** The finding behind a diagnostic of ours: same rule and same range. */
  findingFor(document: vscode.TextDocument, ruleId: string, range: vscode.Range): Finding | undefined {
    return this.get(document)?.findings.find(
      (f) => f.ruleId === ruleId && document.offsetAt(range.start) === f.start && document.offsetAt(range.end) === f.end,
    );
  }

  dispose(): void {
    this.byUri.clear();
    this.changed.dispose();
  }
}
