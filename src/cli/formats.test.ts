import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { ALL_RULES, DEFAULT_SETTINGS, InstructionLibrary, type Finding } from '../core';
import type { CheckRun } from './check';
import { LineMap } from './files';
import { formatText } from './formatters/text';
import { COLOURED, PLAIN } from './style';
import { checkFixtureJson, FIXTURES, runCli } from './testSupport';

/**
 * The SARIF 2.1.0 schema as Microsoft's SARIF SDK ships it (`sarif-2.1.0-rtm.5.json`, JSON Schema
 * draft 4). One of its `pattern`s is not a valid Unicode-mode regular expression, so patterns are
 * compiled without the `u` flag, as JSON Schema draft 4 validators of its day did.
 */
function sarifValidator() {
  const schema = JSON.parse(fs.readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
  const regExp = Object.assign((pattern: string, flags: string) => new RegExp(pattern, flags.replace('u', '')), { code: 'new RegExp' });
  const ajv = new Ajv({ allErrors: true, strict: false, code: { regExp } });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  /** The schema violations, or undefined for a valid log. */
  return (log: unknown): string | undefined => (validate(log) ? undefined : JSON.stringify(validate.errors, null, 2));
}

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  locations: Array<{ physicalLocation: { artifactLocation: { uri: string; uriBaseId: string }; region: { startLine: number; startColumn: number } } }>;
  fixes?: Array<{ artifactChanges: Array<{ replacements: unknown[] }> }>;
}

function finding(text: string, needle: string, severity: Finding['severity'], ruleId: string, message: string): Finding {
  const start = text.indexOf(needle);
  assert.ok(start >= 0, needle);
  return { ruleId, messageId: 'm', message, severity, start, end: start + needle.length, fixes: [], section: { instruction: 'distributed-systems', heading: 'Timeouts and deadlines' } };
}

