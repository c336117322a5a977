/**
 * One test per file `rules/<rule-id>.ts|js` of the fixture workspace, each holding exactly one
 * finding of its rule, named by a header `// expect: <rule-id> <1-based line>`. The test waits for
 * that diagnostic, then applies the rule's preferred quick fix (its own edit, or "Apply pattern: ..."
 * for a finding with none) and waits for the diagnostic to go away, or, for a rule without fixes,
 * checks that only "Disable" and "Show instruction" are offered.
 * Files of rules not registered yet are skipped, so the suite stays green while rules land.
 */
import * as assert from 'node:assert';
import Mocha from 'mocha';
import * as vscode from 'vscode';
import { codeActionsAt } from '../codeActions';
import { waitForEvent, workspaceFolder } from '../helpers';
import { ruleOf, waitForOurs } from '../lens';
import { registeredRuleIds } from '../registeredRules';

const RULE_FILES = 'rules/*.{ts,tsx,js,jsx,mjs,cjs}';
const EXPECT = /^\s*\/\/\s*expect:\s*(\S+)\s+(\d+)\s*$/m;

interface RuleFile {
  uri: vscode.Uri;
  /** Path relative to the workspace, for titles and messages. */
  name: string;
  /** From the `// expect:` header; undefined when the header is missing or malformed. */
  ruleId?: string;
  line?: number;
}

async function findRuleFiles(): Promise<RuleFile[]> {
  const uris = await vscode.workspace.findFiles(new vscode.RelativePattern(workspaceFolder(), RULE_FILES));
  const files: RuleFile[] = [];
  for (const uri of uris) {
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    const header = EXPECT.exec(text);
    files.push({ uri, name: vscode.workspace.asRelativePath(uri, false), ruleId: header?.[1], line: header ? Number(header[2]) : undefined });
  }
  return files.sort((a, b) => a.name.localeCompare(b.name));
}

const fileSuite = suite('rule quick fixes (rules/<rule-id> fixtures)', () => {
  let files: RuleFile[] = [];

  suiteSetup(async () => {
    files = await findRuleFiles();
    const registered = registeredRuleIds();
    for (const file of files) {
      const title = `${file.name}: the ${file.ruleId ?? '?'} finding on line ${file.line ?? '?'} and its quick fix`;
      fileSuite.addTest(
        new Mocha.Test(title, async function (this: Mocha.Context) {
          if (!file.ruleId || !registered.has(file.ruleId)) {
            console.log(`      skipped: ${file.ruleId ?? file.name} is not registered in ALL_RULES yet`);
            this.skip();
          }
          await checkRuleFile(file as Required<RuleFile>);
        }),
      );
    }
  });

  test('every rules/ fixture names its rule (the file name) and a line in an `// expect: <rule-id> <line>` header', () => {
    assert.ok(files.length > 0, `no ${RULE_FILES} files in the fixture workspace`);
    const wrong = files
      .filter((f) => !f.ruleId || !f.line || f.name.replace(/^rules\//, '').replace(/\.[^.]+$/, '') !== f.ruleId)
      .map((f) => f.name);
    assert.deepStrictEqual(wrong, [], 'files whose header is missing or names another rule than the file');
  });
});

async function checkRuleFile({ uri, name, ruleId, line }: Required<RuleFile>): Promise<void> {
  const document = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(document);
  const original = document.getText();
  const atLine = (d: vscode.Diagnostic) => ruleOf(d) === ruleId && d.range.start.line === line - 1;
  const diagnostics = await waitForOurs(uri, (d) => d.some(atLine), `${name}: ${ruleId} on line ${line}`);
  const ofRule = diagnostics.filter((d) => ruleOf(d) === ruleId);
  assert.strictEqual(ofRule.length, 1, `${name}: exactly one ${ruleId} finding expected, got lines ${ofRule.map((d) => d.range.start.line + 1).join(', ')}`);
  const diagnostic = ofRule[0];

  // The editor returns actions without their diagnostics: ask at a point only this finding covers.
  const others = diagnostics.filter((d) => d !== diagnostic);
  const point = [diagnostic.range.start, diagnostic.range.end].find((p) => !others.some((d) => d.range.contains(p)));
  assert.ok(point, `${name}: other findings (${others.map((d) => `${ruleOf(d)}@${d.range.start.line + 1}`).join(', ')}) cover the whole ${ruleId} finding; move them apart`);
  const actions = await codeActionsAt(uri, new vscode.Range(point, point), vscode.CodeActionKind.QuickFix.value);
  const titles = actions.map((a) => a.title);
  const disable = `Disable ${ruleId} for this line`;
  assert.ok(titles.includes(disable), `${name}: no "${disable}" in ${JSON.stringify(titles)}`);
  assert.strictEqual(titles.filter((t) => t.startsWith('Show instruction: ')).length, 1, `${name}: one "Show instruction" expected in ${JSON.stringify(titles)}`);
  const fixes = actions.filter((a) => a.title !== disable && !a.title.startsWith('Show instruction: '));

  if (fixes.length === 0) {
    assert.strictEqual(actions.length, 2, `${name}: only "Disable" and "Show instruction" expected: ${JSON.stringify(titles)}`);
    return;
  }
  const preferred = fixes.filter((a) => a.isPreferred);
  assert.strictEqual(preferred.length, 1, `${name}: one preferred fix expected among ${JSON.stringify(fixes.map((a) => a.title))}`);
  const fix = preferred[0];
  // A rule's own fix is an edit; "Apply pattern: ..." (for a finding with none) runs Apply Pattern.
  assert.ok(fix.edit || fix.command?.command === 'instructionLens.applyPattern', `${name}: the preferred fix "${fix.title}" has no edit and runs no pattern`);
  try {
    if (fix.edit) {
      assert.ok(await vscode.workspace.applyEdit(fix.edit), `${name}: the edit of "${fix.title}" was refused`);
    } else {
      assert.ok(fix.title.startsWith('Apply pattern: '), `${name}: "${fix.title}"`);
      assert.strictEqual(await vscode.commands.executeCommand(fix.command!.command, ...(fix.command!.arguments ?? [])), true, `${name}: "${fix.title}" did not apply`);
    }
    assert.notStrictEqual(document.getText(), original, `${name}: "${fix.title}" changed nothing`);
    await waitForOurs(uri, (d) => !d.some((x) => ruleOf(x) === ruleId), `${name}: the ${ruleId} diagnostic to go away after "${fix.title}"`);
  } finally {
    // Back to the file on disk, whatever happened, so that other runs see it unchanged.
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  }
  // The reverted text reaches the extension host as a document change event of its own.
  await waitForEvent(vscode.workspace.onDidChangeTextDocument, () => (document.getText() === original && !document.isDirty ? true : undefined), 10_000, `${name} to be reverted`);
  await waitForOurs(uri, (d) => d.some(atLine), `${name}: ${ruleId} back after reverting`);
  await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
}
