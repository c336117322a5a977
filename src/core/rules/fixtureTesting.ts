import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { runRules } from '../ruleRunner';
import { applyEdits, selectFixes } from '../fixes';
import { languageOfFile } from '../parse/languages';
import { SourceParser } from '../parse/parser';
import { SourceFile } from '../sourceFile';
import type { Rule } from './rule';

/** One expected finding on a fixture: 1-based line, message id, underlined text. */
export type FixtureFinding = readonly [line: number, messageId: string, text: string];

const parser = new SourceParser();

/**
 * For each realistic file in `<ruleDir>/fixtures/`: the rule reports exactly `expected`, and the
 * preferred fixes leave a file that parses and on which the rule is silent (or, for a rule without
 * fixes, the findings stay as they are).
 */
export function checkFixtures(rule: Rule, ruleDir: string, expected: Record<string, readonly FixtureFinding[]>): void {
  for (const [name, findings] of Object.entries(expected)) {
    it(`${name}: exact findings, and the preferred fixes leave it clean`, async () => {
      const text = fs.readFileSync(path.join(ruleDir, 'fixtures', name), 'utf8');
      const filePath = `/project/src/${name}`;
      const language = languageOfFile(filePath);
      assert.ok(language, `no language for ${name}`);
      await parser.load(language);
      const analyse = (code: string) => {
        const file = new SourceFile(filePath, language, code, parser.parse(language, code));
        try {
          const result = runRules(file, [rule], { enable: true, rules: {} });
          assert.deepStrictEqual(result.ruleErrors, [], 'the rule threw');
          return { findings: result.findings, parses: !file.root.hasError };
        } finally {
          file.tree.delete();
        }
      };
      const before = analyse(text);
      assert.ok(before.parses, `${name} does not parse`);
      const actual = before.findings.map((f) => [text.slice(0, f.start).split('\n').length, f.messageId, text.slice(f.start, f.end)]);
      assert.deepStrictEqual(actual, findings.map((f) => [...f]));
      const fixable = before.findings.filter((f) => f.fixes.length > 0);
      const after = analyse(applyEdits(text, selectFixes(before.findings)));
      assert.ok(after.parses, 'the fixed file does not parse');
      assert.strictEqual(after.findings.length, before.findings.length - fixable.length, 'the preferred fixes did not clear their findings');
    });
  }
}
