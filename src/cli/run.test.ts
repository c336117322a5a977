import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { checkFixtureJson, FIXTURES, runCli } from './testSupport';

const REPO = path.join(__dirname, '..', '..');
const BASIC = path.join(FIXTURES, 'basic');
const USAGE_LINE = /^Usage: instruction-lens check/m;

describe('cli: exit codes', () => {
  it('0 when the findings are warnings only', async () => {
    const { code, report } = await checkFixtureJson('basic');
    assert.ok(report.some((f) => f.findings.length > 0), 'the fixture has warnings');
    assert.strictEqual(code, 0);
  });

  it('1 when a finding is an error', async () => {
    const { code, report } = await checkFixtureJson('basic', '--rule', 'require-timeout=error');
    assert.ok(report.some((f) => f.findings.some((x) => x.severity === 'error')));
    assert.strictEqual(code, 1);
  });

  it('1 when there are more warnings than --max-warnings, 0 when there are not', async () => {
    const over = await runCli(['check', '--max-warnings', '1'], BASIC);
    assert.strictEqual(over.code, 1);
    assert.match(over.stderr, /2 warnings, more than --max-warnings 1/);
    assert.strictEqual((await runCli(['check', '--max-warnings', '2'], BASIC)).code, 0);
  });

  const usageErrors: Array<[string[], RegExp]> = [
    [['check', '--bogus'], /^instruction-lens: unknown option --bogus$/m],
    [['check', '--format', 'xml'], /^instruction-lens: unknown format "xml"; use text, json, sarif$/m],
    [['check', 'no/such/folder'], /^instruction-lens: no such file or directory: no\/such\/folder$/m],
    [['check', '--rule', 'require-timeout=loud'], /^instruction-lens: --rule require-timeout: severity must be one of/m],
  ];
  for (const [argv, message] of usageErrors) {
    it(`2 with a one-line reason and the usage for: ${argv.join(' ')}`, async () => {
      const { code, stdout, stderr } = await runCli(argv, BASIC);
      assert.strictEqual(code, 2);
      assert.strictEqual(stdout, '');
      assert.match(stderr, message);
      assert.match(stderr, USAGE_LINE);
    });
  }

  it('--help, --version and rules print to stdout and exit 0', async () => {
    const help = await runCli(['--help'], BASIC);
    assert.strictEqual(help.code, 0);
    assert.match(help.stdout, USAGE_LINE);
    const version = await runCli(['--version'], BASIC);
    assert.strictEqual(version.stdout, `${JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')).version}\n`);
    const rules = await runCli(['rules'], BASIC);
    assert.match(rules.stdout, /^require-timeout +warning +distributed-systems › Timeouts and deadlines$/m);
    assert.match(rules.stdout, /^require-backoff-jitter +warning +distributed-systems › Retries with exponential backoff and jitter$/m);
  });
});

