import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { withCopy } from '../lens';

/** Declarations of the pattern's helper: `function retryWithBackoff` or `const retryWithBackoff =`. */
function helperDeclarations(text: string): number {
  return text.match(/(?:function\s+retryWithBackoff\b|(?:const|let)\s+retryWithBackoff\s*=)/g)?.length ?? 0;
}

function placeCursor(editor: vscode.TextEditor, text: string, inside = 2): void {
  const offset = editor.document.getText().indexOf(text);
  assert.ok(offset >= 0, `"${text}" not in the file`);
  const position = editor.document.positionAt(offset + inside);
  editor.selection = new vscode.Selection(position, position);
}

suite('apply pattern', () => {
  test('retry-backoff-jitter wraps the call under the cursor and inserts the helper once, as one undo step', async () => {
    await withCopy('src/payments-client.ts', async (editor) => {
      const { document } = editor;
      const original = document.getText();
      placeCursor(editor, 'axios.get(');
      assert.strictEqual(await vscode.commands.executeCommand('instructionLens.applyPattern', 'retry-backoff-jitter'), true);
      const once = document.getText();
      const callLine = once.split('\n').find((line) => line.includes('axios.get('));
      assert.ok(callLine && /retryWithBackoff\(/.test(callLine), `the call is not wrapped: ${callLine}`);
      assert.strictEqual(helperDeclarations(once), 1, 'the helper is not declared exactly once');

      placeCursor(editor, "fetch('https://ledger.internal/health'");
      assert.strictEqual(await vscode.commands.executeCommand('instructionLens.applyPattern', 'retry-backoff-jitter'), true);
      const twice = document.getText();
      const fetchLine = twice.split('\n').find((line) => line.includes("fetch('https://ledger.internal/health'"));
      assert.ok(fetchLine && /retryWithBackoff\(/.test(fetchLine), `the second call is not wrapped: ${fetchLine}`);
      assert.strictEqual(helperDeclarations(twice), 1, 'the helper was inserted a second time');

      await vscode.commands.executeCommand('undo');
      assert.strictEqual(document.getText(), once, 'the second application is not one undo step');
      await vscode.commands.executeCommand('undo');
      assert.strictEqual(document.getText(), original, 'the first application is not one undo step');
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
