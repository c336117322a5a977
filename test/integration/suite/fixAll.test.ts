import * as assert from 'node:assert';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { codeActionsAt } from '../codeActions';
import { openFixture, waitForEvent, workspaceFolder } from '../helpers';
import { ruleOf, waitForOurs, withCopy } from '../lens';
import { registeredRuleIds } from '../registeredRules';

const FIX_ALL_KIND = 'source.fixAll.instructionLens';
const TIMEOUTS_FIXTURE = 'src/fix-all/billing-client.ts';

/**
 * Files with a finding whose preferred fix is marked safe, which fix-all on save must apply, beside
 * a finding of `unsafe`, which it must leave. A case runs once its rule is registered.
 */
const SAFE_FIX_CASES = [
  {
    rule: 'require-jwt-algorithms',
    fixture: 'src/fix-all/token-check.ts',
    unsafe: 'require-timeout',
    before: "algorithms: ['HS256', 'none']",
    after: "algorithms: ['HS256']",
  },
];

const count = (diagnostics: vscode.Diagnostic[], ruleId: string) => diagnostics.filter((d) => ruleOf(d) === ruleId).length;

suite('fix all', () => {
  test('"Fix all require-timeout problems in this file" applies the preferred fix of every finding in one edit, and every diagnostic of the rule goes away', async () => {
    await withCopy(TIMEOUTS_FIXTURE, async ({ document }) => {
      const diagnostics = (await waitForOurs(document.uri, (d) => count(d, 'require-timeout') === 3, 'three require-timeout diagnostics')).filter(
        (d) => ruleOf(d) === 'require-timeout',
      );
      // What the three quick fixes would do one by one, as the expected result of doing them at once.
      const preferred: vscode.TextEdit[] = [];
      for (const diagnostic of diagnostics) {
        const fix = (await codeActionsAt(document.uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value)).find((a) => a.isPreferred);
        assert.ok(fix?.edit, `no preferred fix at line ${diagnostic.range.start.line + 1}`);
        preferred.push(...fix.edit.get(document.uri));
      }
      const actions = await codeActionsAt(document.uri, diagnostics[1].range, vscode.CodeActionKind.QuickFix.value);
      const fixAll = actions.filter((a) => a.title === 'Fix all require-timeout problems in this file');
      assert.strictEqual(fixAll.length, 1, JSON.stringify(actions.map((a) => a.title)));
      const [action] = fixAll;
      assert.strictEqual(action.kind?.value, vscode.CodeActionKind.QuickFix.value);
      assert.ok(!action.isPreferred, 'fix-all must not compete with the finding\'s own preferred fix');
      assert.ok(action.edit);
      assert.deepStrictEqual(action.edit.entries().map(([uri, edits]) => [uri.toString(), edits.length]), [[document.uri.toString(), 3]]);
      const expected = textAfter(document, preferred);

      assert.ok(await vscode.workspace.applyEdit(action.edit), 'the edit was refused');
      assert.strictEqual(document.getText(), expected);
      await waitForOurs(document.uri, (d) => count(d, 'require-timeout') === 0, 'every require-timeout diagnostic to go away');
    });
  });

  test('"Fix all no-hardcoded-secret problems in this file" adds the requiredEnv() helper both fixes need once', async function () {
    if (!registeredRuleIds().has('no-hardcoded-secret')) {
      console.log('      skipped: no-hardcoded-secret is not registered yet');
      this.skip();
    }
    await withCopy('src/fix-all/api-keys.ts', async ({ document }) => {
      const diagnostics = await waitForOurs(document.uri, (d) => count(d, 'no-hardcoded-secret') === 2, 'two no-hardcoded-secret diagnostics');
      const first = diagnostics.find((d) => ruleOf(d) === 'no-hardcoded-secret')!;
      const action = (await codeActionsAt(document.uri, first.range, vscode.CodeActionKind.QuickFix.value)).find(
        (a) => a.title === 'Fix all no-hardcoded-secret problems in this file',
      );
      assert.ok(action?.edit, 'no "Fix all no-hardcoded-secret problems in this file"');
      assert.ok(await vscode.workspace.applyEdit(action.edit), 'the edit was refused');
      const text = document.getText();
      assert.strictEqual(text.split('function requiredEnv(').length - 1, 1, `the helper is not there exactly once:\n${text}`);
      assert.match(text, /ledgerApiKey: requiredEnv\('LEDGER_API_KEY'\)/);
      assert.match(text, /billingApiSecret: requiredEnv\('BILLING_API_SECRET'\)/);
      await waitForOurs(document.uri, (d) => count(d, 'no-hardcoded-secret') === 0, 'both no-hardcoded-secret diagnostics to go away');
    });
  });

  test('no "Fix all" action when the rule has a single finding in the file', async () => {
    const { document } = await openFixture('src/payments-client.ts');
    const diagnostics = await waitForOurs(document.uri, (d) => count(d, 'require-timeout') === 1, 'one require-timeout diagnostic');
    const actions = await codeActionsAt(document.uri, diagnostics.find((d) => ruleOf(d) === 'require-timeout')!.range, vscode.CodeActionKind.QuickFix.value);
    assert.ok(actions.some((a) => a.isPreferred), 'the finding\'s own fix is missing');
    assert.deepStrictEqual(actions.filter((a) => a.title.startsWith('Fix all')).map((a) => a.title), []);
  });

  test(`on save with "${FIX_ALL_KIND}": "explicit", fixes that change behaviour (timeouts) are not applied`, async () => {
    await withSavedCopy(TIMEOUTS_FIXTURE, async (document) => {
      await waitForOurs(document.uri, (d) => count(d, 'require-timeout') === 3, 'three require-timeout diagnostics');
      const whole = fullRange(document);
      assert.deepStrictEqual(await codeActionsAt(document.uri, whole, FIX_ALL_KIND), [], 'fix-all offers an edit for a file with only unsafe fixes');
      const typed = await typeAndSave(document);
      assert.strictEqual(document.getText(), typed, 'saving changed the file');
      await waitForOurs(document.uri, (d) => count(d, 'require-timeout') === 3, 'the three require-timeout diagnostics still there after saving');
    });
  });

  test(`on save with "${FIX_ALL_KIND}": "explicit", safe fixes are applied and unsafe ones left`, async function () {
    const registered = registeredRuleIds();
    const cases = SAFE_FIX_CASES.filter((c) => registered.has(c.rule) && registered.has(c.unsafe));
    if (cases.length === 0) {
      console.log(`      skipped: no rule with a safe fix is registered yet (${SAFE_FIX_CASES.map((c) => c.rule).join(', ')})`);
      this.skip();
    }
    for (const c of cases) {
      await withSavedCopy(c.fixture, async (document) => {
        const diagnostics = await waitForOurs(document.uri, (d) => count(d, c.rule) === 1 && count(d, c.unsafe) === 1, `a ${c.rule} and a ${c.unsafe} diagnostic`);
        const safe = diagnostics.find((d) => ruleOf(d) === c.rule)!;
        const lightbulb = await codeActionsAt(document.uri, safe.range);
        assert.deepStrictEqual(lightbulb.filter((a) => a.kind?.value.startsWith('source')).map((a) => a.title), [], 'fix-all is offered in the lightbulb');
        const offered = await codeActionsAt(document.uri, fullRange(document), FIX_ALL_KIND);
        assert.deepStrictEqual(offered.map((a) => a.kind?.value), [FIX_ALL_KIND]);
        const sourceMenu = await codeActionsAt(document.uri, fullRange(document), vscode.CodeActionKind.Source.value);
        assert.ok(sourceMenu.some((a) => a.kind?.value === FIX_ALL_KIND), 'fix-all is missing from Source Action...');

        const typed = await typeAndSave(document);
        assert.ok(typed.includes(c.before), `${c.fixture} does not contain ${c.before}`);
        assert.strictEqual(document.getText(), typed.replace(c.before, c.after), 'saving did more or less than the safe fix');
        await waitForOurs(document.uri, (d) => count(d, c.rule) === 0 && count(d, c.unsafe) === 1, `${c.rule} fixed, ${c.unsafe} left`);
      });
    }
  });
});

