import * as fs from 'fs';
import { parseInstructionFile, RULE_IDS } from './src/core';
for (const f of process.argv.slice(2)) {
  const file = parseInstructionFile(f, fs.readFileSync(f, 'utf8'), 'workspace', RULE_IDS);
  console.log(f, JSON.stringify(file.problems, null, 1), file.applyTo);
}
