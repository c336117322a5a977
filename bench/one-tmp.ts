import { Engine, InstructionLibrary, loadBundledInstructions, RULE_IDS, DEFAULT_SETTINGS, ruleById } from '../src/core';
import { generateService } from './generateService';
(async () => {
  const engine = new Engine(new InstructionLibrary(loadBundledInstructions(RULE_IDS)), [ruleById(process.env.RULE!)!]);
  const text = generateService(2000);
  for (let i = 0; i < 200; i++) await engine.analyze({ path: '/p/x.ts', text }, DEFAULT_SETTINGS);
})();
