import * as assert from 'assert';
import { patternHelpers, type PatternHelperCache } from '../patterns/patternHelpers';
import { bundledLibrary } from '../patterns/testing';
import { runRules } from '../ruleRunner';
import { applyEdits, selectFixes } from '../fixes';
import { languageOfFile } from '../parse/languages';
import { SourceParser } from '../parse/parser';
import { SourceFile } from '../sourceFile';
import type { Finding } from '../types';
import type { Rule } from './rule';

/**
 * Table tests for one rule, in the manner of ESLint's RuleTester. It refuses an invalid case with
 * no expected error, a duplicate case, and a fix with no expected output; it proves that every fix
 * yields code that parses, that the rule is then silent, and that fixing again changes nothing.
 */

export interface ValidCase {
  code: string;
  /** Defaults to `/project/src/service.ts`; use `.js` for JavaScript. */
  filename?: string;
  /** Dependencies of the project's package.json. */
  dependencies?: string[];
  /** The folder of the project's package.json (none by default: folder conventions are not read). */
  projectRoot?: string;
  name?: string;
}

export interface ExpectedError {
  messageId: string;
  /** 1-based line of the start of the underlined range. */
  line?: number;
  /** The exact text underlined. */
  text?: string;
  /** The message: exactly this text, or text this expression matches. */
  message?: string | RegExp;
}

export interface InvalidCase extends ValidCase {
  errors: ExpectedError[];
  /** The code after applying every finding's preferred fix; `null` when the findings have no fix. */
  output: string | null;
}

const parser = new SourceParser();

export function runRuleTests(rule: Rule, cases: { valid: ValidCase[]; invalid: InvalidCase[] }): void {
  const all = [...cases.valid, ...cases.invalid];
  const keys = all.map((c) => `${c.filename ?? ''}\n${c.code}`);
  const duplicate = keys.find((k, i) => keys.indexOf(k) !== i);

  describe(rule.meta.id, () => {
    before(async () => {
      for (const c of all) await parser.load(languageOf(c));
      await parser.load('typescript');
    });

    it('has no duplicate cases', () => {
      assert.strictEqual(duplicate, undefined, `duplicate test case:\n${duplicate}`);
    });

    describe('valid', () => {
      for (const c of cases.valid) {
        it(title(c), () => {
          const findings = check(rule, c);
          assert.deepStrictEqual(findings.map(describeFinding), [], `Noisy: reported on valid code\n${c.code}`);
        });
      }
    });

    describe('invalid', () => {
      for (const c of cases.invalid) {
        it(title(c), () => {
          assert.ok(c.errors.length > 0, 'an invalid case must expect at least one error');
          const findings = check(rule, c);
          assert.ok(findings.length > 0, `Missing: silent on invalid code\n${c.code}`);
          const actual = findings.map((f) => ({
            messageId: f.messageId,
            line: lineOf(c.code, f.start),
            text: c.code.slice(f.start, f.end),
          }));
          const expected = c.errors.map((e, i) => ({
            messageId: e.messageId,
            line: e.line ?? actual[i]?.line,
            text: e.text ?? actual[i]?.text,
          }));
          assert.deepStrictEqual(actual, expected, 'reported problems differ from the expected ones');
          for (const [i, error] of c.errors.entries()) {
            if (typeof error.message === 'string') assert.strictEqual(findings[i].message, error.message, `message of problem ${i + 1}`);
            else if (error.message) assert.match(findings[i].message, error.message, `message of problem ${i + 1}`);
          }
          checkFixes(rule, c, findings);
        });
      }
    });
  });
}

function checkFixes(rule: Rule, c: InvalidCase, findings: Finding[]): void {
  const hasFix = findings.some((f) => f.fixes.length > 0);
  if (!hasFix) {
    assert.strictEqual(c.output, null, 'the case expects an output but no finding has a fix');
    return;
  }
  assert.notStrictEqual(c.output, undefined, 'a finding has a fix: the case must give its expected output');
  assert.notStrictEqual(c.output, null, 'a finding has a fix: the case must give its expected output, not null');
  const output = applyEdits(c.code, selectFixes(findings));
  assert.strictEqual(output, c.output, 'the fixed code differs from the expected output');
  const inputParses = !parse(c).root.hasError;
  const after = check(rule, { ...c, code: output });
  if (inputParses) assert.ok(!parse({ ...c, code: output }).root.hasError, `the fixed code does not parse:\n${output}`);
  if (findings.every((f) => f.fixes.length > 0)) {
    assert.deepStrictEqual(after.map(describeFinding), [], `the rule still reports on the fixed code:\n${output}`);
  }
  assert.strictEqual(applyEdits(output, selectFixes(after)), output, 'fixing a second time changed the code again');
  // Every alternative fix must also produce code that parses and clears its own finding.
  for (const finding of findings) {
    for (const fix of finding.fixes) {
      const alternative = applyEdits(c.code, fix.edits);
      if (inputParses) assert.ok(!parse({ ...c, code: alternative }).root.hasError, `fix "${fix.title}" gives code that does not parse:\n${alternative}`);
      const remaining = check(rule, { ...c, code: alternative });
      assert.ok(remaining.length < findings.length, `fix "${fix.title}" does not clear its finding:\n${alternative}`);
    }
  }
}

function check(rule: Rule, c: ValidCase): Finding[] {
  const file = parse(c);
  try {
    const { findings, ruleErrors } = runRules(file, [rule], { enable: true, rules: {} }, patternHelpers(library, file.language, parser, helpers));
    assert.deepStrictEqual(ruleErrors, [], 'the rule threw');
    return findings;
  } finally {
    file.tree.delete();
  }
}

function parse(c: ValidCase): SourceFile {
  const language = languageOf(c);
  const tree = parser.parse(language, c.code);
  return new SourceFile(c.filename ?? DEFAULT_FILE, language, c.code, tree, { dependencies: new Set(c.dependencies ?? []), root: c.projectRoot });
}

const DEFAULT_FILE = '/project/src/service.ts';

/** The bundled instruction files, where fixes read pattern helpers from (as the engine does), read once. */
const library = bundledLibrary();
const helpers: PatternHelperCache = new Map();

function languageOf(c: ValidCase) {
  const language = languageOfFile(c.filename ?? DEFAULT_FILE);
  if (!language) throw new Error(`unsupported test file name ${c.filename}`);
  return language;
}

function lineOf(code: string, offset: number): number {
  return code.slice(0, offset).split('\n').length;
}

function describeFinding(f: Finding): string {
  return `${f.ruleId} at ${f.start}-${f.end}: ${f.message}`;
}

function title(c: ValidCase): string {
  return c.name ?? c.code.trim().split('\n').slice(0, 2).join(' ⏎ ').slice(0, 100);
}
