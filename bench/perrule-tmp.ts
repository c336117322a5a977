import { Engine, InstructionLibrary, loadBundledInstructions, RULE_IDS, DEFAULT_SETTINGS, ALL_RULES } from '../src/core';
import { SourceParser } from '../src/core/parse/parser';
import { generateService } from './generateService';
(async () => {
  const parser = new SourceParser(); await parser.load('typescript');
  const lib = new InstructionLibrary(loadBundledInstructions(RULE_IDS));
  const text = generateService(2000);
  const time = async (engine: Engine) => { for (let i = 0; i < 5; i++) await engine.analyze({ path: '/p/x.ts', text }, DEFAULT_SETTINGS); const s: number[] = []; for (let i = 0; i < 25; i++) { const t = performance.now(); await engine.analyze({ path: '/p/x.ts', text }, DEFAULT_SETTINGS); s.push(performance.now() - t); } s.sort((a, b) => a - b); return s[3]; };
  const base = await time(new Engine(lib, [], parser));
  console.log('no rules', base.toFixed(2));
  for (const rule of ALL_RULES) console.log(rule.meta.id.padEnd(28), ((await time(new Engine(lib, [rule], parser))) - base).toFixed(2));
  console.log('all', ((await time(new Engine(lib, ALL_RULES, parser))) - base).toFixed(2));
})();
