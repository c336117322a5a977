import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { openFixture } from '../helpers';
import { SOURCE, ours, rangeOf, ruleOf, waitForOurs, waitForRule, withCopy } from '../lens';

suite('diagnostics', () => {
  test('payments-client.ts: the axios call without a timeout is reported, the fetch with AbortSignal.timeout is not', async () => {
    const { document } = await openFixture('src/payments-client.ts');
    await waitForRule(document.uri, 'require-timeout');
    const diagnostics = ours(document.uri);
    assert.deepStrictEqual(
      diagnostics.map((d) => ({ rule: ruleOf(d), text: document.getText(d.range), severity: d.severity, source: d.source })),
      [{ rule: 'require-timeout', text: 'axios.get', severity: vscode.DiagnosticSeverity.Warning, source: SOURCE }],
    );
    const [timeout] = diagnostics;
    assert.deepStrictEqual(timeout.range, rangeOf(document, 'axios.get'));
    const fetchLine = rangeOf(document, "fetch('https://ledger.internal/health'").start.line;
    assert.ok(!diagnostics.some((d) => d.range.start.line === fetchLine), 'the fetch with AbortSignal.timeout was reported');
  });

  test('the diagnostic code links to its instruction section', async () => {
    const { document } = await openFixture('src/payments-client.ts');
    const diagnostic = await waitForRule(document.uri, 'require-timeout');
    const code = diagnostic.code as { value: string; target: vscode.Uri };
    assert.strictEqual(code.value, 'require-timeout');
    assert.strictEqual(code.target.scheme, 'command');
    assert.strictEqual(code.target.path, 'instructionLens.showInstruction');
    assert.deepStrictEqual(JSON.parse(code.target.query), ['distributed-systems', 'Timeouts and deadlines']);
  });

  test('retry-loop.ts: the retry loop with a constant delay is reported', async () => {
    const { document } = await openFixture('src/retry-loop.ts');
    const diagnostic = await waitForRule(document.uri, 'require-backoff-jitter');
    assert.strictEqual(diagnostic.severity, vscode.DiagnosticSeverity.Warning);
    assert.strictEqual(diagnostic.source, SOURCE);
    assert.match(diagnostic.message, /constant/);
    assert.deepStrictEqual(ours(document.uri).map(ruleOf), ['require-backoff-jitter']);
    // The underline sits on the constant delay, the thing to change.
    assert.deepStrictEqual(diagnostic.range, rangeOf(document, '1000'));
  });

  test('a file with a syntax error mid-typing still gets findings for the parts that parse', async () => {
    const { document } = await openFixture('src/broken-syntax.ts');
    await waitForRule(document.uri, 'require-timeout');
    const diagnostic = ours(document.uri).find((d) => ruleOf(d) === 'require-timeout')!;
    assert.deepStrictEqual(diagnostic.range, rangeOf(document, 'axios.get'));
  });

  test('typing is analysed again: a call added while typing is reported', async () => {
    await withCopy('src/payments-client.ts', async (editor) => {
      const { document } = editor;
      await waitForRule(document.uri, 'require-timeout');
      const added = "\nexport const refund = (id: string) => axios.post(`https://billing.internal/refunds/${id}`);\n";
      await editor.edit((b) => b.insert(document.lineAt(document.lineCount - 1).range.end, added));
      const diagnostics = await waitForOurs(document.uri, (d) => d.filter((x) => ruleOf(x) === 'require-timeout').length === 2, 'two require-timeout diagnostics');
      assert.deepStrictEqual(
        diagnostics.map((d) => document.getText(d.range)),
        ['axios.get', 'axios.post'],
      );
    });
  });
});
