import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { SourceFile } from '../sourceFile';
import { INDEXED_TYPES, NodeIndex } from './nodeIndex';
import { SourceParser, type SyntaxNode } from './parser';
import { FUNCTION_TYPES, LOOP_TYPES } from './syntax';

/** The index must give exactly what tree-sitter's own walks give, on real code. */
describe('NodeIndex', () => {
  const parser = new SourceParser();
  const code = fs.readFileSync(path.join(__dirname, '..', 'rules', 'require-backoff-jitter', 'fixtures', 'order-client.ts'), 'utf8') +
    '\nconst f = async () => { for (;;) { try { await g(); return; } catch { await h(async () => { await i(); }); } } };\nx(() => y(z()));\n';
  let file: SourceFile;
  let nodes: SyntaxNode[];

  before(async () => {
    await parser.load('typescript');
    file = new SourceFile('/p/a.ts', 'typescript', code, parser.parse('typescript', code));
    nodes = file.root.descendantsOfType([...INDEXED_TYPES]).filter((n): n is SyntaxNode => n !== null);
    file.useIndex(new NodeIndex(nodes, nodes.map((n) => n.type), INDEXED_TYPES));
  });

  const ids = (list: Array<SyntaxNode | null>) => list.map((n) => n?.id);

  it('answers descendants like descendantsOfType, for every indexed root', () => {
    assert.ok(nodes.length > 50);
    for (const types of [['await_expression'], ['call_expression', 'new_expression'], [...LOOP_TYPES], ['arrow_function']]) {
      for (const root of nodes) assert.deepStrictEqual(ids(file.descendants(root, types)), ids(root.descendantsOfType(types)), `${root.type} at ${root.startIndex}`);
    }
  });

  it('answers enclosing like a walk up the parents', () => {
    const others = file.root.descendantsOfType(['identifier', 'string', 'statement_block', 'arguments']).filter((n): n is SyntaxNode => n !== null);
    for (const types of [FUNCTION_TYPES, new Set([...FUNCTION_TYPES, ...LOOP_TYPES]), new Set(['call_expression']), new Set(['return_statement'])]) {
      for (const node of [...nodes, ...others]) {
        let expected: SyntaxNode | null = null;
        for (let p = node.parent; p; p = p.parent) if (types.has(p.type)) { expected = p; break; }
        assert.strictEqual(file.enclosing(node, types)?.id, expected?.id, `${node.type} at ${node.startIndex}`);
      }
    }
  });

  it('falls back to the tree for types it did not collect', () => {
    const identifiers = file.descendants(file.root, ['identifier']);
    assert.strictEqual(identifiers.length, file.root.descendantsOfType('identifier').length);
  });
});
