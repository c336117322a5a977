import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { Node as RawNode } from 'web-tree-sitter';
import type { LanguageId } from '../types';
import { languageOfFile } from './languages';
import { SourceParser } from './parser';
import type { Tree } from './syntaxTree';

/**
 * `TreeMemory` reads tree-sitter's internal structs. These tests hold it to tree-sitter's own
 * answers (web-tree-sitter's public API) for every node of every realistic fixture file of the
 * rules, in each grammar, and for text chosen for the corners of the layout: syntax errors,
 * missing tokens, comments (extras), CRLF line ends, non-ASCII text, tokens long enough to leave
 * the inline representation, aliased nodes, and fields inherited through hidden nodes.
 */

const RULES = path.join(__dirname, '..', 'rules');

function fixtureFiles(): Array<{ name: string; language: LanguageId; text: string }> {
  const files: Array<{ name: string; language: LanguageId; text: string }> = [];
  for (const rule of fs.readdirSync(RULES)) {
    const folder = path.join(RULES, rule, 'fixtures');
    if (!fs.existsSync(folder)) continue;
    for (const name of fs.readdirSync(folder)) {
      const language = languageOfFile(name);
      if (language) files.push({ name: `${rule}/${name}`, language, text: fs.readFileSync(path.join(folder, name), 'utf8') });
    }
  }
  return files;
}

const CORNERS: Array<{ name: string; language: LanguageId; text: string }> = [
  {
    name: 'TypeScript corners',
    language: 'typescript',
    text: [
      '// a comment before anything: an extra',
      'import type { A, B as C } from "./types";',
      'export default class Store<T extends { id: string }> implements C {',
      '  /* extra */ private readonly items = new Map<string, T>(); // trailing',
      '  @cached() get size(): number { return this.items.size; }',
      '  label = `naïve — ünïcödé ✓ ${"🚀".repeat(3)} ${this.items.size}`;',
      `  veryLong = '${'x'.repeat(300)}';`,
      '}',
      'outer: for (const [k, v] of Object.entries({ a: 1, b })) { if (!v) continue outer; }',
      'type U = { readonly [key: string]: number | undefined } & Partial<Record<"a", () => void>>;',
      'enum Level { Low = 1, High }',
      'namespace N { export const x = <const>["a"]; }',
      'function f(this: Window, a?: number, ...rest: string[]): asserts a is number {}',
      'const y = a ?? b?.c!.d?.[e] satisfies unknown as never;',
      'const sum = (1 + 2;',
      'function broken( {',
      '  const z = ;',
    ].join('\r\n'),
  },
  {
    name: 'JavaScript and JSX corners',
    language: 'javascriptreact',
    text: [
      '#!/usr/bin/env node',
      "'use strict';",
      'const { a, b: [c, ...d] = [], ...e } = require("m");',
      'export const View = ({ items }) => <ul className="list">{items.map((i) => <li key={i.id}>{i.name}&amp;</li>)}</ul>;',
      'label: { break label; }',
      'class K { static #p = 1; static { K.#p++; } async *gen() { yield* other(); } }',
      'const re = /[a-z]+\\/(?<n>x)/giu, t = tag`a${b}c`;',
      'if (x) y(); else { z( }',
    ].join('\n'),
  },
  {
    name: 'TSX corners',
    language: 'typescriptreact',
    text: 'export function Row<T,>({ item }: { item: T }): JSX.Element {\n  return <Cell<T> value={item as unknown as string} onClick={() => void 0} />;\n}\n',
  },
];

