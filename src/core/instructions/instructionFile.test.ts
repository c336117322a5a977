import * as assert from 'assert';
import { parseInstructionFile, parseRepositoryInstructions } from './instructionFile';

const GOOD = `---
applyTo: '**/*.ts'
description: Resilience rules
---
# Title

## Timeouts and deadlines

Every remote call has a timeout.

**Why:** a hung dependency holds a worker forever.

**What to do:** pass a signal.

\`\`\`ts pattern=timeout
const TIMEOUT_MS = 5_000;
\`\`\`

Checked by: \`require-timeout\`

## CQRS

Separate reads from writes.

\`\`\`ts
## not a heading inside code
\`\`\`

Guidance only: no rule can see a read model.
`;

describe('parseInstructionFile', () => {
  it('reads front matter, sections, patterns and rule references', () => {
    const file = parseInstructionFile('/x/distributed-systems.instructions.md', GOOD, 'bundled', new Set(['require-timeout']));
    assert.deepStrictEqual(file.problems, []);
    assert.strictEqual(file.id, 'distributed-systems');
    assert.deepStrictEqual(file.applyTo, ['**/*.ts']);
    assert.strictEqual(file.description, 'Resilience rules');
    assert.deepStrictEqual(file.sections.map((s) => s.heading), ['Timeouts and deadlines', 'CQRS']);
    const [timeouts, cqrs] = file.sections;
    assert.strictEqual(timeouts.line, 6);
    assert.strictEqual(timeouts.slug, 'timeouts-and-deadlines');
    assert.deepStrictEqual(timeouts.checkedBy, ['require-timeout']);
    assert.deepStrictEqual(timeouts.patterns, [{ id: 'timeout', language: 'ts', code: 'const TIMEOUT_MS = 5_000;\n' }]);
    assert.strictEqual(cqrs.guidanceOnly, 'no rule can see a read model.');
    assert.match(cqrs.body, /## not a heading inside code/);
  });

  it('turns broken YAML into an error on its line and keeps the sections', () => {
    const text = "---\napplyTo: '**/*.ts\ndescription: x\n---\n## Only section\n\nText.\n";
    const file = parseInstructionFile('/w/.github/instructions/team.instructions.md', text, 'workspace');
    assert.strictEqual(file.problems.length, 1, JSON.stringify(file.problems));
    assert.strictEqual(file.problems[0].severity, 'error');
    assert.match(file.problems[0].message, /not valid YAML/);
    // js-yaml notices the open quote where the front matter ends; the line to fix is the one that opened it.
    assert.strictEqual(file.problems[0].line, 1);
    assert.deepStrictEqual(file.sections.map((s) => s.heading), ['Only section']);
    assert.deepStrictEqual(file.applyTo, []);
  });

  it('puts other YAML errors on the line that opened the quote, or within the front matter', () => {
    const lineOf = (text: string) => parseInstructionFile('/w/y.instructions.md', text, 'workspace').problems.map((p) => [p.severity, p.line]);
    assert.deepStrictEqual(lineOf("---\ndescription: \"It's \\\"fine\\\"\"\napplyTo: \"src/**\n---\nBody\n"), [['error', 2]]);
    assert.deepStrictEqual(lineOf("---\ndescription: Don't panic\napplyTo: 'src/**\n---\n"), [['error', 2]]);
    // A mapping error: js-yaml's own line, never below the closing ---.
    assert.deepStrictEqual(lineOf('---\ndescription: d\napplyTo: x\n  bad: y\n---\n\n\nBody\n'), [['error', 3]]);
    assert.deepStrictEqual(lineOf('---\ndescription: d\n  applyTo: x\n---\n\n\nBody\n'), [['error', 2]]);
  });

  it('flags applyTo written as a list, unknown keys, bad globs and unknown rules', () => {
    const list = parseInstructionFile('/w/a.instructions.md', "---\napplyTo:\n  - '**/*.ts'\ndescription: d\nmode: agent\n---\n", 'workspace');
    assert.deepStrictEqual(list.problems.map((p) => [p.severity, p.line]), [['warning', 4], ['error', 1]]);
    assert.match(list.problems[1].message, /YAML list/);
    const glob = parseInstructionFile('/w/b.instructions.md', "---\napplyTo: 'src/{a,b.ts'\ndescription: d\n---\n", 'workspace');
    assert.match(glob.problems[0].message, /not a valid glob/);
    const rule = parseInstructionFile('/w/c.instructions.md', "---\napplyTo: '**'\ndescription: d\n---\n## S\n\nChecked by: `no-such-rule`\n", 'workspace', new Set(['require-timeout']));
    assert.deepStrictEqual(rule.problems.map((p) => [p.line, p.message]), [[6, 'Section "S" names rule "no-such-rule", which does not exist.']]);
  });

  it('reads repository-wide files with no front matter, applying them everywhere, without a missing-description note', () => {
    const text = '# Team\n\n## Errors\n\nWrap errors.\n\nChecked by: `no-such-rule`\n';
    const copilot = parseRepositoryInstructions('/w/.github/copilot-instructions.md', text, new Set(['require-timeout']));
    assert.strictEqual(copilot.id, 'copilot-instructions');
    assert.strictEqual(copilot.repositoryWide, true);
    assert.deepStrictEqual(copilot.applyTo, ['**']);
    assert.deepStrictEqual(copilot.sections.map((s) => [s.heading, s.line]), [['Errors', 2]]);
    // Only the unknown rule: no description is expected of these files.
    assert.deepStrictEqual(copilot.problems.map((p) => [p.severity, p.line]), [['warning', 6]]);
    const agents = parseRepositoryInstructions('/w/AGENTS.md', '---\nnot: [valid\n---\n## After\n', new Set());
    assert.strictEqual(agents.id, 'AGENTS');
    assert.deepStrictEqual(agents.problems, []);
    assert.deepStrictEqual(agents.sections.map((s) => [s.heading, s.line]), [['After', 3]]);
  });

  it('never throws on odd input', () => {
    for (const text of ['', '---', '---\n---', '---\n: :\n---', '\u0000\u0001', '---\napplyTo: 3\n---']) {
      const file = parseInstructionFile('/w/odd.instructions.md', text, 'workspace');
      assert.ok(Array.isArray(file.problems));
    }
  });
});
