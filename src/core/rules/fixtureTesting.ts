import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { runRules } from '../engine';
import { applyEdits, selectFixes } from '../fixes';
import { languageOfFile } from '../parse/languages';
import { SourceParser } from '../parse/parser';
import { SourceFile } from '../sourceFile';
import type { Rule } from './rule';

/** Line (1-based), message id and underlined text of one expected finding. */
export type ExpectedFinding = [line: number, messageId: string, text: string];

export interface FixtureExpectation {
  findings: ExpectedFinding[];
  /** Dependencies of the project the fixture pretends to belong to. */
  dependencies?: string[];
}

const parser = new SourceParser();

/**
 * Runs `rule` on each realistic file in `<folder>/fixtures` and asserts its exact findings; then
 * applies every preferred fix and asserts that the result parses and that the fixed findings are gone
 * (findings without a fix stay).
 */
export function checkFixtures(rule: Rule, folder: string, expected: Record<string, FixtureExpectation>): void {
  describe(`${rule.meta.id} on realistic files`, () => {
    for (const [name, expectation] of Object.entries(expected)) {
      it(`${name}: exact findings, and the preferred fixes clear theirs`, async () => {
        const text = fs.readFileSync(path.join(folder, 'fixtures', name), 'utf8');
        const filePath = `/project/src/${name}`;
        const language = languageOfFile(filePath);
        assert.ok(language, `unsupported fixture ${name}`);
        await parser.load(language);
        const analyse = (code: string) => {
          const file = new SourceFile(filePath, language, code, parser.parse(language, code), { dependencies: new Set(expectation.dependencies ?? []) });
          try {
            const result = runRules(file, [rule], { enable: true, rules: {} });
            assert.deepStrictEqual(result.ruleErrors, []);
            return { findings: result.findings, parses: !file.root.hasError };
          } finally {
            file.tree.delete();
          }
        };
        const before = analyse(text);
        assert.ok(before.parses, `${name} does not parse`);
        const actual = before.findings.map((f) => [text.slice(0, f.start).split('\n').length, f.messageId, text.slice(f.start, f.end)]);
        assert.deepStrictEqual(actual, expectation.findings);
        const fixed = applyEdits(text, selectFixes(before.findings));
        const after = analyse(fixed);
        assert.ok(after.parses, `the fixed file does not parse:\n${fixed}`);
        const unfixable = before.findings.filter((f) => f.fixes.length === 0).map((f) => f.messageId);
        assert.deepStrictEqual(after.findings.map((f) => f.messageId), unfixable, `the fixed file still has fixable findings:\n${fixed}`);
      });
    }
  });
}
