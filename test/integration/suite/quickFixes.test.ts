import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { codeActionsAt } from '../codeActions';
import { ruleOf, waitForOurs, waitForRule, withCopy } from '../lens';

function quickFixes(uri: vscode.Uri, range: vscode.Range): Promise<vscode.CodeAction[]> {
  return codeActionsAt(uri, range, vscode.CodeActionKind.QuickFix.value);
}

const noTimeoutFinding = (d: vscode.Diagnostic[]) => !d.some((x) => ruleOf(x) === 'require-timeout');

suite('quick fixes', () => {
  test('the actions offered for a finding: its fixes (one preferred, the one the hover offers), disable for this line, show instruction', async () => {
    await withCopy('src/payments-client.ts', async ({ document }) => {
      const diagnostic = await waitForRule(document.uri, 'require-timeout');
      // The editor hands back the actions without their `diagnostics`; the range holds only ours.
      const actions = await quickFixes(document.uri, diagnostic.range);
      const titles = actions.map((a) => a.title);
      const preferred = actions.filter((a) => a.isPreferred);
      assert.strictEqual(preferred.length, 1, `one preferred fix expected: ${JSON.stringify(titles)}`);
      assert.ok(titles.includes('Disable require-timeout for this line'), JSON.stringify(titles));
      assert.ok(titles.includes('Show instruction: Timeouts and deadlines'), JSON.stringify(titles));
      for (const action of actions) assert.strictEqual(action.kind?.value, vscode.CodeActionKind.QuickFix.value);
      const hover = await hoverText(document.uri, diagnostic.range.start);
      assert.ok(hover.includes(`[Apply fix: ${preferred[0].title}]`), `the hover offers another fix than the preferred "${preferred[0].title}"`);
    });
  });

  test('the preferred fix edits the file and its diagnostic goes away', async () => {
    await withCopy('src/payments-client.ts', async ({ document }) => {
      const diagnostic = await waitForRule(document.uri, 'require-timeout');
      const before = document.getText();
      const preferred = (await quickFixes(document.uri, diagnostic.range)).find((a) => a.isPreferred);
      assert.ok(preferred?.edit, 'no preferred fix with an edit');
      const expected = textAfter(document, preferred.edit);
      assert.ok(await vscode.workspace.applyEdit(preferred.edit), 'the edit was refused');
      assert.strictEqual(document.getText(), expected);
      assert.notStrictEqual(document.getText(), before);
      assert.match(document.getText(), /timeout/i);
      await waitForOurs(document.uri, noTimeoutFinding, 'the require-timeout diagnostic to go away after the fix');
    });
  });

  test('"Disable require-timeout for this line" writes the comment with the line\'s indentation and the diagnostic goes away', async () => {
    await withCopy('src/payments-client.ts', async ({ document }) => {
      const diagnostic = await waitForRule(document.uri, 'require-timeout');
      const line = diagnostic.range.start.line;
      const indentation = /^\s*/.exec(document.lineAt(line).text)![0];
      const disable = (await quickFixes(document.uri, diagnostic.range)).find((a) => a.title === 'Disable require-timeout for this line');
      assert.ok(disable?.edit, 'no disable action');
      assert.ok(await vscode.workspace.applyEdit(disable.edit));
      assert.strictEqual(document.lineAt(line).text, `${indentation}// instruction-lens-disable-next-line require-timeout`);
      await waitForOurs(document.uri, noTimeoutFinding, 'the require-timeout diagnostic to go away after disabling it');
    });
  });

  test('the hover\'s "Apply fix" command applies the preferred fix', async () => {
    await withCopy('src/payments-client.ts', async ({ document }) => {
      const diagnostic = await waitForRule(document.uri, 'require-timeout');
      const preferred = (await quickFixes(document.uri, diagnostic.range)).find((a) => a.isPreferred)!;
      const expected = textAfter(document, preferred.edit!);
      const start = document.offsetAt(diagnostic.range.start);
      const link = /\(command:instructionLens\.applyFix\?([^)]+)\)/.exec(await hoverText(document.uri, diagnostic.range.start))?.[1];
      assert.ok(link, 'no Apply fix link in the hover');
      const args = JSON.parse(decodeURIComponent(link)) as unknown[];
      assert.deepStrictEqual(args.slice(0, 3), [document.uri.toString(), 'require-timeout', start]);
      assert.strictEqual(await vscode.commands.executeCommand('instructionLens.applyFix', ...args), true);
      assert.strictEqual(document.getText(), expected);
      await waitForOurs(document.uri, noTimeoutFinding, 'the require-timeout diagnostic to go away after Apply fix');
    });
  });
});

async function hoverText(uri: vscode.Uri, position: vscode.Position): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position);
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
}

/** The document's text with a workspace edit applied, computed on the side (the document is not touched). */
function textAfter(document: vscode.TextDocument, edit: vscode.WorkspaceEdit): string {
  const edits = edit.get(document.uri).map((e) => ({ start: document.offsetAt(e.range.start), end: document.offsetAt(e.range.end), text: e.newText }));
  let text = document.getText();
  for (const e of edits.sort((a, b) => b.start - a.start)) text = text.slice(0, e.start) + e.text + text.slice(e.end);
  return text;
}
