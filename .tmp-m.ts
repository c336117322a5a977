import * as fs from 'fs';
import { Engine, InstructionLibrary, loadBundledInstructions, RULE_IDS } from './src/core';
(async () => {
  const p = '/w/src/payments-client.ts';
  const e = new Engine(new InstructionLibrary(loadBundledInstructions(RULE_IDS)));
  const a = await e.analyze({ path: p, text: fs.readFileSync('test/fixtures/workspace/src/payments-client.ts', 'utf8') }, { enable: true, rules: {} });
  for (const m of a.matches) console.log(m.file.id, m.applies, JSON.stringify(m.reasons));
})();
