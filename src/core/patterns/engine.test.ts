import * as assert from 'assert';
import { Engine } from '../engine';
import { applyEdits } from '../fixes';
import { SourceParser, type Tree } from '../parse/parser';
import { DEFAULT_SETTINGS } from '../settings';
import type { LanguageId } from '../types';
import { bundledLibrary, trimIndent } from './testing';

/** Counts how often each text is parsed, to see the engine reuse its trees. */
class CountingParser extends SourceParser {
  readonly parsed: string[] = [];

  override parse(language: LanguageId, text: string, previous?: { tree: Tree; text: string }): Tree {
    this.parsed.push(text);
    return super.parse(language, text, previous);
  }
}

const SERVICE = trimIndent(`
  import axios from 'axios';

  export async function loadInvoice(id: string) {
    const response = await axios.get(\`/invoices/\${id}\`);
    return response.data;
  }
`);

describe('Engine.planPattern', () => {
  it('reuses the tree of an analysed document instead of parsing it again', async () => {
    const parser = new CountingParser();
    const engine = new Engine(bundledLibrary(), undefined, parser);
    const input = { path: '/project/src/invoices.ts', text: SERVICE, documentKey: 'file:///project/src/invoices.ts' };
    await engine.analyze(input, DEFAULT_SETTINGS);
    const cursor = SERVICE.indexOf('get(');
    const plan = await engine.planPattern(input, 'timeout', { start: cursor, end: cursor });
    if ('error' in plan) assert.fail(plan.error);
    assert.strictEqual(parser.parsed.filter((t) => t === SERVICE).length, 1, 'the document was parsed again');
    assert.match(applyEdits(SERVICE, plan.edits), /await withTimeout\(\(signal\) => axios\.get\(`\/invoices\/\$\{id\}`, \{ signal \}\)\)/);
    engine.forget(input.documentKey);
  });

  it('parses a document it has not seen, and a changed one', async () => {
    const parser = new CountingParser();
    const engine = new Engine(bundledLibrary(), undefined, parser);
    const changed = SERVICE.replace('loadInvoice', 'fetchInvoice');
    const cursor = changed.indexOf('get(');
    const once = await engine.planPattern({ path: '/project/src/a.ts', text: changed }, 'retry-backoff-jitter', { start: cursor, end: cursor });
    assert.ok('edits' in once);
    assert.strictEqual(parser.parsed.filter((t) => t === changed).length, 1);
  });

  it('explains a file it cannot handle', async () => {
    const engine = new Engine(bundledLibrary());
    const plan = await engine.planPattern({ path: '/project/README.md', text: '# Orders' }, 'timeout', { start: 0, end: 0 });
    assert.deepStrictEqual(plan, { error: 'Apply Pattern works in TypeScript and JavaScript files.' });
  });
});
