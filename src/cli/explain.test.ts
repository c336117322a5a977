import * as assert from 'assert';
import { InstructionLibrary, parseInstructionFile, type Finding, type Fix } from '../core';
import { explainFinding, fixDiff, markdownToPlain, wrap } from './explain';
import { LineMap } from './files';
import { COLOURED, PLAIN } from './style';

const INSTRUCTIONS = `---
applyTo: '**/*.js'
description: 'Team rules.'
---

## Timeouts and deadlines

Every remote call has a **timeout**, set with \`signal\` (see [the docs](https://example.invalid/docs)).

**Why:** A call without one waits *forever*: it holds a socket and a slot in the pool, and the caller's own callers time out first.

Checked by: \`require-timeout\`
`;

const CODE = `import axios from 'axios';

export async function invoice(id) {
  const response = await axios.get(url(id));
  return response.data;
}
`;

function fixOf(edits: Fix['edits'], title = 'Add a timeout'): Fix {
  return { title, edits, safe: false, preferred: true };
}

describe('cli: --explain', () => {
  const library = new InstructionLibrary([], [parseInstructionFile('/team/.github/instructions/team.instructions.md', INSTRUCTIONS, 'workspace')]);
  const call = CODE.indexOf('axios.get');
  const argumentsEnd = CODE.indexOf('url(id))') + 'url(id)'.length;
  const finding: Finding = {
    ruleId: 'require-timeout',
    messageId: 'axios',
    message: 'axios.get has no timeout.',
    severity: 'warning',
    start: call,
    end: call + 'axios.get'.length,
    section: { instruction: 'team', heading: 'Timeouts and deadlines' },
    fixes: [fixOf([{ start: argumentsEnd, end: argumentsEnd, text: ', { timeout: 10_000 }' }]), { title: 'Wrap in withTimeout', edits: [], safe: false }],
  };

  it('quotes the section, its Why paragraph and the preferred fix as a diff', () => {
    const lines = explainFinding(finding, { library, text: CODE, lines: new LineMap(CODE), cwd: '/team', style: PLAIN }, '  ');
    assert.deepStrictEqual(lines, [
      '  Timeouts and deadlines — .github/instructions/team.instructions.md',
      '  Every remote call has a timeout, set with signal (see the docs).',
      '  Why: A call without one waits forever: it holds a socket and a slot in the pool, and the caller\'s',
      '  own callers time out first.',
      '  Fix: Add a timeout (changes runtime behaviour: review before applying)',
      '    -   const response = await axios.get(url(id));',
      '    +   const response = await axios.get(url(id), { timeout: 10_000 });',
      '  Other fixes: Wrap in withTimeout',
    ]);
  });

  it('quotes a section once per report and names it on later findings', () => {
    const context = { library, text: CODE, lines: new LineMap(CODE), cwd: '/team', style: PLAIN, quoted: new Set<string>() };
    const first = explainFinding(finding, context);
    const second = explainFinding(finding, context);
    assert.ok(first.some((line) => line.includes('Why:')));
    assert.ok(!second.some((line) => line.includes('Why:')), 'Noisy: the Why paragraph repeated');
    assert.match(second[0], /Timeouts and deadlines — .*\(quoted above\)/);
    assert.ok(second.some((line) => line.includes('+   const response')), 'Missing: the fix diff of the second finding');
  });

  it('says so when the section a rule names is missing', () => {
    const lines = explainFinding({ ...finding, section: { instruction: 'team', heading: 'Gone' }, fixes: [] }, { library, text: CODE, lines: new LineMap(CODE), cwd: '/', style: PLAIN });
    assert.deepStrictEqual(lines, ['    (section "Gone" of team not found)']);
  });
});

describe('cli: fixDiff', () => {
  const text = 'import { retry } from "cockatiel";\n\nconst a = 1;\nconst policy = retry(handleAll, { maxAttempts: 3 });\n';
  const lines = new LineMap(text);

  it('splits distant edits into hunks and keeps only the changed lines', () => {
    const importEnd = text.indexOf(' }');
    const optionsEnd = text.indexOf(' });');
    const hunks = fixDiff(text, lines, fixOf([
      { start: optionsEnd, end: optionsEnd, text: ', backoff: new ExponentialBackoff()' },
      { start: importEnd, end: importEnd, text: ', ExponentialBackoff' },
    ]));
    assert.deepStrictEqual(hunks, [
      { line: 0, removed: ['import { retry } from "cockatiel";'], added: ['import { retry, ExponentialBackoff } from "cockatiel";'] },
      { line: 3, removed: ['const policy = retry(handleAll, { maxAttempts: 3 });'], added: ['const policy = retry(handleAll, { maxAttempts: 3, backoff: new ExponentialBackoff() });'] },
    ]);
  });

  it('shows an inserted line with the line above it as context', () => {
    const at = lines.lineStart(3);
    const hunks = fixDiff(text, lines, fixOf([{ start: at, end: at, text: 'const RETRY_MAX_ATTEMPTS = 3;\n' }]));
    assert.deepStrictEqual(hunks, [{ line: 3, context: 'const a = 1;', removed: [], added: ['const RETRY_MAX_ATTEMPTS = 3;'] }]);
  });

  it('handles CRLF files', () => {
    const crlf = 'a();\r\nfetch(u);\r\nb();\r\n';
    const at = crlf.indexOf('u)') + 1;
    const hunks = fixDiff(crlf, new LineMap(crlf), fixOf([{ start: at, end: at, text: ', { signal }' }]));
    assert.deepStrictEqual(hunks, [{ line: 1, removed: ['fetch(u);'], added: ['fetch(u, { signal });'] }]);
  });
});

describe('cli: markdownToPlain and wrap', () => {
  it('drops emphasis, link targets and code quotes, but not underscores inside code', () => {
    assert.strictEqual(
      markdownToPlain('Set **`RETRY_MAX_ATTEMPTS`** and _jitter_ per [AWS](https://aws.example/x);\nsee `max_delay_ms`.', PLAIN),
      'Set RETRY_MAX_ATTEMPTS and jitter per AWS; see max_delay_ms.',
    );
  });

  it('keeps list items on their own lines', () => {
    assert.strictEqual(markdownToPlain('Retry only:\n- timeouts\n* 503 and\n  429 answers', PLAIN), 'Retry only:\n- timeouts\n- 503 and 429 answers');
  });

  it('colours inline code when colour is on', () => {
    assert.strictEqual(markdownToPlain('use `fetch`', COLOURED), 'use \u001b[36mfetch\u001b[39m');
  });

  it('wraps at the width, counting the indent and not the colour codes', () => {
    const words = Array.from({ length: 12 }, (_, i) => `word${i}`).join(' ');
    const wrapped = wrap(words, '  ', 31);
    assert.deepStrictEqual(wrapped, ['  word0 word1 word2 word3 word4', '  word5 word6 word7 word8 word9', '  word10 word11']);
    assert.deepStrictEqual(wrap(`\u001b[1m${'x'.repeat(26)}\u001b[22m y`, '  ', 30), [`  \u001b[1m${'x'.repeat(26)}\u001b[22m y`]);
    assert.deepStrictEqual(wrap('- a b c', '', 5), ['- a b', '  c']);
  });
});
