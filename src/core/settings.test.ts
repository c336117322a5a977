import * as assert from 'assert';
import { sanitiseSettings } from './settings';

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
