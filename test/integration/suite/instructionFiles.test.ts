import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { askUntil, openFixture, workspaceFolder } from '../helpers';
import { SOURCE, ours, waitForOurs, waitForRule } from '../lens';

suite('instruction files', () => {
  test('a workspace instruction file with broken front matter gets an error diagnostic; other files keep theirs', async () => {
    const { document } = await openFixture('src/payments-client.ts');
    const broken = vscode.Uri.joinPath(workspaceFolder().uri, '.github/instructions/broken.instructions.md');
    const [problem] = await waitForOurs(broken, (d) => d.length > 0, 'a diagnostic on broken.instructions.md');
    assert.strictEqual(problem.severity, vscode.DiagnosticSeverity.Error);
    assert.strictEqual(problem.source, SOURCE);
    assert.match(problem.message, /YAML/);
    await waitForRule(document.uri, 'require-timeout');
  });

  test('a workspace file with the id of a bundled one replaces it, live', async () => {
    const { document } = await openFixture('src/payments-client.ts');
    await waitForRule(document.uri, 'require-timeout');
    const override = vscode.Uri.joinPath(workspaceFolder().uri, '.github/instructions/distributed-systems.instructions.md');
    // The team's own words for the section the rule points at, applied to src/ only.
    const text = [
      '---',
      "applyTo: 'src/**/*.ts'",
      "description: 'Our team rules for calling other services.'",
      '---',
      '',
      '## Timeouts and deadlines',
      '',
      'Our gateway budget is 800 ms: every call gets a timeout well below it.',
      '',
      '**Why:** The payments gateway drops requests after 800 ms anyway.',
      '',
      'Checked by: `require-timeout`',
      '',
    ].join('\n');
    await vscode.workspace.fs.writeFile(override, new TextEncoder().encode(text));
    try {
      const position = (await waitForRule(document.uri, 'require-timeout')).range.start;
      const why = 'The payments gateway drops requests after 800 ms anyway.';
      await waitForHover(document.uri, position, (t) => t.includes(why), 'the hover to quote the workspace file');
      assert.deepStrictEqual(ours(vscode.Uri.file(override.fsPath)), [], 'the well-formed override got diagnostics');
    } finally {
      await vscode.workspace.fs.delete(override);
    }
    const position = (await waitForRule(document.uri, 'require-timeout')).range.start;
    await waitForHover(document.uri, position, (t) => t.includes('Timeouts and deadlines — distributed-systems.instructions.md') && !t.includes('800 ms'), 'the bundled words back');
  });
});

/**
 * Asks for the hover until `accept` approves it, asking again each time the document's diagnostics
 * change (the extension re-analyses open documents after it reloads instruction files).
 */
async function waitForHover(uri: vscode.Uri, position: vscode.Position, accept: (text: string) => boolean, what: string): Promise<void> {
  const hoverText = async () => {
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position);
    return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n---\n');
  };
  await askUntil(uri, hoverText, accept, what, (last) => `last hover:\n${last ?? ''}`);
}
