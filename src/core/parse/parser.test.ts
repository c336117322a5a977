import * as assert from 'assert';
import { describeEdit, SourceParser } from './parser';

describe('SourceParser', () => {
  const parser = new SourceParser();
  before(() => parser.load('typescript'));

  it('describes one typed character as a single edit', () => {
    const edit = describeEdit('const a = 1;\nconst b = 2;\n', 'const a = 1;\nconst b = 23;\n');
    assert.deepStrictEqual(
      [edit.startIndex, edit.oldEndIndex, edit.newEndIndex, edit.startPosition, edit.newEndPosition],
      [24, 24, 25, { row: 1, column: 11 }, { row: 1, column: 12 }],
    );
  });

  it('reparses incrementally to the same tree as a fresh parse', () => {
    const before = 'export function f() {\n  return fetch(url);\n}\n';
    const after = 'export function f() {\n  return fetch(url, { signal });\n}\n';
    const first = parser.parse('typescript', before);
    const incremental = parser.parse('typescript', after, { tree: first, text: before });
    const fresh = parser.parse('typescript', after);
    assert.strictEqual(incremental.rootNode.toString(), fresh.rootNode.toString());
    for (const t of [first, incremental, fresh]) t.delete();
  });

  it('recovers from a syntax error mid-typing', () => {
    const tree = parser.parse('typescript', 'const x = fetch(url);\nfunction broken( {\nconst y = 2;\n');
    assert.ok(tree.rootNode.hasError);
    assert.strictEqual(tree.rootNode.descendantsOfType('call_expression').length, 1);
    tree.delete();
  });

  it('refuses to parse a language it has not loaded', () => {
    assert.throws(() => new SourceParser().parse('javascript', 'x'), /not loaded/);
  });
});
