import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { openFixture } from '../helpers';
import { bundledInstruction, paragraphOf, waitForRule } from '../lens';

/** The Markdown of every hover at a position, from every provider. */
async function hoverTexts(uri: vscode.Uri, position: vscode.Position): Promise<string[]> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position);
  return hovers.flatMap((hover) => hover.contents.map((content) => (typeof content === 'string' ? content : content.value)));
}

suite('hover', () => {
  test('hovering the finding quotes the instruction section: heading, why, what to do, and links', async () => {
    const { document } = await openFixture('src/payments-client.ts');
    const diagnostic = await waitForRule(document.uri, 'require-timeout');
    const texts = await hoverTexts(document.uri, diagnostic.range.start.translate(0, 2));
    const ours = texts.find((t) => t.includes('Timeouts and deadlines — distributed-systems.instructions.md'));
    assert.ok(ours, `no hover names the section; hovers:\n${texts.join('\n---\n')}`);
    assert.ok(!ours.includes(diagnostic.message), 'the hover repeats the message VS Code already shows above it');
    assert.ok(ours.includes('`require-timeout`'), 'the hover does not name the rule');
    const markdown = await bundledInstruction('distributed-systems');
    const why = paragraphOf(markdown, 'Timeouts and deadlines', 'Why');
    assert.ok(ours.includes(`**Why:** ${why}`), 'the hover does not quote the Why paragraph');
    const whatToDo = paragraphOf(markdown, 'Timeouts and deadlines', 'What to do');
    assert.ok(ours.includes(`**What to do:** ${whatToDo}`), 'the hover does not quote the What to do paragraph');
    assert.match(ours, /\[Open instruction\]\(command:instructionLens\.showInstruction\?/);
    assert.match(ours, /\[Apply fix: [^\]]+\]\(command:instructionLens\.applyFix\?/);
  });

  test('no hover of ours away from findings', async () => {
    const { document } = await openFixture('src/payments-client.ts');
    await waitForRule(document.uri, 'require-timeout');
    const fetchCall = document.getText().indexOf('fetch(');
    const texts = await hoverTexts(document.uri, document.positionAt(fetchCall + 2));
    assert.ok(!texts.some((t) => t.includes('distributed-systems.instructions.md')), 'a hover explained a call that has a timeout');
  });

  test('"Open instruction" opens the instruction file at the section heading', async () => {
    const opened = await vscode.commands.executeCommand<boolean>('instructionLens.showInstruction', 'distributed-systems', 'Timeouts and deadlines');
    assert.strictEqual(opened, true);
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor, 'no editor opened');
    assert.ok(editor.document.uri.path.endsWith('/instructions/distributed-systems.instructions.md'), `opened ${editor.document.uri.path}`);
    assert.strictEqual(editor.document.lineAt(editor.selection.active.line).text, '## Timeouts and deadlines');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });
});
