import { BindingResolver } from './parse/bindings';
import { NodeIndex } from './parse/nodeIndex';
import type { SyntaxNode, Tree } from './parse/parser';
import { WordIndex } from './parse/wordIndex';
import type { LanguageId } from './types';

/** What the engine knows about the project a file belongs to (its nearest `package.json`). */
export interface ProjectInfo {
  /** Names from `dependencies`, `devDependencies`, `peerDependencies` and `optionalDependencies`. */
  dependencies: ReadonlySet<string>;
  /** The folder of that package.json, when one was found; else the root of the git repository holding the file. */
  root?: string;
  /** The package's `name` (`@acme/testing`). */
  name?: string;
}

export const EMPTY_PROJECT: ProjectInfo = { dependencies: new Set() };

/**
 * One fact per file (the modules it imports, its request handlers), kept on the file itself, so
 * it goes when the analysis disposes of the file, rather than in a `WeakMap` that holds it until
 * the garbage collector notices the file is gone.
 */
export class FileCache<V> {
  get(file: SourceFile): V | undefined {
    return file.caches.get(this) as V | undefined;
  }

  set(file: SourceFile, value: V): void {
    file.caches.set(this, value);
  }
}

/** One parsed file, as rules see it. */
export class SourceFile {
  readonly resolver: BindingResolver;
  private lineStarts: number[] | undefined;
  private index: NodeIndex | undefined;
  private readonly coverage = new Map<ReadonlySet<string>, boolean>();
  private words: WordIndex | undefined;
  private moduleStatementList: SyntaxNode[] | undefined;
  private readonly memos = new Map<string, Map<number | string, unknown>>();
  /** The values of `FileCache`s for this file. */
  readonly caches = new Map<FileCache<unknown>, unknown>();

  constructor(
    readonly path: string,
    readonly language: LanguageId,
    readonly text: string,
    readonly tree: Tree,
    readonly project: ProjectInfo = EMPTY_PROJECT,
  ) {
    this.resolver = new BindingResolver({
      text,
      root: () => tree.rootNode,
      enclosing: (node, types) => this.enclosing(node, types),
      occurrences: (word) => this.occurrences(word),
      enclosingSpan: (start, end, types) => (this.index && this.indexCovers(types) ? (this.index.enclosingSpan(start, end, types) ?? null) : undefined),
    });
  }

  get root(): SyntaxNode {
    return this.tree.rootNode;
  }

  /** Gives the file the nodes of one walk (see `INDEXED_TYPES`), so `descendants` and `enclosing` need no further walk. */
  useIndex(index: NodeIndex): void {
    this.index = index;
    this.coverage.clear();
  }

  /**
   * Nodes of `types` inside `root` (itself included), in source order: the same answer as
   * `root.descendantsOfType(types)`, from the walk's index when it holds those types.
   */
  descendants(root: SyntaxNode, types: string | readonly string[]): SyntaxNode[] {
    const list = typeof types === 'string' ? [types] : types;
    if (this.index?.covers(list)) return this.index.descendants(root, list);
    return root.descendantsOfType(list as string[]).filter((n): n is SyntaxNode => n !== null);
  }

  /** The nearest ancestor of `node` whose type is in `types`; from the index when it holds them. */
  enclosing(node: SyntaxNode, types: ReadonlySet<string>): SyntaxNode | null {
    if (this.index && this.indexCovers(types)) return this.index.enclosing(node, types) ?? null;
    for (let p = node.parent; p; p = p.parent) if (types.has(p.type)) return p;
    return null;
  }

  /** Where `word` stands in the text as a whole word (strings and comments included), in order. */
  occurrences(word: string): readonly number[] {
    this.words ??= new WordIndex(this.text);
    return this.words.occurrences(word);
  }

  /**
   * The top-level statements that can import or require a module: those holding the word `import`
   * or `require`. Found from the text, so that learning a file's modules does not read every
   * statement of a long file.
   */
  moduleStatements(): readonly SyntaxNode[] {
    if (!this.moduleStatementList) {
      const found = new Map<number, SyntaxNode>();
      const at = [...this.occurrences('import'), ...this.occurrences('require')].sort((a, b) => a - b);
      const root = this.root;
      for (const offset of at) {
        let node = root.descendantForIndex(offset);
        while (node && node.parent && node.parent.id !== root.id) node = node.parent;
        if (node && node.id !== root.id && !found.has(node.id)) found.set(node.id, node);
      }
      this.moduleStatementList = [...found.values()];
    }
    return this.moduleStatementList;
  }

  /** Whether the index holds every type of `types`; remembered per set (the sets are constants). */
  private indexCovers(types: ReadonlySet<string>): boolean {
    let covered = this.coverage.get(types);
    if (covered === undefined) {
      covered = this.index!.covers([...types]);
      this.coverage.set(types, covered);
    }
    return covered;
  }

  /**
   * Computes a fact about this file once: rules that need the same answer (is this call retried?
   * is this `try` a retry loop?) share it instead of each walking the tree again.
   */
  memo<T>(topic: string, key: number | string, compute: () => T): T {
    let table = this.memos.get(topic);
    if (!table) this.memos.set(topic, (table = new Map()));
    if (table.has(key)) return table.get(key) as T;
    const value = compute();
    table.set(key, value);
    return value;
  }

  /**
   * Lets go of everything the analysis remembered about this file. The engine calls it when an
   * analysis ends: a long analysis outlives a young-generation collection, and remembered facts
   * held by promoted objects would keep the rest alive until a full collection.
   */
  dispose(): void {
    this.memos.clear();
    this.caches.clear();
    this.coverage.clear();
    this.index = undefined;
    this.words = undefined;
    this.moduleStatementList = undefined;
    this.resolver.clear();
  }

  /** Zero-based line of an offset. */
  lineOf(offset: number): number {
    const starts = (this.lineStarts ??= computeLineStarts(this.text));
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    return low;
  }
}

export function computeLineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}