/**
 * Runs `body` on a copy of a fixture saved beside it (fix-all on save needs a file on disk), with
 * `editor.codeActionsOnSave` asking for our fix-all; then closes it and deletes the copy.
 */
async function withSavedCopy(fixture: string, body: (document: vscode.TextDocument) => Promise<void>): Promise<void> {
  const folder = workspaceFolder().uri;
  const original = vscode.Uri.joinPath(folder, fixture);
  const copy = vscode.Uri.joinPath(folder, path.posix.dirname(fixture), `saved-${path.posix.basename(fixture)}`);
  await vscode.workspace.fs.writeFile(copy, await vscode.workspace.fs.readFile(original));
  await vscode.workspace.getConfiguration('editor').update('codeActionsOnSave', { [FIX_ALL_KIND]: 'explicit' }, vscode.ConfigurationTarget.Workspace);
  try {
    const document = await vscode.workspace.openTextDocument(copy);
    await vscode.window.showTextDocument(document);
    await body(document);
  } finally {
    await vscode.workspace.getConfiguration('editor').update('codeActionsOnSave', undefined, vscode.ConfigurationTarget.Workspace);
    if (vscode.workspace.textDocuments.some((d) => d.uri.toString() === copy.toString())) {
      await vscode.window.showTextDocument(copy);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
    await vscode.workspace.fs.delete(copy);
  }
}

/**
 * Types a line at the end and saves at once, the way a person presses Ctrl+S right after typing:
 * the analysis of the new text is not done yet when fix-all runs. Returns the text as typed.
 */
async function typeAndSave(document: vscode.TextDocument): Promise<string> {
  const edit = new vscode.WorkspaceEdit();
  edit.insert(document.uri, document.lineAt(document.lineCount - 1).range.end, '\n// reviewed\n');
  assert.ok(await vscode.workspace.applyEdit(edit));
  const typed = document.getText();
  await vscode.window.showTextDocument(document);
  await vscode.commands.executeCommand('workbench.action.files.save');
  await waitForEvent(vscode.workspace.onDidChangeTextDocument, () => (document.isDirty ? undefined : true), 10_000, 'the file to be saved');
  return typed;
}

function fullRange(document: vscode.TextDocument): vscode.Range {
  return new vscode.Range(new vscode.Position(0, 0), document.lineAt(document.lineCount - 1).range.end);
}

/** The document's text with these edits applied, computed on the side. */
function textAfter(document: vscode.TextDocument, edits: readonly vscode.TextEdit[]): string {
  const offsets = edits.map((e) => ({ start: document.offsetAt(e.range.start), end: document.offsetAt(e.range.end), text: e.newText }));
  let text = document.getText();
  for (const e of offsets.sort((a, b) => b.start - a.start)) text = text.slice(0, e.start) + e.text + text.slice(e.end);
  return text;
}