describe('cli: configuration', () => {
  it('--rule switches a rule off or changes its severity', async () => {
    const off = await checkFixtureJson('basic', '--rule', 'require-timeout=off');
    const ids = off.report.flatMap((f) => f.findings.map((x) => x.ruleId));
    assert.deepStrictEqual(ids, ['require-backoff-jitter']);
    const info = await checkFixtureJson('basic', '--rule', 'require-backoff-jitter=info');
    const jitter = info.report.flatMap((f) => f.findings).find((x) => x.ruleId === 'require-backoff-jitter');
    assert.strictEqual(jitter?.severity, 'info');
  });

  it('honours .vscode/settings.json with comments and trailing commas', async () => {
    const { code, report, stderr } = await checkFixtureJson('configured');
    const findings = report.flatMap((f) => f.findings);
    assert.deepStrictEqual(findings.map((f) => [f.ruleId, f.severity]), [['require-timeout', 'error']], 'timeout raised to error, backoff switched off');
    assert.strictEqual(code, 1);
    assert.doesNotMatch(stderr, /settings\.json/, 'the settings file is valid JSONC');
  });

  it('lets --rule override the settings file', async () => {
    const { code, report } = await checkFixtureJson('configured', '--rule', 'require-timeout=warning', '--rule', 'require-backoff-jitter=warning');
    assert.deepStrictEqual(report.flatMap((f) => f.findings.map((x) => [x.ruleId, x.severity])).sort(), [
      ['require-backoff-jitter', 'warning'],
      ['require-timeout', 'warning'],
    ]);
    assert.strictEqual(code, 0);
  });

  it('finds the settings of the folder above a checked subfolder, up to the current folder', async () => {
    const { report } = await checkFixtureJson('configured', 'src');
    assert.deepStrictEqual(report.flatMap((f) => f.findings.map((x) => [x.ruleId, x.severity])), [['require-timeout', 'error']]);
  });

  it('reports a broken instruction file on stderr and still reports the other findings', async () => {
    const { code, report, stderr } = await checkFixtureJson('broken-instructions');
    assert.match(stderr, /^warning: \.github\/instructions\/team\.instructions\.md:\d+: Front matter is not valid YAML/m);
    assert.deepStrictEqual(report.flatMap((f) => f.findings.map((x) => [f.filePath, x.ruleId])), [['src/client.js', 'require-timeout']]);
    assert.strictEqual(code, 0);
  });

  it('lets a workspace instruction file replace the bundled one of the same id', async () => {
    const { report } = await checkFixtureJson('overridden');
    const flagged = report.filter((f) => f.findings.length > 0).map((f) => f.filePath);
    assert.deepStrictEqual(flagged, ['src/payments/charge.js'], 'the team file applies to src/payments only');
    const { stdout } = await runCli(['check', '--explain'], path.join(FIXTURES, 'overridden'));
    assert.match(stdout, /Timeouts and deadlines — \.github\/instructions\/team\/distributed-systems\.instructions\.md/);
    assert.match(stdout, /Payments calls finish within 3 s/);
  });

  it('reads the instruction folders of chat.instructionsFilesLocations and the repository-wide files, as the editor does', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'instruction-lens-cli-'));
    try {
      const write = (file: string, text: string) => {
        fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
        fs.writeFileSync(path.join(dir, file), text);
      };
      const team = fs.readFileSync(path.join(FIXTURES, 'overridden', '.github', 'instructions', 'team', 'distributed-systems.instructions.md'), 'utf8');
      write('src/payments/charge.js', 'export const charge = (u) => fetch(u);\n');
      write('src/orders/list.js', 'export const list = (u) => fetch(u);\n');
      write('docs/instructions/distributed-systems.instructions.md', team);
      write('AGENTS.md', '# Agents\n\n## Database access\n\nChecked by: `no-such-rule`\n');
      const flagged = async () => {
        const { stdout, stderr } = await runCli(['check', '--format', 'json', 'src'], dir);
        const report = JSON.parse(stdout) as Array<{ filePath: string; findings: unknown[] }>;
        return { flagged: report.filter((f) => f.findings.length > 0).map((f) => f.filePath), stderr };
      };
      // Without the setting, docs/instructions is not an instruction folder: the bundled file applies everywhere.
      const before = await flagged();
      assert.deepStrictEqual(before.flagged, ['src/orders/list.js', 'src/payments/charge.js']);
      // AGENTS.md marks the workspace root (`check src` reads it) and is checked like any instruction file.
      assert.match(before.stderr, /^warning: AGENTS\.md:\d+: .*no-such-rule/m);
      write('.vscode/settings.json', JSON.stringify({ 'chat.instructionsFilesLocations': { 'docs/instructions': true, 'docs/drafts': false } }));
      const after = await flagged();
      assert.deepStrictEqual(after.flagged, ['src/payments/charge.js'], 'the team file from docs/instructions replaces the bundled one');
      const { stdout } = await runCli(['check', '--explain', 'src'], dir);
      assert.match(stdout, /Timeouts and deadlines — docs\/instructions\/distributed-systems\.instructions\.md/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('leaves out the bundled files switched off in instructionLens.bundledInstructions and names a broken value', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'instruction-lens-cli-'));
    try {
      fs.writeFileSync(path.join(dir, 'client.js'), 'export const get = (u) => fetch(u);\n');
      const before = await runCli(['check', '--format', 'json'], dir);
      const ruleIds = (stdout: string) => (JSON.parse(stdout) as Array<{ findings: Array<{ ruleId: string }> }>).flatMap((f) => f.findings.map((x) => x.ruleId));
      assert.deepStrictEqual(ruleIds(before.stdout), ['require-timeout']);
      fs.mkdirSync(path.join(dir, '.vscode'));
      const settings = { 'instructionLens.bundledInstructions': { 'distributed-systems': false, 'secure-backend': 'off' } };
      fs.writeFileSync(path.join(dir, '.vscode', 'settings.json'), JSON.stringify(settings));
      const after = await runCli(['check', '--format', 'json'], dir);
      assert.deepStrictEqual(ruleIds(after.stdout), [], 'distributed-systems is switched off: require-timeout does not run');
      assert.match(after.stderr, /^warning: \.vscode\/settings\.json: instructionLens\.bundledInstructions\.secure-backend must be true or false, not "off"; keeping it on\.$/m);
      assert.strictEqual(after.code, 0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports broken settings and files it skips on stderr and goes on', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'instruction-lens-cli-'));
    try {
      fs.mkdirSync(path.join(dir, '.vscode'));
      fs.writeFileSync(path.join(dir, '.vscode', 'settings.json'), '{ "instructionLens.rules": { "require-timeout": "error" ');
      fs.writeFileSync(path.join(dir, 'client.js'), 'export const get = (u) => fetch(u);\n');
      fs.writeFileSync(path.join(dir, 'vendor.min.js'), `${'var a=fetch("x");'.repeat(2_000)}\n`);
      const { code, stdout, stderr } = await runCli(['check', '--format', 'json'], dir);
      assert.match(stderr, /^warning: \.vscode\/settings\.json:1:\d+: not valid JSON \(\w+\); using the defaults\.$/m);
      assert.match(stderr, /^warning: vendor\.min\.js: not analysed: file looks minified/m);
      const report = JSON.parse(stdout) as Array<{ filePath: string; findings: Array<{ severity: string }> }>;
      assert.deepStrictEqual(report.map((f) => [f.filePath, f.findings.map((x) => x.severity)]), [['client.js', ['warning']]]);
      assert.strictEqual(code, 0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('cli: output', () => {
  it('--output writes the report to a file and nothing to stdout', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'instruction-lens-out-'));
    try {
      const file = path.join(dir, 'reports', 'lens.sarif');
      const { code, stdout } = await runCli(['check', '--format', 'sarif', '--output', file], BASIC);
      assert.strictEqual(code, 0);
      assert.strictEqual(stdout, '');
      assert.strictEqual(JSON.parse(fs.readFileSync(file, 'utf8')).runs[0].results.length, 2);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('runs as a command: npx tsx src/cli/main.ts', function () {
    this.timeout(60_000);
    const result = spawnSync('npx', ['tsx', 'src/cli/main.ts', 'check', 'src/cli/fixtures/configured', '--format', 'json'], {
      cwd: REPO,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    assert.strictEqual(result.status, 1, result.stderr);
    const report = JSON.parse(result.stdout) as Array<{ filePath: string; findings: Array<{ ruleId: string }> }>;
    assert.deepStrictEqual(report.map((f) => [f.filePath, f.findings.map((x) => x.ruleId)]), [[path.join('src', 'cli', 'fixtures', 'configured', 'src', 'client.js'), ['require-timeout']]]);
  });
});
