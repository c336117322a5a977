import * as assert from 'assert';
import type { Node as RawNode } from 'web-tree-sitter';
import { SourceParser } from './parser';
import { Tree, type SyntaxNode } from './syntaxTree';

/**
 * `SyntaxNode` answers from its memory and asks tree-sitter through one shared node object that it
 * points at each node in turn (`Tree.probe`), and it infers parents from the way a node was reached.
 * These tests compare every answer, for every node of real code, with web-tree-sitter's own nodes.
 */

const SOURCE = `import axios from 'axios';
import { retry, handleAll, ExponentialBackoff } from 'cockatiel';

const policy = retry(handleAll, { maxAttempts: 3, backoff: new ExponentialBackoff() });

export class PricingClient<T extends { id: string }> {
  private readonly http = axios.create({ baseURL: process.env.PRICING_URL, timeout: 2_000 });

  async price(sku: string, attempt = 0): Promise<number> {
    for (let i = 0; i < 3; i++) {
      try {
        const { data } = await this.http.get<{ cents: number }>(\`/prices/\${encodeURIComponent(sku)}\`);
        return data.cents;
      } catch (error) {
        if (i === 2) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** i));
      }
    }
    return attempt;
  }
}

export const handler = async (event: { body?: string }) => policy.execute(async () => ({ ok: !!event.body?.length, note: 'naïve — ünïcödé ✓' }));
function broken( {
`;

const FIELDS = ['function', 'arguments', 'object', 'property', 'name', 'value', 'body', 'left', 'right', 'handler', 'parameters', 'condition', 'key', 'source'];

