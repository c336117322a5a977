// Builds a labelling worksheet from `instruction-lens check --format json` outputs: a seeded sample
// of findings per rule, each with a few lines of context, for a person to mark true or false
// positive. The worksheet quotes third-party code, so it is written outside the repository; only
// the labels and counts go into docs/precision.md.
//
// Usage: node scripts/precision/worksheet.mjs --per-rule 6 --out /tmp/worksheet.md <repo>=<findings.json>...
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  if (at < 0) return fallback;
  const [value] = args.splice(at, 2).slice(1);
  return value;
};
const perRule = Number(option('--per-rule', '6'));
const out = option('--out', '/tmp/precision-worksheet.md');
const seed = Number(option('--seed', '20261127'));

// Small deterministic generator (mulberry32) so the sample can be reproduced.
function random(state) {
  return () => {
    state |= 0;
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const byRule = new Map();
for (const pair of args) {
  const [repo, file] = pair.split('=');
  const report = JSON.parse(readFileSync(file, 'utf8'));
  for (const entry of report) {
    for (const finding of entry.findings) {
      const list = byRule.get(finding.ruleId) ?? [];
      list.push({ repo, filePath: entry.filePath, finding });
      byRule.set(finding.ruleId, list);
    }
  }
}

const next = random(seed);
const lines = ['# Precision worksheet (not for the repository: it quotes third-party code)', ''];
let id = 0;
for (const [rule, findings] of [...byRule].sort()) {
  const shuffled = findings.map((f) => [next(), f]).sort((a, b) => a[0] - b[0]).map(([, f]) => f);
  lines.push(`## ${rule} (${findings.length} findings, ${Math.min(perRule, findings.length)} sampled)`, '');
  for (const { repo, filePath, finding } of shuffled.slice(0, perRule)) {
    id++;
    const absolute = filePath.startsWith('/') ? filePath : join(process.cwd(), filePath);
    const text = readFileSync(absolute, 'utf8').split('\n');
    const from = Math.max(0, finding.line - 6);
    const to = Math.min(text.length, finding.line + 5);
    lines.push(`### S${id} ${repo} ${filePath}:${finding.line}`, '', `> ${finding.message}`, '', '```ts');
    for (let i = from; i < to; i++) lines.push(`${String(i + 1).padStart(5)}${i + 1 === finding.line ? ' >' : '  '} ${text[i]}`);
    lines.push('```', '', 'label: TP / FP — reason:', '');
  }
}
writeFileSync(out, lines.join('\n'));
console.log(`${id} findings sampled into ${out}`);
