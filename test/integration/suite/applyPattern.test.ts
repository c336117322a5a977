import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { codeActionsAt } from '../codeActions';
import { openFixture, waitForEvent } from '../helpers';
import { ruleOf, waitForOurs, withCopy } from '../lens';

/** Declarations of `name` at the start of a line: `function name`, `class name`, `const name =`. */
function declarations(text: string, name: string): number {
  return text.match(new RegExp(`^(?:async\\s+)?(?:function\\s+${name}\\b|class\\s+${name}\\b|(?:const|let)\\s+${name}\\s*=)`, 'gm'))?.length ?? 0;
}

function placeCursor(editor: vscode.TextEditor, text: string, inside = 2): void {
  const offset = editor.document.getText().indexOf(text);
  assert.ok(offset >= 0, `"${text}" not in the file`);
  const position = editor.document.positionAt(offset + inside);
  editor.selection = new vscode.Selection(position, position);
}

function lineWith(text: string, part: string): string | undefined {
  return text.split('\n').find((line) => line.includes(part));
}

/** Runs `body` on a fixture file opened from disk, then reverts and closes it: its package.json is the one beside it. */
async function withFixture<T>(fixture: string, body: (editor: vscode.TextEditor) => Promise<T>): Promise<T> {
  const editor = await openFixture(fixture);
  try {
    return await body(editor);
  } finally {
    await vscode.window.showTextDocument(editor.document);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
}

/** The diff tab of an Apply Pattern preview, if one is open. */
function previewTab(): vscode.TabInputTextDiff | undefined {
  const input = vscode.window.tabGroups.all.flatMap((g) => g.tabs).map((t) => t.input).find((i) => i instanceof vscode.TabInputTextDiff && i.modified.scheme === 'instruction-lens-preview');
  return input as vscode.TabInputTextDiff | undefined;
}

/**
 * Accepts the first pattern of the Apply Pattern list and resolves once the preview's diff is open.
 * A quick pick has no event to wait for, so the accept is repeated until the diff tab opens.
 */
async function pickFirstPatternUntilPreview(): Promise<vscode.TabInputTextDiff> {
  for (let attempt = 0; attempt < 100; attempt++) {
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    const tab = await waitForEvent(vscode.window.tabGroups.onDidChangeTabs, previewTab, 100, 'the preview').catch(() => undefined);
    if (tab) return tab;
  }
  throw new Error('the Apply Pattern preview did not open');
}

suite('apply pattern', () => {
  test('a finding with no fix of its own offers its pattern as a quick fix, which writes the helper and clears it', async () => {
    // A route handler's GET with no retry, in a project with no resilience library and no retry helper yet.
    await withFixture('no-libraries/orders-route.ts', async (editor) => {
      const { document } = editor;
      const line = document.getText().split('\n').findIndex((l) => l.includes('axios.get('));
      const diagnostics = await waitForOurs(document.uri, (d) => d.some((x) => ruleOf(x) === 'require-retry'), 'the require-retry finding');
      const finding = diagnostics.find((d) => ruleOf(d) === 'require-retry')!;
      assert.strictEqual(finding.range.start.line, line);
      // Run from away from the cursor, as from the Problems panel: the action names its own span.
      editor.selection = new vscode.Selection(0, 0, 0, 0);
      const actions = await codeActionsAt(document.uri, finding.range, vscode.CodeActionKind.QuickFix.value);
      const titles = actions.map((a) => a.title);
      const retry = actions.find((a) => a.title === 'Apply pattern: Retry with exponential backoff and jitter');
      assert.ok(retry?.command, `no retry pattern among ${JSON.stringify(titles)}`);
      assert.ok(titles.includes('Apply pattern: Circuit breaker'), `the circuit breaker finding on the same call offers its pattern too: ${JSON.stringify(titles)}`);
      assert.strictEqual(await vscode.commands.executeCommand(retry.command.command, ...(retry.command.arguments ?? [])), true);
      const text = document.getText();
      assert.ok(/retryWithBackoff\(/.test(lineWith(text, 'axios.get(') ?? ''), `the call is not wrapped: ${lineWith(text, 'axios.get(')}`);
      assert.strictEqual(declarations(text, 'retryWithBackoff'), 1, 'the helper is not declared exactly once');
      await waitForOurs(document.uri, (d) => !d.some((x) => ruleOf(x) === 'require-retry'), 'the require-retry finding to go away');
    });
  });

  test('a pattern quick fix offered for an older version of the file applies nothing', async () => {
    await withFixture('no-libraries/orders-route.ts', async (editor) => {
      const { document } = editor;
      const diagnostics = await waitForOurs(document.uri, (d) => d.some((x) => ruleOf(x) === 'require-retry'), 'the require-retry finding');
      const finding = diagnostics.find((d) => ruleOf(d) === 'require-retry')!;
      const actions = await codeActionsAt(document.uri, finding.range, vscode.CodeActionKind.QuickFix.value);
      const retry = actions.find((a) => a.title.startsWith('Apply pattern: Retry'));
      assert.ok(retry?.command);
      assert.ok(await editor.edit((b) => b.insert(new vscode.Position(0, 0), '// edited\n')));
      const edited = document.getText();
      assert.strictEqual(await vscode.commands.executeCommand(retry.command.command, ...(retry.command.arguments ?? [])), false);
      assert.strictEqual(document.getText(), edited);
    });
  });

  test('retry-backoff-jitter wraps the call under the cursor and inserts the helper once, as one undo step', async () => {
    // no-libraries/package.json lists no resilience library: the instruction file's own helper is written.
    await withFixture('no-libraries/payments-client.ts', async (editor) => {
      const { document } = editor;
      const original = document.getText();
      placeCursor(editor, 'axios.get(');
      assert.strictEqual(await vscode.commands.executeCommand('instructionLens.applyPattern', 'retry-backoff-jitter'), true);
      const once = document.getText();
      assert.ok(/retryWithBackoff\(/.test(lineWith(once, 'axios.get(') ?? ''), `the call is not wrapped: ${lineWith(once, 'axios.get(')}`);
      assert.strictEqual(declarations(once, 'retryWithBackoff'), 1, 'the helper is not declared exactly once');

      placeCursor(editor, "fetch('https://ledger.internal/health'");
      assert.strictEqual(await vscode.commands.executeCommand('instructionLens.applyPattern', 'retry-backoff-jitter'), true);
      const twice = document.getText();
      assert.ok(/retryWithBackoff\(/.test(lineWith(twice, "fetch('https://ledger.internal/health'") ?? ''), 'the second call is not wrapped');
      assert.strictEqual(declarations(twice, 'retryWithBackoff'), 1, 'the helper was inserted a second time');

      await vscode.commands.executeCommand('undo');
      assert.strictEqual(document.getText(), once, 'the second application is not one undo step');
      await vscode.commands.executeCommand('undo');
      assert.strictEqual(document.getText(), original, 'the first application is not one undo step');
    });
  });

  test('in a project that depends on cockatiel, retry-backoff-jitter writes cockatiel code and its import, each once', async () => {
    // The workspace's package.json lists cockatiel.
    await withCopy('src/payments-client.ts', async (editor) => {
      const { document } = editor;
      placeCursor(editor, 'axios.get(');
      assert.strictEqual(await vscode.commands.executeCommand('instructionLens.applyPattern', 'retry-backoff-jitter'), true);
      placeCursor(editor, "fetch('https://ledger.internal/health'");
      assert.strictEqual(await vscode.commands.executeCommand('instructionLens.applyPattern', 'retry-backoff-jitter'), true);
      const text = document.getText();
      assert.match(lineWith(text, 'axios.get(') ?? '', /await retryPolicy\.execute\(\(\) => axios\.get\(/);
      assert.match(lineWith(text, "fetch('https://ledger.internal/health'") ?? '', /retryPolicy\.execute\(\(\) => fetch\(/);
      assert.strictEqual(text.match(/^import \{ ExponentialBackoff, handleAll, retry \} from 'cockatiel';$/gm)?.length, 1, `one cockatiel import:\n${text}`);
      assert.strictEqual(text.match(/from 'cockatiel'/g)?.length, 1, 'cockatiel is imported twice');
      assert.strictEqual(declarations(text, 'retryPolicy'), 1);
      assert.strictEqual(declarations(text, 'RETRY_MAX_ATTEMPTS'), 1);
      assert.match(text, /retry\(handleAll, \{ maxAttempts: RETRY_MAX_ATTEMPTS, backoff: new ExponentialBackoff\(\) \}\)/);
      assert.strictEqual(declarations(text, 'retryWithBackoff'), 0, 'the dependency-free helper was written too');
    });
  });

  test('picked from the list, the pattern is previewed in a diff and applied on "Apply"', async () => {
    await withCopy('src/payments-client.ts', async (editor) => {
      const { document } = editor;
      const original = document.getText();
      placeCursor(editor, 'axios.get(');
      await vscode.commands.executeCommand('notifications.clearAll');
      const applying = vscode.commands.executeCommand<boolean>('instructionLens.applyPattern');
      const tab = await pickFirstPatternUntilPreview();
      const proposed = await vscode.workspace.openTextDocument(tab.modified);
      assert.match(proposed.getText(), /retryPolicy\.execute\(\(\) => axios\.get\(/, 'the preview does not show the change');
      assert.strictEqual(document.getText(), original, 'the file changed before "Apply"');
      // The notification with "Apply" and "Cancel" was shown before the diff opened.
      await vscode.commands.executeCommand('notification.acceptPrimaryAction');
      assert.strictEqual(await applying, true);
      assert.strictEqual(document.getText(), proposed.getText());
      assert.strictEqual(previewTab(), undefined, 'the preview stayed open');
    });
  });

  test('closing the preview cancels the pattern', async () => {
    await withCopy('src/payments-client.ts', async (editor) => {
      const original = editor.document.getText();
      placeCursor(editor, 'axios.get(');
      const applying = vscode.commands.executeCommand<boolean>('instructionLens.applyPattern');
      await pickFirstPatternUntilPreview();
      const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputTextDiff && t.input.modified.scheme === 'instruction-lens-preview');
      await vscode.window.tabGroups.close(tabs);
      assert.strictEqual(await applying, false);
      assert.strictEqual(editor.document.getText(), original);
      await vscode.commands.executeCommand('notifications.clearAll');
    });
  });

  test('outside a call the command refuses and leaves the file as it was', async () => {
    await withCopy('src/payments-client.ts', async (editor) => {
      const original = editor.document.getText();
      placeCursor(editor, "import axios from 'axios'", 0);
      assert.strictEqual(await vscode.commands.executeCommand('instructionLens.applyPattern', 'retry-backoff-jitter'), false);
      assert.strictEqual(editor.document.getText(), original);
    });
  });
});
