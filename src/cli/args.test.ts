import * as assert from 'assert';
import { parseArgs, UsageError } from './args';

const RULES = new Set(['require-timeout', 'require-backoff-jitter']);

describe('cli: parseArgs', () => {
  it('defaults check to the current folder, text format, no overrides', () => {
    assert.deepStrictEqual(parseArgs(['check'], RULES), { kind: 'check', options: { paths: ['.'], format: 'text', explain: false, rules: {} } });
  });

  it('reads every option in both --flag value and --flag=value forms', () => {
    const command = parseArgs(
      ['check', 'src', '--format=sarif', '-o', 'out/report.sarif', '--rule', 'require-timeout=error', '--rule=require-backoff-jitter=off', '--max-warnings', '3', 'lib'],
      RULES,
    );
    assert.deepStrictEqual(command, {
      kind: 'check',
      options: {
        paths: ['src', 'lib'],
        format: 'sarif',
        output: 'out/report.sarif',
        explain: false,
        rules: { 'require-timeout': 'error', 'require-backoff-jitter': 'off' },
        maxWarnings: 3,
      },
    });
  });

  it('takes everything after -- as a path', () => {
    const command = parseArgs(['check', '--', '--weird-name.ts'], RULES);
    assert.deepStrictEqual(command.kind === 'check' && command.options.paths, ['--weird-name.ts']);
  });

  it('knows help, version and rules', () => {
    assert.strictEqual(parseArgs([], RULES).kind, 'help');
    assert.strictEqual(parseArgs(['check', '--help'], RULES).kind, 'help');
    assert.strictEqual(parseArgs(['--version'], RULES).kind, 'version');
    assert.strictEqual(parseArgs(['rules'], RULES).kind, 'rules');
  });

  const mistakes: Array<[string[], RegExp]> = [
    [['check', '--colour'], /unknown option --colour/],
    [['check', '--format', 'xml'], /unknown format "xml"/],
    [['check', '--format'], /--format needs a value/],
    [['check', '--rule', 'require-timeout'], /--rule expects id=severity/],
    [['check', '--rule', 'no-such-rule=error'], /unknown rule "no-such-rule"/],
    [['check', '--rule', 'require-timeout=fatal'], /severity must be one of off, info, warning, error/],
    [['check', '--max-warnings', '-1'], /--max-warnings needs a whole number, not "-1"/],
    [['check', '--output', '--explain'], /--output needs a value/],
    [['check', '--max-warnings', 'ten'], /whole number/],
    [['check', '--format', 'json', '--explain'], /--explain works with the text format only/],
    [['lint'], /unknown command "lint"/],
    [['rules', 'extra'], /takes no arguments/],
  ];
  for (const [argv, message] of mistakes) {
    it(`refuses ${argv.join(' ')}`, () => {
      assert.throws(() => parseArgs(argv, RULES), (error: unknown) => error instanceof UsageError && message.test(error.message));
    });
  }
});
