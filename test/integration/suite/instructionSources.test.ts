import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { openFixture, workspaceFolder } from '../helpers';
import { EXTENSION_ID, ours, ruleOf, waitForOurs, waitForRule, withWorkspaceSetting } from '../lens';
import { matchingOf, waitForMatching, type MatchingInstruction } from '../matching';

/** The reason a bundled file switched off in the settings is listed with. */
const SWITCHED_OFF = 'switched off in the settings (`instructionLens.bundledInstructions`)';

const byId = (list: MatchingInstruction[], id: string) => list.find((m) => m.id === id);

async function writeWorkspaceFile(relativePath: string, text: string): Promise<vscode.Uri> {
  const uri = vscode.Uri.joinPath(workspaceFolder().uri, relativePath);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  return uri;
}

/** Ids of the instruction files the extension ships. */
async function bundledIds(): Promise<string[]> {
  const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
  const entries = await vscode.workspace.fs.readDirectory(vscode.Uri.joinPath(extension.extensionUri, 'instructions'));
  return entries.map(([name]) => name).filter((name) => name.endsWith('.instructions.md')).map((name) => name.replace('.instructions.md', '')).sort();
}

suite('instruction sources', () => {
  test('the palette names the commands "Instruction Lens: Show Matching Instructions" and "Instruction Lens: Add Instructions to Workspace"', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
    const contributed = extension.packageJSON.contributes.commands as Array<{ command: string; title: string; category: string }>;
    const paletteLabel = (id: string) => {
      const command = contributed.find((c) => c.command === id);
      return command && `${command.category}: ${command.title}`;
    };
    assert.strictEqual(paletteLabel('instructionLens.showMatchingInstructions'), 'Instruction Lens: Show Matching Instructions');
    assert.strictEqual(paletteLabel('instructionLens.addInstructionsToWorkspace'), 'Instruction Lens: Add Instructions to Workspace');
    const registered = await vscode.commands.getCommands(true);
    for (const id of ['instructionLens.showMatchingInstructions', 'instructionLens.addInstructionsToWorkspace']) assert.ok(registered.includes(id), `${id} is not registered`);
  });

  test('Show Matching Instructions lists every bundled and workspace instruction file, each with why it applies or not', async () => {
    const { document } = await openFixture('src/payments-client.ts');
    await waitForRule(document.uri, 'require-timeout');
    const list = await matchingOf(document.uri);
    const ids = list.map((m) => m.id);
    for (const id of await bundledIds()) assert.strictEqual(byId(list, id)?.source, 'bundled', `bundled ${id} is missing: ${ids.join(', ')}`);
    for (const id of ['broken', 'mistakes', 'bad-glob']) assert.strictEqual(byId(list, id)?.source, 'workspace', `workspace ${id} is missing: ${ids.join(', ')}`);
    for (const m of list) assert.ok(m.reasons.length > 0 && m.reasons.every((r) => r.trim()), `${m.id} has no reason`);
    // applyTo glob and the import that shows the domain; a glob that matches nothing says so.
    assert.deepStrictEqual(byId(list, 'distributed-systems')?.reasons, ['applyTo `**/*.ts` matches this TypeScript file', 'uses `axios` (HTTP client)']);
    assert.deepStrictEqual(byId(list, 'mistakes')?.reasons, ['no applyTo: attached only by hand']);
  });

  test('instructionLens.bundledInstructions switches a bundled file off live: its rules stop, the list says why; removing the setting brings it back', async () => {
    const { document } = await openFixture('src/payments-client.ts');
    await waitForRule(document.uri, 'require-timeout');
    await withWorkspaceSetting('bundledInstructions', { 'distributed-systems': false }, async () => {
      await waitForOurs(document.uri, (d) => !d.some((x) => ruleOf(x) === 'require-timeout'), 'require-timeout to go with its instruction file');
      const list = await waitForMatching(document.uri, (l) => byId(l, 'distributed-systems')?.applies === false, 'distributed-systems to be switched off');
      assert.deepStrictEqual(byId(list, 'distributed-systems')?.reasons, [SWITCHED_OFF]);
    });
    await waitForRule(document.uri, 'require-timeout');
    const list = await waitForMatching(document.uri, (l) => byId(l, 'distributed-systems')?.applies === true, 'distributed-systems back on');
    assert.ok(!byId(list, 'distributed-systems')!.reasons.includes(SWITCHED_OFF));
  });

  test('a broken instructionLens.bundledInstructions value is ignored, and the valid ones still apply', async () => {
    const { document } = await openFixture('src/payments-client.ts');
    await waitForRule(document.uri, 'require-timeout');
    await withWorkspaceSetting('bundledInstructions', { 'distributed-systems': 'no', 'secure-backend': false }, async () => {
      const list = await waitForMatching(document.uri, (l) => byId(l, 'secure-backend')?.applies === false && byId(l, 'secure-backend')!.reasons.includes(SWITCHED_OFF), 'secure-backend switched off');
      assert.strictEqual(byId(list, 'distributed-systems')?.applies, true, 'the broken value switched distributed-systems off');
      assert.ok(ours(document.uri).some((d) => ruleOf(d) === 'require-timeout'), 'require-timeout stopped');
    });
    await waitForMatching(document.uri, (l) => byId(l, 'secure-backend')?.reasons.includes(SWITCHED_OFF) === false, 'secure-backend back on');
  });

  test('.github/copilot-instructions.md and AGENTS.md apply to every file, without front-matter noise, and are picked up live', async () => {
    const { document } = await openFixture('src/payments-client.ts');
    await waitForRule(document.uri, 'require-timeout');
    const copilot = await writeWorkspaceFile('.github/copilot-instructions.md', '# Payments service\n\nUse the shared HTTP client in src/http.ts for every outgoing call.\n');
    const agents = await writeWorkspaceFile('AGENTS.md', '# Agents\n\nRun `npm test` before proposing a change.\n');
    try {
      const list = await waitForMatching(document.uri, (l) => byId(l, 'copilot-instructions') !== undefined && byId(l, 'AGENTS') !== undefined, 'both repository-wide files');
      for (const [id, uri] of [['copilot-instructions', copilot], ['AGENTS', agents]] as const) {
        const entry = byId(list, id)!;
        assert.deepStrictEqual([entry.source, entry.applies, entry.reasons], ['workspace', true, ['repository-wide instructions: apply to every file']], id);
        assert.strictEqual(vscode.Uri.file(entry.path).toString(), uri.toString());
        assert.deepStrictEqual(ours(uri), [], `${id} got diagnostics`);
      }
      // Applying files come first.
      const firstOff = list.findIndex((m) => !m.applies);
      assert.ok(list.slice(firstOff).every((m) => !m.applies), 'applying files are not listed first');
    } finally {
      await vscode.workspace.fs.delete(copilot);
      await vscode.workspace.fs.delete(agents);
    }
    await waitForMatching(document.uri, (l) => !byId(l, 'copilot-instructions') && !byId(l, 'AGENTS'), 'the repository-wide files to go');
  });

  test('folders named in chat.instructionsFilesLocations are read, and watched, while the setting names them', async () => {
    const { document } = await openFixture('src/payments-client.ts');
    await waitForRule(document.uri, 'require-timeout');
    assert.strictEqual(byId(await matchingOf(document.uri), 'payments-team'), undefined, 'team-rules/ is read without the setting');
    const chat = () => vscode.workspace.getConfiguration('chat');
    await chat().update('instructionsFilesLocations', { 'team-rules': true }, vscode.ConfigurationTarget.Workspace);
    try {
      const list = await waitForMatching(document.uri, (l) => byId(l, 'payments-team')?.applies === true, 'team-rules/payments-team.instructions.md');
      assert.deepStrictEqual(byId(list, 'payments-team')?.reasons, ['applyTo `src/**/*.ts` matches this TypeScript file']);
      assert.deepStrictEqual(ours(vscode.Uri.joinPath(workspaceFolder().uri, 'team-rules/payments-team.instructions.md')), []);
      // A file created in the folder later is picked up, with its problems.
      const added = await writeWorkspaceFile('team-rules/nested/late.instructions.md', "---\napplyTo: 'src/**'\n---\n\n## Late\n\nChecked by: `no-such-rule`\n");
      try {
        await waitForMatching(document.uri, (l) => byId(l, 'late')?.applies === true, 'a file added to team-rules/');
        const [problem, ...more] = await waitForOurs(added, (d) => d.length === 2, 'the missing description and the unknown rule');
        assert.deepStrictEqual([problem, ...more].map((d) => d.range.start.line).sort(), [0, 6]);
      } finally {
        await vscode.workspace.fs.delete(added);
      }
    } finally {
      await chat().update('instructionsFilesLocations', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await waitForMatching(document.uri, (l) => !byId(l, 'payments-team'), 'team-rules/ to be dropped with the setting');
  });
});
