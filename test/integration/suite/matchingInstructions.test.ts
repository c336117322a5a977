import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { openFixture } from '../helpers';
import { waitForRule } from '../lens';

interface MatchingInstruction {
  id: string;
  path: string;
  applies: boolean;
  reasons: string[];
}

suite('matching instructions', () => {
  test('distributed-systems applies to payments-client.ts because of its glob and its axios import', async () => {
    const { document } = await openFixture('src/payments-client.ts');
    await waitForRule(document.uri, 'require-timeout');
    const list = await vscode.commands.executeCommand<MatchingInstruction[]>('instructionLens.internal.matchingInstructions', document.uri.toString());
    assert.ok(list, 'no data for an analysed document');
    const distributed = list.find((m) => m.id === 'distributed-systems');
    assert.ok(distributed, JSON.stringify(list));
    assert.strictEqual(distributed.applies, true);
    assert.ok(distributed.reasons.some((r) => r.includes('axios')), `reasons: ${JSON.stringify(distributed.reasons)}`);
    assert.ok(distributed.reasons.some((r) => r.includes('applyTo')), `reasons: ${JSON.stringify(distributed.reasons)}`);
    // Applying files come first, then the others with why not (the broken workspace file has no applyTo).
    const firstNotApplying = list.findIndex((m) => !m.applies);
    assert.ok(firstNotApplying === -1 || list.slice(firstNotApplying).every((m) => !m.applies), 'applying files are not listed first');
    const broken = list.find((m) => m.id === 'broken');
    assert.ok(broken && !broken.applies && broken.reasons.length > 0, `broken: ${JSON.stringify(broken)}`);
  });

  test('the status bar command and Apply Pattern are registered', async () => {
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('instructionLens.showMatchingInstructions'));
    assert.ok(commands.includes('instructionLens.applyPattern'));
  });
});
