import * as fs from 'fs';
import * as path from 'path';
import { Edit, Language, Parser, type Point } from 'web-tree-sitter';
import type { LanguageId } from '../types';
import { GRAMMAR_FILES } from './languages';
import { NodeCalls } from './nodeCalls';
import { Tree } from './syntaxTree';
import { TreeMemory } from './treeMemory';

export type { SyntaxNode, Tree } from './syntaxTree';

/**
 * web-tree-sitter's runtime is one Emscripten module per process, and Emscripten makes the object
 * given to its first initialisation that module: it then holds the WebAssembly functions that
 * `NodeCalls` calls directly.
 */
let runtime: Promise<RuntimeAccess> | undefined;

/** Ways into the runtime past web-tree-sitter's API: each is undefined when the runtime lacks what it needs. */
interface RuntimeAccess {
  calls?: NodeCalls;
  memory?: TreeMemory;
}

function initRuntime(locateFile: () => string): Promise<RuntimeAccess> {
  return (runtime ??= (async () => {
    const module = { locateFile };
    await Parser.init(module);
    return { calls: NodeCalls.of(module), memory: TreeMemory.of(module) };
  })());
}

/**
 * The only module that talks to tree-sitter. The runtime and each grammar are loaded the first
 * time they are needed (never at extension activation), then kept for the life of the process.
 */
export class SourceParser {
  private access: RuntimeAccess = {};
  private readonly languages = new Map<LanguageId, Promise<Language>>();
  private readonly parsers = new Map<LanguageId, Parser>();

  constructor(private readonly wasmDir: string = defaultWasmDir()) {}

  /** Loads the runtime and the grammar of `language`; cheap after the first call. */
  async load(language: LanguageId): Promise<void> {
    if (this.parsers.has(language)) return;
    this.access = await initRuntime(() => this.wasmPath('web-tree-sitter.wasm'));
    let grammar = this.languages.get(language);
    if (!grammar) {
      grammar = Language.load(this.wasmPath(GRAMMAR_FILES[language]));
      this.languages.set(language, grammar);
    }
    const parser = new Parser();
    parser.setLanguage(await grammar);
    this.parsers.set(language, parser);
  }

  isLoaded(language: LanguageId): boolean {
    return this.parsers.has(language);
  }

  /**
   * Parses `text`. With the previous tree and text of the same document, reparses incrementally:
   * the changed span is found by common prefix and suffix, which is exact for one typed edit and
   * still correct (only less incremental) for several.
   */
  parse(language: LanguageId, text: string, previous?: { tree: Tree; text: string }): Tree {
    const parser = this.parsers.get(language);
    if (!parser) throw new Error(`grammar for ${language} is not loaded; call load() first`);
    if (previous) {
      const old = previous.tree.raw.copy();
      old.edit(describeEdit(previous.text, text));
      const tree = parser.parse(text, old);
      old.delete();
      if (tree) return new Tree(tree, text, this.access.calls, this.access.memory);
    }
    const tree = parser.parse(text);
    if (!tree) throw new Error(`tree-sitter returned no tree for a ${language} file`);
    return new Tree(tree, text, this.access.calls, this.access.memory);
  }

  private wasmPath(file: string): string {
    return path.join(this.wasmDir, file);
  }
}

/** `dist/wasm` beside the bundle; falls back to the npm packages when running from source. */
function defaultWasmDir(): string {
  const bundled = path.join(__dirname, 'wasm');
  if (fs.existsSync(path.join(bundled, 'web-tree-sitter.wasm'))) return bundled;
  return path.join(__dirname, '..', '..', '..', 'dist', 'wasm');
}

/** The single edit that turns `before` into `after`, as tree-sitter wants it. */
export function describeEdit(before: string, after: string): Edit {
  let start = 0;
  const shorter = Math.min(before.length, after.length);
  while (start < shorter && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let oldEnd = before.length;
  let newEnd = after.length;
  while (oldEnd > start && newEnd > start && before.charCodeAt(oldEnd - 1) === after.charCodeAt(newEnd - 1)) {
    oldEnd--;
    newEnd--;
  }
  return new Edit({
    startIndex: start,
    oldEndIndex: oldEnd,
    newEndIndex: newEnd,
    startPosition: pointAt(before, start),
    oldEndPosition: pointAt(before, oldEnd),
    newEndPosition: pointAt(after, newEnd),
  });
}

function pointAt(text: string, index: number): Point {
  let row = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < index; i = text.indexOf('\n', i + 1)) {
    row++;
    lineStart = i + 1;
  }
  return { row, column: index - lineStart };
}
