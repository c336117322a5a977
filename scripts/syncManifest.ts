import * as fs from 'fs';
import * as path from 'path';
import { ALL_RULES } from '../src/core/rules';

/**
 * Writes `instructionLens.rules` in package.json from the rules' own metadata, so the settings UI
 * never drifts from the engine (`npm run docs` runs it; the manifest test checks the result).
 */
const manifestPath = path.join(__dirname, '..', 'package.json');
const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
const rules = manifest.contributes.configuration.properties['instructionLens.rules'];
rules.properties = Object.fromEntries(
  ALL_RULES.map((rule) => [
    rule.meta.id,
    {
      type: 'string',
      enum: ['off', 'info', 'warning', 'error'],
      enumDescriptions: ['Do not run the rule.', 'Report as information.', 'Report as a warning.', 'Report as an error.'],
      markdownDescription: `\`${rule.meta.id}\`: ${rule.meta.description} Explained in *${rule.meta.section.heading}* of \`${rule.meta.section.instruction}.instructions.md\`. Default: \`${rule.meta.defaultSeverity}\`.`,
    },
  ]),
);
fs.writeFileSync(manifestPath, JSON.stringify(manifest, null, 2) + '\n');
console.log(`package.json: ${ALL_RULES.length} rule settings written`);
