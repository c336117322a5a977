/**
 * The bundled instruction files reach Copilot through `contributes.chatInstructions` and can be
 * switched off one by one through `instructionLens.bundledInstructions`: package.json must list
 * exactly the files the extension ships. Plain Node, no editor.
 */
import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { bundledInstructionsDir, loadBundledInstructions } from '../../src/core';
import { SETTINGS } from '../../src/extension/ids';

const ROOT = path.join(__dirname, '../..');

interface Manifest {
  contributes: {
    chatInstructions?: Array<Record<string, unknown>>;
    configuration: { properties: Record<string, { type: string; default?: unknown; scope?: string; additionalProperties?: boolean; properties?: Record<string, { type: string; default?: unknown; markdownDescription?: string }> }> };
  };
}

const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Manifest;
const bundled = loadBundledInstructions();

describe('package.json: bundled instruction files', () => {
  it('ships its instruction files from the package root folder the manifest points at', () => {
    assert.strictEqual(path.relative(ROOT, bundledInstructionsDir()), 'instructions');
    assert.ok(bundled.length > 0);
  });

  it('contributes every bundled file to Copilot through chatInstructions, and only files that exist', () => {
    const contributed = manifest.contributes.chatInstructions ?? [];
    for (const entry of contributed) {
      assert.deepStrictEqual(Object.keys(entry), ['path'], `only "path" is needed (name and description are deprecated): ${JSON.stringify(entry)}`);
      const relative = String(entry.path);
      assert.match(relative, /^\.\/instructions\/[\w-]+\.instructions\.md$/, relative);
      assert.ok(fs.existsSync(path.join(ROOT, relative)), `${relative} does not exist`);
    }
    const paths = contributed.map((entry) => path.resolve(ROOT, String(entry.path))).sort();
    assert.deepStrictEqual(paths, bundled.map((file) => file.path).sort(), 'chatInstructions and instructions/ disagree');
  });

  it('declares instructionLens.bundledInstructions with one described boolean per bundled file, all on by default', () => {
    const setting = manifest.contributes.configuration.properties[`${SETTINGS.section}.${SETTINGS.bundledInstructions}`];
    assert.ok(setting, 'instructionLens.bundledInstructions is not declared');
    assert.deepStrictEqual([setting.type, setting.scope, setting.additionalProperties], ['object', 'window', false]);
    const ids = bundled.map((file) => file.id).sort();
    assert.deepStrictEqual(Object.keys(setting.properties ?? {}).sort(), ids);
    assert.deepStrictEqual(setting.default, Object.fromEntries(ids.map((id) => [id, true])));
    for (const file of bundled) {
      const property = setting.properties![file.id];
      assert.deepStrictEqual([property.type, property.default], ['boolean', true], file.id);
      assert.ok(file.description && property.markdownDescription?.includes(file.description), `${file.id}: the description is not the file's own`);
    }
  });
});