for (const mode of ['runtime memory', 'direct runtime calls', "web-tree-sitter's API"] as const) {
  describe(`SyntaxNode, through ${mode}`, () => {
    const parser = new SourceParser();
    let tree: Tree;
    before(async () => {
      await parser.load('typescript');
    });
    beforeEach(() => {
      const parsed = parser.parse('typescript', SOURCE);
      if (mode === 'runtime memory') tree = parsed;
      else tree = new Tree(parsed.raw, SOURCE, mode === 'direct runtime calls' ? parsed.calls : undefined);
    });
    afterEach(() => tree.delete());

    /** Every node, reached from the root through children, in pre-order. */
    function everyNode(): SyntaxNode[] {
      const nodes: SyntaxNode[] = [];
      const visit = (node: SyntaxNode) => {
        nodes.push(node);
        for (const child of node.children) visit(child);
      };
      visit(tree.rootNode);
      return nodes;
    }

    /** web-tree-sitter's own node at the same place, found from a fresh root. */
    function rawTwin(node: SyntaxNode): RawNode {
      const candidates = tree.raw.rootNode.descendantsOfType(node.type).filter((n): n is RawNode => n !== null);
      const found = candidates.find((n) => n.id === node.id) ?? (node.type === 'program' ? tree.raw.rootNode : undefined);
      if (found) return found;
      // Anonymous nodes (punctuation) are not returned by descendantsOfType: go through the parent.
      const parent = rawTwin(node.parent!);
      const twin = parent.children.find((c) => c?.id === node.id);
      assert.ok(twin, `no twin for ${node.type} at ${node.startIndex}`);
      return twin;
    }

    it('asks the runtime directly, or not at all (a web-tree-sitter upgrade that breaks this falls back to its API: slower, not wrong)', () => {
      assert.strictEqual(tree.calls !== undefined, mode !== "web-tree-sitter's API", 'NodeCalls.of found a runtime function missing');
    });

    it('reads the runtime memory only in its mode (a layout that reads differently from the public API falls back to calls)', () => {
      assert.strictEqual(tree.layout !== null, mode === 'runtime memory', 'TreeMemory found the language struct unlike the public API');
    });

    it('answers as web-tree-sitter does, for every node of a file (errors and non-ASCII text included)', () => {
      const nodes = everyNode();
      assert.ok(nodes.length > 300, `walked only ${nodes.length} nodes`);
      // Interleave questions about different nodes: the shared probe must be re-pointed every time.
      for (const node of [...nodes].reverse()) {
        const raw = rawTwin(node);
        const where = `${node.type} at ${node.startIndex}`;
        assert.strictEqual(node.type, raw.type, where);
        assert.strictEqual(node.endIndex, raw.endIndex, where);
        assert.strictEqual(node.text, raw.text, where);
        assert.deepStrictEqual(node.startPosition, raw.startPosition, where);
        assert.deepStrictEqual(node.endPosition, raw.endPosition, where);
        assert.strictEqual(node.parent?.id, raw.parent?.id, where);
        assert.deepStrictEqual(node.namedChildren.map((c) => c.id), raw.namedChildren.map((c) => c?.id), where);
        assert.strictEqual(node.hasError, raw.hasError, where);
        assert.strictEqual(node.isNamed, raw.isNamed, where);
        assert.strictEqual(node.isMissing, raw.isMissing, where);
        assert.strictEqual(node.nextSibling?.id, raw.nextSibling?.id, where);
        assert.strictEqual(node.previousNamedSibling?.id, raw.previousNamedSibling?.id, where);
        for (const field of FIELDS) assert.strictEqual(node.childForFieldName(field)?.id, raw.childForFieldName(field)?.id, `${where}.${field}`);
      }
    });

    it('finds the same descendants as web-tree-sitter, less the anonymous tokens, from any node', () => {
      const lists = [['call_expression'], ['string', 'template_string', 'identifier'], ['ERROR', 'arrow_function'], ['number', 'class', 'import_statement'], ['no_such_type']];
      const starts = [tree.rootNode, ...tree.rootNode.descendantsOfType(['class_declaration', 'arrow_function'])];
      assert.ok(starts.length >= 3);
      for (const start of starts) {
        const raw = rawTwin(start);
        for (const types of lists) {
          const expected = raw.descendantsOfType(types).filter((n): n is RawNode => n !== null && (n.isNamed || !['string', 'number', 'class'].includes(n.type)));
          assert.deepStrictEqual(start.descendantsOfType(types).map((n) => n.id), expected.map((n) => n.id), `${types.join(',')} from ${start.type}`);
        }
      }
      assert.ok(tree.rootNode.descendantsOfType('ERROR').length > 0, 'the sample has a syntax error');
    });

    it('infers the parent of a node reached from it, and asks tree-sitter otherwise', () => {
      const call = tree.rootNode.descendantsOfType('call_expression')[0];
      const viaField = call.childForFieldName('arguments')!;
      assert.strictEqual(viaField.parent, call);
      // A node found by position has no known parent: it is asked for, and is the same object.
      const found = tree.rootNode.descendantForIndex(viaField.startIndex + 1)!;
      assert.strictEqual(found.text, 'handleAll');
      assert.strictEqual(found.parent, viaField);
    });

    it('hands out one object per node, however it is reached', () => {
      const declaration = tree.rootNode.descendantsOfType('lexical_declaration')[0];
      const declarator = declaration.namedChildren[0];
      assert.strictEqual(declarator.parent, declaration);
      assert.strictEqual(tree.rootNode.descendantsOfType('variable_declarator')[0], declarator);
      assert.strictEqual(declarator.childForFieldName('value')?.parent, declarator);
      assert.ok(declarator.equals(declaration.namedChild(0)!));
    });

    it('finds named nodes only: the `string` keyword of a type annotation is not a string literal', () => {
      const strings = tree.rootNode.descendantsOfType(['string', 'template_string']).filter((n) => n.type === 'string');
      assert.ok(strings.length > 0);
      for (const node of strings) assert.match(node.text, /^['"]/, `${node.text} at ${node.startIndex}`);
      // web-tree-sitter itself returns the keywords too: the filter is what keeps them out.
      const raw = tree.raw.rootNode.descendantsOfType('string').filter((n) => n !== null);
      assert.ok(raw.length > strings.length, 'the sample must hold a `string` type keyword');
    });

    it('asks tree-sitter for the parent of a node found by a search, and gets the right one', () => {
      for (const node of tree.rootNode.descendantsOfType(['identifier', 'call_expression', 'string', 'property_identifier'])) {
        const raw = tree.raw.rootNode.descendantForIndex(node.startIndex, node.endIndex)!;
        let twin: RawNode | null = raw;
        while (twin && twin.id !== node.id) twin = twin.parent;
        assert.ok(twin, `no twin for ${node.type} at ${node.startIndex}`);
        assert.strictEqual(node.parent?.id, twin.parent?.id, `${node.type} at ${node.startIndex}`);
        assert.strictEqual(node.parent?.type, twin.parent?.type);
      }
    });

    // Only direct calls allocate child lists themselves.
    if (mode === 'direct runtime calls') it('frees the child lists the runtime allocates', () => {
      const big = parser.parse('typescript', SOURCE.repeat(30));
      try {
        const readAll = () => {
          big.releaseNodes();
          const visit = (node: SyntaxNode): number => node.children.reduce((sum, child) => sum + visit(child), node.namedChildren.length);
          return visit(big.rootNode);
        };
        readAll();
        const before = big.calls!.memoryBytes;
        // About 40 MB of child lists in all: kept, they would grow the runtime's memory.
        for (let round = 0; round < 100; round++) readAll();
        assert.strictEqual(big.calls!.memoryBytes, before);
      } finally {
        big.delete();
      }
    });

    it('hands out fresh objects after releaseNodes, with the same answers', () => {
      const before = tree.rootNode.descendantsOfType('arrow_function')[0];
      const { id, text } = before;
      tree.releaseNodes();
      const after = tree.rootNode.descendantsOfType('arrow_function')[0];
      assert.notStrictEqual(after, before);
      assert.strictEqual(after.id, id);
      assert.strictEqual(after.text, text);
    });
  });
}
