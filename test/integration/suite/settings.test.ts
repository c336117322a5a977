import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { openFixture } from '../helpers';
import { ruleOf, waitForOurs, waitForRule, withWorkspaceSetting } from '../lens';

const timeoutFinding = (d: vscode.Diagnostic[]) => d.find((x) => ruleOf(x) === 'require-timeout');

suite('settings', () => {
  test('instructionLens.rules applies live: error raises the severity, off removes the diagnostic, removing the setting brings it back', async () => {
    const { document } = await openFixture('src/payments-client.ts');
    const before = await waitForRule(document.uri, 'require-timeout');
    assert.strictEqual(before.severity, vscode.DiagnosticSeverity.Warning);

    await withWorkspaceSetting('rules', { 'require-timeout': 'error' }, async () => {
      await waitForOurs(document.uri, (d) => timeoutFinding(d)?.severity === vscode.DiagnosticSeverity.Error, 'require-timeout as an error');
    });
    await waitForOurs(document.uri, (d) => timeoutFinding(d)?.severity === vscode.DiagnosticSeverity.Warning, 'require-timeout back to a warning');

    await withWorkspaceSetting('rules', { 'require-timeout': 'off' }, async () => {
      await waitForOurs(document.uri, (d) => !timeoutFinding(d), 'require-timeout to disappear');
    });
    const after = await waitForOurs(document.uri, (d) => timeoutFinding(d) !== undefined, 'require-timeout to come back');
    assert.deepStrictEqual(timeoutFinding(after)!.range, before.range);
  });

  test('instructionLens.enable false clears the diagnostics, true brings them back', async () => {
    const { document } = await openFixture('src/payments-client.ts');
    await waitForRule(document.uri, 'require-timeout');
    await withWorkspaceSetting('enable', false, async () => {
      await waitForOurs(document.uri, (d) => d.length === 0, 'no diagnostics while disabled');
    });
    await waitForRule(document.uri, 'require-timeout');
  });
});
