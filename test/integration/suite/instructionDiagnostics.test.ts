import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { openFixture } from '../helpers';
import { SOURCE, waitForOurs, waitForRule } from '../lens';

const { Error: ERROR, Warning: WARNING, Information: INFO } = vscode.DiagnosticSeverity;

/** One expected diagnostic: zero-based line, severity, a fragment of the message. */
type Expected = [line: number, severity: vscode.DiagnosticSeverity, fragment: string];

/**
 * The six mistakes a workspace instruction file can hold, each in the Problems panel on its own
 * line. They take three files: broken YAML hides the rest of the front matter, and `applyTo` can
 * be a YAML list or a bad glob, not both.
 */
const FILES: Record<string, Expected[]> = {
  '.github/instructions/mistakes.instructions.md': [
    [0, INFO, 'Add a description'],
    [1, ERROR, 'applyTo is a YAML list; Copilot ignores it'],
    [3, WARNING, 'Unknown front-matter key "mode"'],
    [16, WARNING, 'names rule "require-everything", which does not exist'],
  ],
  '.github/instructions/bad-glob.instructions.md': [[2, ERROR, `is not a valid glob: '{' is never closed`]],
  // The quote opened on line 1 is never closed; js-yaml only notices at the end of the front matter.
  '.github/instructions/broken.instructions.md': [[1, ERROR, 'Front matter is not valid YAML']],
};

suite('instruction file diagnostics', () => {
  test('each mistake in a workspace instruction file is in the Problems panel on its line, with its severity', async () => {
    // The first analysis of a source file reads the workspace instruction files.
    const { document } = await openFixture('src/payments-client.ts');
    await waitForRule(document.uri, 'require-timeout');
    for (const [file, expected] of Object.entries(FILES)) {
      const editor = await openFixture(file);
      const uri = editor.document.uri;
      const diagnostics = await waitForOurs(uri, (d) => d.length === expected.length, `${expected.length} diagnostics on ${file}`);
      const actual = [...diagnostics].sort((a, b) => a.range.start.line - b.range.start.line);
      actual.forEach((diagnostic, i) => {
        const [line, severity, fragment] = expected[i];
        const where = `${file}:${line + 1}`;
        assert.strictEqual(diagnostic.range.start.line, line, `${where}: ${diagnostic.message}`);
        assert.strictEqual(diagnostic.severity, severity, `${where}: severity of "${diagnostic.message}"`);
        assert.ok(diagnostic.message.includes(fragment), `${where}: "${diagnostic.message}" does not say "${fragment}"`);
        assert.strictEqual(diagnostic.source, SOURCE);
        // The whole line is marked, so the squiggle sits under the mistake.
        assert.strictEqual(diagnostic.range.end.character, editor.document.lineAt(line).text.length, where);
      });
    }
  });

});
