import { loadBundledInstructions } from '../src/core/instructions/bundled';
import { ALL_RULES, RULE_IDS } from '../src/core/rules';

/**
 * The README's generated tables: the rules, and the coverage of every bundled instruction section
 * (the rule that checks it, or "guidance only"). `npm run docs` rewrites them; a unit test fails
 * when the README is out of date.
 */

export function rulesTable(): string {
  const rows = ALL_RULES.map((rule) => {
    const fix = rule.meta.fixable ? 'yes' : '—';
    return `| \`${rule.meta.id}\` | ${rule.meta.description} | ${rule.meta.defaultSeverity} | ${fix} | ${rule.meta.section.instruction} › ${rule.meta.section.heading} |`;
  });
  return ['| rule | what it reports | default | fix | explained in |', '|---|---|---|---|---|', ...rows].join('\n');
}

export function coverageTable(): string {
  const rows: string[] = [];
  for (const file of loadBundledInstructions(RULE_IDS)) {
    for (const section of file.sections) {
      const coverage = section.checkedBy.length ? section.checkedBy.map((id) => `\`${id}\``).join(', ') : 'guidance only';
      rows.push(`| ${file.id} | ${section.heading} | ${coverage} |`);
    }
  }
  return ['| instruction file | section | checked by |', '|---|---|---|', ...rows].join('\n');
}

const BLOCKS: Record<string, () => string> = { rules: rulesTable, coverage: coverageTable };

/** `readme` with every `<!-- name:start -->...<!-- name:end -->` block regenerated. */
export function regenerate(readme: string): string {
  let result = readme;
  for (const [name, render] of Object.entries(BLOCKS)) {
    const pattern = new RegExp(`(<!-- ${name}:start -->\\n)[\\s\\S]*?(<!-- ${name}:end -->)`);
    if (!pattern.test(result)) throw new Error(`README has no ${name} block`);
    result = result.replace(pattern, (_, open: string, close: string) => `${open}${render()}\n${close}`);
  }
  return result;
}
