import * as assert from 'assert';
import { sanitiseBundledInstructions, sanitiseSettings } from './settings';

const RULES = new Set(['require-timeout', 'require-backoff-jitter']);

describe('sanitiseSettings', () => {
  it('keeps valid values', () => {
    const { settings, problems } = sanitiseSettings({ enable: false, rules: { 'require-timeout': 'error' } }, RULES);
    assert.deepStrictEqual(settings, { enable: false, rules: { 'require-timeout': 'error' } });
    assert.deepStrictEqual(problems, []);
  });

  it('drops what is broken, names it, and keeps the rest', () => {
    const { settings, problems } = sanitiseSettings(
      { enable: 'yes', rules: { 'require-timeout': 'loud', 'no-such-rule': 'off', 'require-backoff-jitter': 'off' } },
      RULES,
    );
    assert.deepStrictEqual(settings, { enable: true, rules: { 'require-backoff-jitter': 'off' } });
    assert.strictEqual(problems.length, 3);
    assert.match(problems.join('\n'), /enable must be true or false/);
    assert.match(problems.join('\n'), /no rule "no-such-rule"/);
    assert.match(problems.join('\n'), /require-timeout must be one of/);
  });

  it('ignores a rules value that is not an object', () => {
    const { settings, problems } = sanitiseSettings({ rules: ['require-timeout'] }, RULES);
    assert.deepStrictEqual(settings.rules, {});
    assert.strictEqual(problems.length, 1);
  });
});

describe('sanitiseBundledInstructions', () => {
  const BUNDLED = ['distributed-systems', 'secure-backend'];

  it('switches off the files set to false and keeps the ones set to true', () => {
    const { disabled, problems } = sanitiseBundledInstructions({ 'distributed-systems': false, 'secure-backend': true }, BUNDLED);
    assert.deepStrictEqual([...disabled], ['distributed-systems']);
    assert.deepStrictEqual(problems, []);
    assert.deepStrictEqual([...sanitiseBundledInstructions(undefined, BUNDLED).disabled], []);
  });

  it('names unknown ids and values that are not booleans, and ignores them', () => {
    const { disabled, problems } = sanitiseBundledInstructions({ 'distributed-systems': 'no', 'no-such-file': false, 'secure-backend': false }, BUNDLED);
    assert.deepStrictEqual([...disabled], ['secure-backend']);
    assert.strictEqual(problems.length, 2, problems.join('\n'));
    assert.match(problems[0], /distributed-systems must be true or false, not "no"; keeping it on/);
    assert.match(problems[1], /no bundled instruction file "no-such-file"/);
  });

  it('ignores a value that is not an object', () => {
    for (const raw of [false, ['distributed-systems'], 'off']) {
      const { disabled, problems } = sanitiseBundledInstructions(raw, BUNDLED);
      assert.strictEqual(disabled.size, 0);
      assert.match(problems.join(''), /must be an object/);
    }
  });
});
