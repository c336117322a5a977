import * as assert from 'assert';
import { applyEdits } from '../fixes';
import { parseInstructionFile } from '../instructions/instructionFile';
import type { PatternCode } from './catalog';
import { patternById } from './catalog';
import { afterPrologue, helperEdits, insertTopLevel, moduleScopeNames } from './helperInsertion';
import { extractMarkers, loadGrammars, sourceFile, trimIndent } from './testing';

const retry = patternById('retry-backoff-jitter')!;
const helper: PatternCode = {
  code: 'const RETRY_MAX_ATTEMPTS = 4;\n\nfunction retryWithBackoff() {}\n',
  declares: ['RETRY_MAX_ATTEMPTS', 'retryWithBackoff'],
  statements: [],
  imports: [],
  file: parseInstructionFile('/x/distributed-systems.instructions.md', '', 'bundled'),
};

describe('helper insertion', () => {
  before(loadGrammars);

  describe('afterPrologue', () => {
    /** `$0` marks where module-level code should go. */
    const cases: Array<[string, string, string?]> = [
      ['nothing but code', '$0export function f() {}\n'],
      ['imports', "import a from 'a';\nimport { b } from 'b';$0\n\nexport const c = a(b);\n"],
      ['a trailing comment on the last import', "import a from 'a'; // v2 only$0\nexport const x = a;\n"],
      ['re-exports', "export * from './types';$0\nexport const y = 1;\n"],
      ["'use strict' and requires", "'use strict';\nconst a = require('a');\nconst b = require('b').c;$0\n\nmodule.exports = a(b);\n", '/p/x.js'],
      ['a bare require', "import a from 'a';\nrequire('dotenv/config');$0\nstart(a);\n"],
      ['a declaration that also computes', "const a = require('a');$0\nconst b = require('b'), c = compute();\n", '/p/x.js'],
      ['a shebang', '#!/usr/bin/env node$0\nmain();\n', '/p/x.js'],
      ['a header comment', '// Orders client.\n// Owned by the payments team.$0\n\nconst x = 1;\n'],
      ['a doc comment on the first statement', '$0/** The client. */\nexport const client = 1;\n'],
      ['a header and a doc comment', '// Orders client.$0\n\n/** The client. */\nexport const client = 1;\n'],
      ['a comment set apart after the imports', "import a from 'a';\n\n// TODO: split this file.$0\n\nexport const x = a;\n"],
      ['an empty file', '$0'],
    ];
    for (const [name, text, filename] of cases) {
      it(`after ${name}`, () => {
        const { code, selection } = extractMarkers(text);
        const file = sourceFile(code, filename);
        assert.strictEqual(afterPrologue(file), selection.start, `expected the insertion point at $0 in:\n${text}`);
      });
    }
  });

  it('moduleScopeNames lists module-level names only, and types only in TypeScript', () => {
    const code = trimIndent(`
      import axios, { AxiosError as HttpError } from 'axios';
      import * as fs from 'fs';
      const { retryWithBackoff } = require('./resilience');
      export class Client {}
      function helper() { const inner = 1; return inner; }
      let count = 0;
      interface Options { retries: number }
      type Mode = 'fast';
    `);
    const expected = ['Client', 'HttpError', 'Mode', 'Options', 'axios', 'count', 'fs', 'helper', 'retryWithBackoff'];
    assert.deepStrictEqual([...moduleScopeNames(sourceFile(code))].sort(), expected);
    const js = code.split('\n').filter((line) => !line.startsWith('interface') && !line.startsWith('type')).join('\n');
    assert.deepStrictEqual([...moduleScopeNames(sourceFile(js, '/p/x.js'))].sort(), expected.filter((n) => n !== 'Mode' && n !== 'Options'));
  });

  describe('helperEdits', () => {
    function insert(code: string): string {
      const result = helperEdits(sourceFile(code), retry, helper);
      if ('error' in result) assert.fail(result.error);
      return applyEdits(code, result.edits);
    }

    it('inserts into an empty file, ending it with a line break', () => {
      assert.strictEqual(insert(''), helper.code);
    });

    it('separates the helper by one blank line on each side', () => {
      assert.strictEqual(insert("import a from 'a';\nexport const b = a;\n"), `import a from 'a';\n\n${helper.code}\nexport const b = a;\n`);
      assert.strictEqual(insert("import a from 'a';\n\n\nexport const b = a;\n"), `import a from 'a';\n\n${helper.code}\n\nexport const b = a;\n`);
      assert.strictEqual(insert("import a from 'a';"), `import a from 'a';\n\n${helper.code}`);
      assert.strictEqual(insert('export const b = 1;\n'), `${helper.code}\nexport const b = 1;\n`);
    });

    it('adds nothing when the file declares the entry point, however it got there', () => {
      for (const code of [
        "import { retryWithBackoff } from './resilience';\n",
        "const { retryWithBackoff } = require('./resilience');\n",
        `${helper.code}\nexport const b = 1;\n`,
      ]) {
        const result = helperEdits(sourceFile(code), retry, helper);
        assert.deepStrictEqual(result, { edits: [], inserted: false }, code);
      }
    });

    it('does not count a name declared inside a function', () => {
      assert.ok(insert('function f() { const retryWithBackoff = 1; return retryWithBackoff; }\n').startsWith(helper.code));
    });

    it('refuses when the file uses another of the helper’s names', () => {
      const result = helperEdits(sourceFile('const RETRY_MAX_ATTEMPTS = 2;\n'), retry, helper);
      assert.ok('error' in result);
      assert.match(result.error, /already declares `RETRY_MAX_ATTEMPTS`/);
    });
  });

  it('insertTopLevel can place a declaration on the next line', () => {
    const text = 'const aBreaker = new CircuitBreaker();\n\nrun();\n';
    const edit = insertTopLevel(text, text.indexOf(';') + 1, 'const bBreaker = new CircuitBreaker();', 1);
    assert.strictEqual(applyEdits(text, [edit]), 'const aBreaker = new CircuitBreaker();\nconst bBreaker = new CircuitBreaker();\n\nrun();\n');
  });
});
