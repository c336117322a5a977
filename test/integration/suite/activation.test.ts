import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { openFixture } from '../helpers';

const EXTENSION_ID = 'instruction-lens.instruction-lens';

suite('activation', () => {
  test('the extension is installed in the editor under test', () => {
    assert.ok(vscode.extensions.getExtension(EXTENSION_ID), `${EXTENSION_ID} is not loaded`);
  });

  test('opening a TypeScript file activates the extension', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
    const editor = await openFixture('src/payments-client.ts');
    const languageId = editor.document.languageId;
    assert.strictEqual(languageId, 'typescript');
    const activationEvents: string[] = extension.packageJSON.activationEvents ?? [];
    assert.ok(activationEvents.includes(`onLanguage:${languageId}`),
      `activationEvents ${JSON.stringify(activationEvents)} miss onLanguage:${languageId}`);
    // Opening the file has started activation; activate() joins it and rethrows its error if any.
    await extension.activate();
    assert.ok(extension.isActive, 'the extension is not active');
  });
});