describe('TreeMemory: tree-sitter internals read from memory', () => {
  const parser = new SourceParser();
  before(async () => {
    for (const language of ['typescript', 'typescriptreact', 'javascript', 'javascriptreact'] as const) await parser.load(language);
  });

  const files = [...fixtureFiles(), ...CORNERS];

  it('has realistic files to compare on, in every grammar', () => {
    assert.ok(files.length >= 20, `only ${files.length} files`);
    for (const language of ['typescript', 'javascript', 'typescriptreact', 'javascriptreact']) {
      assert.ok(files.some((file) => file.language === language), `no ${language} file`);
    }
  });

  for (const file of files) {
    it(`answers as tree-sitter does, for every node of ${file.name}`, () => {
      const tree = parser.parse(file.language, file.text);
      try {
        assert.ok(tree.layout, 'the memory reader is not in use');
        compareEveryNode(tree);
      } finally {
        tree.delete();
      }
    });
  }

  it('answers as tree-sitter does on a tree reparsed after an edit, which shares subtrees with the old one', () => {
    const { text } = CORNERS[0];
    const old = parser.parse('typescript', text);
    const at = text.indexOf('private readonly items');
    const edited = `${text.slice(0, at)}/* typed */ ${text.slice(at)}`.replace('enum Level', 'enum Levels');
    const tree = parser.parse('typescript', edited, { tree: old, text });
    try {
      assert.ok(tree.layout, 'the memory reader is not in use');
      compareEveryNode(tree);
      // The old tree is untouched by the edit and still reads right.
      compareEveryNode(old);
    } finally {
      tree.delete();
      old.delete();
    }
  });

  it('answers as tree-sitter does on text broken mid-typing: 30 cuts of a realistic file, each reparsed', () => {
    const file = files.find((f) => f.language === 'typescript' && f.text.length > 2_000)!;
    // A fixed sequence (a linear congruential generator), so that a failure can be replayed.
    let seed = 7;
    const next = (below: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed % below;
    };
    let broken = 0;
    for (let cut = 0; cut < 30; cut++) {
      const start = next(file.text.length);
      const text = file.text.slice(0, start) + file.text.slice(start + 1 + next(40));
      const tree = parser.parse(file.language, text);
      try {
        if (tree.rootNode.hasError) broken++;
        compareEveryNode(tree);
      } finally {
        tree.delete();
      }
    }
    assert.ok(broken >= 10, `only ${broken} of 30 cuts left a syntax error`);
  });

  it('covers the corners it is meant to: aliases, extras, errors, missing and long tokens', () => {
    const seen = new Set<string>();
    for (const file of CORNERS) {
      const tree = parser.parse(file.language, file.text);
      try {
        visitRaw(tree.raw.rootNode, (raw) => {
          if (raw.isExtra) seen.add('extra');
          if (raw.isError) seen.add('error');
          if (raw.isMissing) seen.add('missing');
          if (raw.endIndex - raw.startIndex > 255) seen.add('long');
          if (raw.grammarType !== raw.type) seen.add('alias');
        });
      } finally {
        tree.delete();
      }
    }
    assert.deepStrictEqual([...seen].sort(), ['alias', 'error', 'extra', 'long', 'missing']);
  });
});

function visitRaw(node: RawNode, visit: (node: RawNode) => void): void {
  visit(node);
  for (const child of node.children) if (child) visitRaw(child, visit);
}

/** Every node, reached through web-tree-sitter's API, against the same node read from memory. */
function compareEveryNode(tree: Tree): void {
  const fields = tree.raw.language.fields.filter((field): field is string => field !== null);
  const namedTypes = [...new Set(tree.raw.language.types.filter((type, symbol) => type && tree.raw.language.nodeTypeIsNamed(symbol)))];
  // First, on nodes nothing else has asked about: the walk's own reading of types and ends.
  const root = tree.rootNode;
  const raws = tree.raw.rootNode.descendantsOfType([...namedTypes, 'ERROR']).filter((n): n is RawNode => n !== null && n.isNamed);
  const found = root.descendantsOfType([...namedTypes, 'ERROR']);
  assert.deepStrictEqual(
    found.map((n) => `${n.type}@${n.startIndex}-${n.endIndex}:${n.row}:${n.column}#${n.id}`),
    raws.map((n) => `${n.type}@${n.startIndex}-${n.endIndex}:${n.startPosition.row}:${n.startPosition.column}#${n.id}`),
    'descendants of every named type',
  );
  let count = 0;
  visitRaw(tree.raw.rootNode, (raw) => {
    count++;
    const node = tree.wrap(raw);
    const where = `${raw.type} at ${raw.startIndex}`;
    assert.strictEqual(node.type, raw.type, where);
    assert.strictEqual(node.endIndex, raw.endIndex, where);
    assert.strictEqual(node.isNamed, raw.isNamed, where);
    assert.deepStrictEqual(ids(node.children), ids(raw.children), `${where}: children`);
    assert.deepStrictEqual(ids(node.namedChildren), ids(raw.namedChildren), `${where}: named children`);
    for (const field of fields) assert.strictEqual(node.childForFieldName(field)?.id, raw.childForFieldName(field)?.id, `${where}.${field}`);
    // Positions of what memory found: children carry the positions the walk computed.
    for (const [i, child] of node.children.entries()) {
      assert.strictEqual(child.startIndex, raw.children[i]!.startIndex, `${where}: child ${i} start`);
      assert.deepStrictEqual(child.startPosition, raw.children[i]!.startPosition, `${where}: child ${i} position`);
    }
  });
  assert.ok(count > 50, `only ${count} nodes`);
}

function ids(nodes: ReadonlyArray<{ id: number } | null>): number[] {
  return nodes.map((node) => node?.id ?? 0);
}
