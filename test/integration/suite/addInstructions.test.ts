import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { openFixture, workspaceFolder } from '../helpers';
import { EXTENSION_ID, bundledInstruction, waitForRule } from '../lens';
import { waitForMatching } from '../matching';

const COMMAND = 'instructionLens.addInstructionsToWorkspace';

interface AddInstructionsResult {
  folder: string;
  added: string[];
  replaced: string[];
  skipped: string[];
  unchanged: string[];
}

const target = (id: string) => vscode.Uri.joinPath(workspaceFolder().uri, '.github/instructions', `${id}.instructions.md`);
const readText = async (uri: vscode.Uri) => new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
const add = (ids: string[], onExisting: 'overwrite' | 'skip') => vscode.commands.executeCommand<AddInstructionsResult | undefined>(COMMAND, ids, onExisting);

async function deleteIfThere(uri: vscode.Uri): Promise<void> {
  try {
    await vscode.workspace.fs.delete(uri);
  } catch {
    // Already gone.
  }
}

suite('Copilot instruction files', () => {
  test('VS Code registers every bundled file as a chat instruction file of the extension (contributes.chatInstructions)', async function () {
    // An internal command of VS Code's chat; an editor without it cannot show what it registered.
    if (!(await vscode.commands.getCommands()).includes('_listExtensionPromptFiles')) this.skip();
    const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
    const listed = await vscode.commands.executeCommand<Array<{ uri: Parameters<typeof vscode.Uri.from>[0]; type: string; extensionId: string }>>('_listExtensionPromptFiles');
    const ours = listed.filter((f) => f.extensionId.toLowerCase() === EXTENSION_ID && f.type === 'instructions').map((f) => vscode.Uri.from(f.uri).path.split('/').pop()).sort();
    const shipped = (await vscode.workspace.fs.readDirectory(vscode.Uri.joinPath(extension.extensionUri, 'instructions'))).map(([name]) => name).filter((n) => n.endsWith('.instructions.md')).sort();
    assert.ok(shipped.length > 0);
    assert.deepStrictEqual(ours, shipped);
  });

  test('copies the chosen bundled files into .github/instructions, where they take the place of the bundled ones', async () => {
    const { document } = await openFixture('src/payments-client.ts');
    await waitForRule(document.uri, 'require-timeout');
    const ids = ['api-design', 'observability'];
    for (const id of ids) await deleteIfThere(target(id));
    try {
      const result = await add(ids, 'skip');
      assert.ok(result, 'the command did nothing');
      assert.deepStrictEqual([result.added, result.replaced, result.skipped, result.unchanged], [ids, [], [], []]);
      assert.strictEqual(result.folder, vscode.Uri.joinPath(workspaceFolder().uri, '.github/instructions').fsPath);
      for (const id of ids) assert.strictEqual(await readText(target(id)), await bundledInstruction(id), `${id} is not the bundled text`);
      const list = await waitForMatching(document.uri, (l) => l.find((m) => m.id === 'api-design')?.source === 'workspace', 'the copy of api-design to be read');
      assert.ok(list.find((m) => m.id === 'api-design')!.reasons.includes('replaces the bundled api-design.instructions.md'));
      // A second run finds the same text there and leaves it alone.
      const again = await add(ids, 'overwrite');
      assert.deepStrictEqual([again?.added, again?.replaced, again?.unchanged], [[], [], ids]);
    } finally {
      for (const id of ids) await deleteIfThere(target(id));
    }
  });

  test('an existing file that differs is left untouched with "skip" and replaced with "overwrite"', async () => {
    const id = 'observability';
    const ours = "---\napplyTo: 'src/**/*.ts'\ndescription: 'Our own observability rules.'\n---\n\n## Logs\n\nLog as JSON.\n";
    await vscode.workspace.fs.writeFile(target(id), new TextEncoder().encode(ours));
    try {
      const skipped = await add([id], 'skip');
      assert.deepStrictEqual([skipped?.added, skipped?.replaced, skipped?.skipped], [[], [], [id]]);
      assert.strictEqual(await readText(target(id)), ours, '"skip" changed the file');

      const overwritten = await add([id], 'overwrite');
      assert.deepStrictEqual([overwritten?.added, overwritten?.replaced, overwritten?.skipped], [[], [id], []]);
      assert.strictEqual(await readText(target(id)), await bundledInstruction(id), '"overwrite" did not write the bundled text');
    } finally {
      await deleteIfThere(target(id));
    }
  });

  test('unknown ids are named and nothing is written for them', async () => {
    const result = await add(['no-such-instructions'], 'overwrite');
    assert.strictEqual(result, undefined);
    const entries = await vscode.workspace.fs.readDirectory(vscode.Uri.joinPath(workspaceFolder().uri, '.github/instructions'));
    assert.ok(!entries.some(([name]) => name.startsWith('no-such-instructions')));
  });
});