describe('cli: text format', () => {
  const text = ['import axios from "axios";', ...Array.from({ length: 10 }, () => ''), 'axios.get(a);', '  retry();', '\tfetch(b);'].join('\n');
  const workspace = { root: '/repo', library: new InstructionLibrary([]), settings: DEFAULT_SETTINGS, problems: [] };
  const run: CheckRun = {
    baseDir: '/repo',
    workspaces: [workspace],
    notices: [],
    files: [
      {
        path: '/repo/src/orders.ts',
        text,
        lines: new LineMap(text),
        workspace,
        findings: [
          finding(text, '"axios"', 'info', 'require-timeout', 'axios is imported.'),
          finding(text, 'axios.get', 'error', 'require-timeout', 'axios.get has no timeout.'),
          finding(text, 'retry', 'warning', 'require-backoff-jitter', 'retry() retries\nimmediately.'),
          finding(text, 'fetch', 'info', 'require-timeout', 'fetch has no timeout.'),
        ],
      },
      { path: '/repo/src/clean.ts', text: '', lines: new LineMap(''), workspace, findings: [] },
    ],
  };

  it('prints stylish rows aligned per file and a summary', () => {
    assert.strictEqual(
      formatText(run, { cwd: '/repo', style: PLAIN, explain: false }),
      [
        'src/orders.ts',
        '   1:19  info     axios is imported.            require-timeout',
        '  12:1   error    axios.get has no timeout.     require-timeout',
        '  13:3   warning  retry() retries immediately.  require-backoff-jitter',
        '  14:2   info     fetch has no timeout.         require-timeout',
        '',
        '✖ 4 problems (1 error, 1 warning, 2 infos)',
        '',
      ].join('\n'),
    );
  });

  it('colours only when asked, without changing the text', () => {
    const coloured = formatText(run, { cwd: '/repo', style: COLOURED, explain: false });
    assert.ok(coloured.includes('\u001b[31merror  \u001b[39m'), 'error in red');
    assert.ok(coloured.includes('\u001b[4msrc/orders.ts\u001b[24m'), 'path underlined');
    assert.strictEqual(coloured.replace(/\u001b\[\d+m/g, ''), formatText(run, { cwd: '/repo', style: PLAIN, explain: false }));
  });

  it('says when nothing was found', () => {
    assert.strictEqual(formatText({ ...run, files: [run.files[1]] }, { cwd: '/repo', style: PLAIN, explain: false }), '✔ No problems (1 file checked)\n');
  });

  it('prints the fixture project: one block per file with findings, counts that match the JSON report', async () => {
    const { code, stdout } = await runCli(['check'], path.join(FIXTURES, 'basic'));
    const { report } = await checkFixtureJson('basic');
    const findings = report.flatMap((f) => f.findings);
    assert.strictEqual(code, 0);
    for (const file of report.filter((f) => f.findings.length > 0)) assert.match(stdout, new RegExp(`^${file.filePath}$`, 'm'));
    for (const f of findings) assert.match(stdout, new RegExp(`^ +${f.line}:\\d+ +${f.severity} +.+  ${f.ruleId}$`, 'm'));
    assert.match(stdout, new RegExp(`✖ ${findings.length} problems \\(0 errors, ${findings.length} warnings, 0 infos\\)\\n$`));
    assert.doesNotMatch(stdout, /clean\.js/);
  });

  it('--explain quotes the instruction section and shows the fix under each finding', async () => {
    const { stdout } = await runCli(['check', 'src/billing.js', '--explain'], path.join(FIXTURES, 'basic'));
    assert.match(stdout, /^ {4}Timeouts and deadlines — distributed-systems\.instructions\.md \(bundled\)$/m);
    assert.match(stdout, /^ {4}Why: A call without a timeout/m);
    assert.match(stdout, /^ {6}- +const response = await axios\.get\(`https:\/\/billing\.example\/invoices\/\$\{id\}`\);$/m);
    assert.match(stdout, /^ {6}\+ +const response = await axios\.get\(.*timeout.*\);$/m);
    for (const line of stdout.split('\n').filter((l) => /^ {4}(?! )/.test(l))) assert.ok(line.length <= 100 || line.includes('Fix:'), `too wide: ${line}`);
  });
});

describe('cli: JSON format', () => {
  it('lists every analysed file, relative to the current folder, with located findings and fixes', async () => {
    const { code, report } = await checkFixtureJson('basic');
    assert.strictEqual(code, 0);
    assert.deepStrictEqual(report.map((f) => f.filePath), ['src/billing.js', 'src/clean.js', 'src/retry.js'], 'build/ and .hidden/ are not walked');
    const byFile = Object.fromEntries(report.map((f) => [f.filePath, f.findings]));
    assert.deepStrictEqual(byFile['src/clean.js'], []);
    assert.deepStrictEqual(byFile['src/billing.js'].map((f) => [f.ruleId, f.line]), [['require-timeout', 6]]);
    assert.deepStrictEqual(byFile['src/retry.js'].map((f) => [f.ruleId, f.line]), [['require-backoff-jitter', 6]]);

    const timeout = byFile['src/billing.js'][0];
    assert.deepStrictEqual(Object.keys(timeout).sort(), ['column', 'endColumn', 'endLine', 'fixes', 'line', 'message', 'ruleId', 'section', 'severity']);
    assert.deepStrictEqual(timeout.section, { instruction: 'distributed-systems', heading: 'Timeouts and deadlines' });
    assert.strictEqual(timeout.severity, 'warning');
    const source = fs.readFileSync(path.join(FIXTURES, 'basic', 'src', 'billing.js'), 'utf8');
    const lineText = source.split('\n')[timeout.line - 1];
    assert.strictEqual(lineText.slice((timeout.column as number) - 1, (timeout.endColumn as number) - 1), 'axios.get', 'the range covers the callee');

    const fixes = timeout.fixes as Array<{ title: string; safe: boolean; preferred: boolean; edits: Array<{ start: number; end: number; text: string }> }>;
    assert.ok(fixes.length > 0, 'Missing: no fix');
    assert.strictEqual(fixes[0].safe, false, 'adding a timeout changes behaviour');
    for (const edit of fixes[0].edits) assert.deepStrictEqual(Object.keys(edit).sort(), ['end', 'start', 'text']);
  });
});

describe('cli: SARIF format', () => {
  const validate = sarifValidator();

  it('validates against the SARIF 2.1.0 schema, locates results relative to the checked folder', async () => {
    const folder = path.join(FIXTURES, 'basic');
    const { code, stdout } = await runCli(['check', 'src/cli/fixtures/basic', '--format', 'sarif'], path.join(__dirname, '..', '..'));
    assert.strictEqual(code, 0);
    const log = JSON.parse(stdout);
    assert.strictEqual(validate(log), undefined);
    assert.strictEqual(log.version, '2.1.0');
    assert.match(log.$schema, /sarif-2\.1\.0/);
    assert.strictEqual(log.runs.length, 1);
    const [sarifRun] = log.runs;
    const driver = sarifRun.tool.driver;
    assert.strictEqual(driver.name, 'Instruction Lens');
    assert.strictEqual(driver.version, JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')).version);
    assert.deepStrictEqual(driver.rules.map((r: { id: string }) => r.id), ALL_RULES.map((r) => r.meta.id));
    for (const rule of driver.rules) assert.ok(rule.fullDescription.text.length > 40, `${rule.id}: fullDescription from the section`);
    assert.strictEqual(sarifRun.originalUriBaseIds['%SRCROOT%'].uri, `${pathToFileURL(folder).href}/`);

    const results = sarifRun.results as SarifResult[];
    assert.deepStrictEqual(results.map((r) => [r.ruleId, r.locations[0].physicalLocation.artifactLocation.uri]).sort(), [
      ['require-backoff-jitter', 'src/retry.js'],
      ['require-timeout', 'src/billing.js'],
    ]);
    for (const result of results) {
      assert.strictEqual(driver.rules[result.ruleIndex].id, result.ruleId);
      assert.strictEqual(result.level, 'warning');
      const location = result.locations[0].physicalLocation;
      assert.strictEqual(location.artifactLocation.uriBaseId, '%SRCROOT%');
      assert.ok(location.region.startLine >= 1 && location.region.startColumn >= 1);
      assert.ok((result.fixes?.[0]?.artifactChanges[0].replacements.length ?? 0) > 0, 'Missing: fixes');
    }
  });

  it('maps info to note and records stderr notices as notifications', async () => {
    const { stdout } = await runCli(['check', '--format', 'sarif', '--rule', 'require-timeout=info'], path.join(FIXTURES, 'broken-instructions'));
    const log = JSON.parse(stdout);
    assert.strictEqual(validate(log), undefined);
    assert.deepStrictEqual(log.runs[0].results.map((r: { level: string }) => r.level), ['note']);
    const notes = log.runs[0].invocations[0].toolExecutionNotifications.map((n: { message: { text: string } }) => n.message.text);
    assert.ok(notes.some((text: string) => text.includes('team.instructions.md')), notes.join('\n'));
  });
});
