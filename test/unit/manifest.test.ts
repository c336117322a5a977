/**
 * package.json must say what the adapter does: the activation languages, the commands it registers,
 * the settings and rule ids the engine knows. Plain Node, no editor: drift shows up in milliseconds.
 */
import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ALL_RULES, RULE_IDS, isSupportedLanguage } from '../../src/core';
import { COMMANDS, LANGUAGES, SETTINGS } from '../../src/extension/ids';

interface Manifest {
  main: string;
  activationEvents: string[];
  contributes: {
    commands: Array<{ command: string; title: string; category?: string }>;
    menus: { commandPalette: Array<{ command: string; when?: string }> };
    configuration: { properties: Record<string, { type: string; default?: unknown; scope?: string; enum?: string[]; properties?: Record<string, { enum?: string[]; markdownDescription?: string }>; additionalProperties?: boolean }> };
  };
}

const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '../../package.json'), 'utf8')) as Manifest;

describe('package.json manifest', () => {
  it('activates on exactly the languages the adapter serves, all of which the engine parses', () => {
    assert.deepStrictEqual(manifest.activationEvents, LANGUAGES.map((language) => `onLanguage:${language}`));
    for (const language of LANGUAGES) assert.ok(isSupportedLanguage(language), `${language} has no grammar`);
    assert.strictEqual(manifest.main, './dist/extension.js');
  });

  it('contributes every public command, in the Instruction Lens category; the internal one stays hidden', () => {
    const contributed: string[] = manifest.contributes.commands.map((c) => c.command).sort();
    const { matchingInstructions, ...publicCommands } = COMMANDS;
    const expected: string[] = Object.values(publicCommands).sort();
    assert.deepStrictEqual(contributed, expected);
    assert.ok(!contributed.includes(matchingInstructions));
    for (const command of manifest.contributes.commands) assert.strictEqual(command.category, 'Instruction Lens', command.command);
    const palette = manifest.contributes.menus.commandPalette;
    for (const entry of palette) assert.ok(contributed.includes(entry.command), `palette entry for unknown ${entry.command}`);
    // Commands that need arguments never show in the palette.
    for (const id of [COMMANDS.showInstruction, COMMANDS.applyFix]) assert.strictEqual(palette.find((e) => e.command === id)?.when, 'false', id);
  });

  it('declares instructionLens.enable and a severity for each rule the engine has, and nothing else', () => {
    const properties = manifest.contributes.configuration.properties;
    const enable = properties[`${SETTINGS.section}.${SETTINGS.enable}`];
    assert.deepStrictEqual([enable.type, enable.default, enable.scope], ['boolean', true, 'resource']);
    const rules = properties[`${SETTINGS.section}.${SETTINGS.rules}`];
    assert.strictEqual(rules.additionalProperties, false);
    assert.deepStrictEqual(Object.keys(rules.properties ?? {}).sort(), [...RULE_IDS].sort());
    for (const rule of ALL_RULES) {
      const entry = rules.properties![rule.meta.id];
      assert.deepStrictEqual(entry.enum, ['off', 'info', 'warning', 'error'], rule.meta.id);
      assert.ok(entry.markdownDescription?.includes(`Default: \`${rule.meta.defaultSeverity}\``), `${rule.meta.id}: the description names the wrong default`);
      assert.ok(entry.markdownDescription?.includes(rule.meta.section.heading), `${rule.meta.id}: the description does not name its section`);
    }
  });
});
