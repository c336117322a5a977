import { ALL_RULES, DEFAULT_SETTINGS, Engine, InstructionLibrary, loadBundledInstructions, RULE_IDS } from '../src/core';
import { SourceParser } from '../src/core/parse/parser';
import type { Rule, RuleVisitor } from '../src/core/rules/rule';
import { generateService } from './generateService';

/**
 * Where a full analysis of the 2,000-line service spends its time, rule by rule: each rule's
 * `create` and visitor handlers are timed inside the analysis. A fact rules share (is this call an
 * HTTP request? what does this name resolve to?) is computed once, so it is charged to the first
 * rule that asks for it, in the order of `ALL_RULES`: the column says where the time goes, not
 * what switching one rule off would save.
 *
 * Timing inside one run avoids comparing runs on a shared machine, whose noise is larger than most
 * rules' cost.
 */

const WARM_UP = 20;
const RUNS = 60;

async function main(): Promise<void> {
  const spent = new Map<string, number>(ALL_RULES.map((rule) => [rule.meta.id, 0]));
  let counting = false;
  const timed = (id: string, body: () => void) => {
    const start = performance.now();
    try {
      body();
    } finally {
      if (counting) spent.set(id, spent.get(id)! + performance.now() - start);
    }
  };
  const rules: Rule[] = ALL_RULES.map((rule) => ({
    ...rule,
    create(context) {
      let visitor: RuleVisitor = {};
      timed(rule.meta.id, () => (visitor = rule.create(context)));
      return Object.fromEntries(
        Object.entries(visitor).map(([type, handle]) => [type, handle && ((node: Parameters<typeof handle>[0]) => timed(rule.meta.id, () => handle(node)))]),
      ) as RuleVisitor;
    },
  }));

  const parser = new SourceParser();
  await parser.load('typescript');
  const engine = new Engine(new InstructionLibrary(loadBundledInstructions(RULE_IDS)), rules, parser);
  const text = generateService(2_000);
  const settings = { ...DEFAULT_SETTINGS, rules: Object.fromEntries(ALL_RULES.map((r) => [r.meta.id, 'warning' as const])) };
  let parse = 0;
  let total = 0;
  for (let run = 0; run < WARM_UP + RUNS; run++) {
    counting = run >= WARM_UP;
    const start = performance.now();
    const analysis = await engine.analyze({ path: '/service/src/orders.ts', text }, settings);
    if (counting) {
      total += performance.now() - start;
      parse += analysis.timings.parseMs;
    }
  }
  const perRun = (ms: number) => (ms / RUNS).toFixed(2).padStart(6);
  let inRules = 0;
  for (const ms of spent.values()) inRules += ms;
  console.log(`Where a full analysis of the 2,000-line service goes — mean of ${RUNS} runs, ms (Node ${process.version})\n`);
  console.log(`${'full analysis'.padEnd(30)} ${perRun(total)}`);
  console.log(`${'  parse'.padEnd(30)} ${perRun(parse)}`);
  console.log(`${'  rules (below)'.padEnd(30)} ${perRun(inRules)}`);
  console.log(`${'  walk, index, matching, rest'.padEnd(30)} ${perRun(total - parse - inRules)}\n`);
  for (const [id, ms] of [...spent].sort((a, b) => b[1] - a[1])) console.log(`${id.padEnd(30)} ${perRun(ms)}`);
}

void main();
