/**
 * The rules the extension runs, read from its manifest: `contributes.configuration` has one
 * `instructionLens.rules` property per rule in `ALL_RULES` (test/unit/manifest.test.ts keeps the two
 * in step). Suites use it to expect findings only from rules that have landed.
 */
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { EXTENSION_ID } from './lens';

interface ConfigurationBlock {
  properties?: Record<string, { properties?: Record<string, unknown> }>;
}

/** Ids of the registered rules. */
export function registeredRuleIds(): ReadonlySet<string> {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not loaded`);
  const configuration = (extension.packageJSON as { contributes?: { configuration?: ConfigurationBlock | ConfigurationBlock[] } }).contributes?.configuration;
  const blocks = Array.isArray(configuration) ? configuration : configuration ? [configuration] : [];
  const rules = blocks.map((block) => block.properties?.['instructionLens.rules']?.properties).find((p) => p !== undefined);
  assert.ok(rules, 'package.json declares no instructionLens.rules properties');
  return new Set(Object.keys(rules));
}
