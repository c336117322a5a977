import * as assert from 'assert';
import { Engine } from './engine';
import { fixAllOfRule, safeFixAll } from './fixAll';
import { applyEdits } from './fixes';
import { loadBundledInstructions } from './instructions/bundled';
import { InstructionLibrary } from './instructions/library';
import requireJwtAlgorithms from './rules/require-jwt-algorithms/rule';
import requireTimeout from './rules/require-timeout/rule';
import type { Finding, Fix } from './types';

/** A finding of `ruleId` over `text[start, end)` with these fixes; the rest does not matter here. */
function finding(ruleId: string, start: number, fixes: Fix[]): Finding {
  return {
    ruleId,
    messageId: 'm',
    message: 'm',
    severity: 'warning',
    start,
    end: start + 1,
    fixes,
    section: { instruction: 'distributed-systems', heading: 'Timeouts and deadlines' },
  };
}

/** A fix inserting `text` at `at`. */
function insert(at: number, text: string, options: { safe?: boolean; preferred?: boolean } = {}): Fix {
  return { title: `insert ${text}`, edits: [{ start: at, end: at, text }], safe: options.safe ?? false, preferred: options.preferred };
}

const TEXT = 'a(); b(); c();';

describe('fixAllOfRule', () => {
  it('is undefined for a single fixable finding of the rule: its own quick fix says the same', () => {
    const findings = [finding('r', 0, [insert(2, 'x')]), finding('r', 5, []), finding('other', 10, [insert(12, 'y')])];
    assert.strictEqual(fixAllOfRule(findings, 'r'), undefined);
  });

  it('is undefined when the rule has no findings or none of them has a fix', () => {
    assert.strictEqual(fixAllOfRule([finding('r', 0, []), finding('r', 5, [])], 'r'), undefined);
    assert.strictEqual(fixAllOfRule([finding('other', 0, [insert(2, 'x')]), finding('other', 5, [insert(7, 'y')])], 'r'), undefined);
  });

  it("applies the preferred fix of every finding of the rule, and leaves other rules' findings alone", () => {
    const findings = [
      finding('r', 0, [insert(2, 'first'), insert(2, 'preferred', { preferred: true })]),
      finding('other', 5, [insert(7, 'other', { preferred: true })]),
      finding('r', 10, [insert(12, 'only')]),
    ];
    const edits = fixAllOfRule(findings, 'r');
    assert.ok(edits);
    assert.strictEqual(applyEdits(TEXT, edits), 'a(preferred); b(); c(only);');
  });

  it('adds a helper that several fixes insert once, and drops a fix overlapping an earlier one', () => {
    const helper = { start: 0, end: 0, text: 'function helper() {}\n' };
    const wrap = (start: number, end: number, text: string): Fix => ({ title: 'wrap', edits: [helper, { start, end, text }], safe: false, preferred: true });
    const findings = [
      finding('r', 0, [wrap(0, 3, 'helper(a)')]),
      finding('r', 5, [wrap(5, 8, 'helper(b)')]),
      // Overlaps the fix of the finding at 5: left for a second run, after re-analysis.
      finding('r', 6, [wrap(6, 9, 'helper(x)')]),
    ];
    const edits = fixAllOfRule(findings, 'r');
    assert.ok(edits);
    assert.strictEqual(applyEdits(TEXT, edits), 'function helper() {}\nhelper(a); helper(b); c();');
  });
});

describe('safeFixAll', () => {
  it('applies safe preferred fixes and never a fix that changes behaviour', () => {
    const findings = [
      finding('safe-rule', 0, [insert(2, 'safe', { safe: true, preferred: true })]),
      finding('require-timeout', 5, [insert(7, '{ timeout: 10_000 }', { preferred: true })]),
      finding('no-fix', 10, []),
    ];
    assert.strictEqual(applyEdits(TEXT, safeFixAll(findings)), 'a(safe); b(); c();');
  });

  it('leaves a safe alternative alone when the preferred fix is unsafe: choosing is for a person', () => {
    const findings = [finding('r', 0, [insert(2, 'unsafe', { preferred: true }), insert(2, 'safe', { safe: true })])];
    assert.deepStrictEqual(safeFixAll(findings), []);
  });

  it('takes a finding\'s first fix as its choice when none is preferred', () => {
    assert.strictEqual(applyEdits(TEXT, safeFixAll([finding('r', 0, [insert(2, 'first', { safe: true }), insert(2, 'second', { safe: true })])])), 'a(first); b(); c();');
    assert.deepStrictEqual(safeFixAll([finding('r', 0, [insert(2, 'first'), insert(2, 'second', { safe: true })])]), []);
  });

  it('is empty when only unsafe fixes exist', () => {
    const findings = [finding('r', 0, [insert(2, 'x', { preferred: true })]), finding('r', 5, [insert(7, 'y')])];
    assert.deepStrictEqual(safeFixAll(findings), []);
  });
});

describe('fix-all on real findings', () => {
  const engine = new Engine(new InstructionLibrary(loadBundledInstructions()), [requireTimeout, requireJwtAlgorithms]);
  const project = { dependencies: new Set(['axios', 'jsonwebtoken']) };
  const analyse = (text: string) => engine.analyze({ path: '/project/src/billing.ts', text, project }, { enable: true, rules: {} });
  const code = [
    "import axios from 'axios';",
    "import jwt from 'jsonwebtoken';",
    '',
    'export async function invoice(id: string) {',
    '  return (await axios.get(`https://billing.internal/invoices/${id}`)).data;',
    '}',
    '',
    'export async function refunds(invoiceId: string) {',
    "  return (await axios.get('https://billing.internal/refunds', { params: { invoiceId } })).data;",
    '}',
    '',
    'export function claimsOf(token: string, secret: string) {',
    "  return jwt.verify(token, secret, { algorithms: ['HS256', 'none'] });",
    '}',
    '',
  ].join('\n');
  const rulesOf = (findings: readonly Finding[]) => findings.map((f) => f.ruleId);

  it('fixing all require-timeout problems clears every one of them and nothing else', async () => {
    const before = await analyse(code);
    assert.deepStrictEqual(rulesOf(before.findings), ['require-timeout', 'require-timeout', 'require-jwt-algorithms']);
    const edits = fixAllOfRule(before.findings, 'require-timeout');
    assert.ok(edits, 'no fix-all for two require-timeout findings');
    const after = await analyse(applyEdits(code, edits));
    assert.deepStrictEqual(rulesOf(after.findings), ['require-jwt-algorithms']);
  });

  it("fix-all on save removes 'none' (safe) and adds no timeout (unsafe)", async () => {
    const before = await analyse(code);
    const fixed = applyEdits(code, safeFixAll(before.findings));
    assert.match(fixed, /algorithms: \['HS256'\] \}/);
    assert.strictEqual(fixed.replace("algorithms: ['HS256'] }", "algorithms: ['HS256', 'none'] }"), code, 'something else than the safe fix changed');
    assert.deepStrictEqual(rulesOf((await analyse(fixed)).findings), ['require-timeout', 'require-timeout']);
  });
});
