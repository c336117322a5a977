import type { Language, Node as RawNode, Point, Tree as RawTree } from 'web-tree-sitter';
import type { Intern, NodeCalls } from './nodeCalls';
import { ERROR_SYMBOL, type InternRead, type LanguageLayout, type TreeMemory } from './treeMemory';

/**
 * Every read of a web-tree-sitter node (its type, its end, a field, its parent) is a call into
 * WebAssembly that copies the node into a transfer buffer first, and every answer that is a node
 * is a new object. Twenty rules look at the same calls, so the same facts were fetched again and
 * again: on a 2,000-line service, 64,000 calls for 18,000 distinct answers.
 *
 * `Tree` and `SyntaxNode` mirror the part of web-tree-sitter's API the engine uses, but intern
 * nodes by id (one object per node of a tree) and remember each answer, so a fact costs one call
 * for the life of the tree. A tree is never edited in place (the engine edits a copy to reparse),
 * so a remembered answer cannot go stale.
 */
export class Tree {
  /**
   * The nodes handed out, found by start offset: `heads[start]` is 1 + the index in `nodes` of the
   * last node interned at that offset, and `earlier[i]` leads from node i to the one interned there
   * before it (nested nodes share a start). A lookup is an array read and an id or two to compare,
   * where a Map keyed by id had to hash; interning is the hottest path of an analysis.
   */
  private readonly nodes: SyntaxNode[] = [];
  private readonly earlier: number[] = [];
  /** Allocated on first use and dropped by `releaseNodes`: a document's kept tree holds none. */
  private heads: Int32Array | undefined;
  private root: SyntaxNode | undefined;
  private probeNode: ProbeNode | undefined;
  /** Type names that are both a named node and an anonymous token: `string` is also the keyword in `x: string`. */
  readonly ambiguousTypes: ReadonlySet<string>;

  /** The tree's address in the runtime's memory, for `calls`. */
  readonly address: number;
  /** Type names by symbol, and field ids by name, of the tree's language. */
  readonly typeNames: readonly string[];
  private readonly fieldIds = new Map<string, number>();
  private readonly symbolLists = new Map<string, readonly number[]>();
  private readonly wantedTables = new Map<string, WantedSymbols>();
  /** The tree's language as `memory` reads it; null when it reads differently from the public API (then calls answer). */
  readonly layout: LanguageLayout | null;

  /**
   * `source` is the text that was parsed: node text is sliced from it instead of asked for.
   * `calls`: direct calls into the runtime (see nodeCalls.ts); without them, web-tree-sitter's API.
   * `memory`: reads of the runtime's memory (see treeMemory.ts), used with `calls` only.
   */
  constructor(
    readonly raw: RawTree,
    readonly source: string,
    readonly calls?: NodeCalls,
    readonly memory?: TreeMemory,
  ) {
    this.ambiguousTypes = ambiguousTypesOf(raw.language);
    this.address = (raw as unknown as { 0: number })[0];
    this.typeNames = raw.language.types;
    this.layout = calls && memory ? memory.layoutOf(this.address, raw.language) : null;
  }

  /** The one `SyntaxNode` of this tree for the node these words name. */
  readonly intern: Intern<SyntaxNode> = (id, startIndex, row, column, other) => {
    // A node may start at the very end (a zero-width node where the text ends): one more slot.
    const heads = (this.heads ??= new Int32Array(this.source.length + 1));
    for (let i = heads[startIndex]; i > 0; i = this.earlier[i - 1]) {
      const node = this.nodes[i - 1];
      if (node.id === id) return node;
    }
    const node = new SyntaxNode(this, id, startIndex, row, column, other);
    this.nodes.push(node);
    this.earlier.push(heads[startIndex]);
    heads[startIndex] = this.nodes.length;
    return node;
  };

  /** `intern`, for a node read from memory: its type and end come with it. */
  readonly internRead: InternRead<SyntaxNode> = (id, startIndex, row, column, other, symbol, endIndex) => {
    const node = this.intern(id, startIndex, row, column, other);
    node.learn(this.typeNames[symbol] || 'ERROR', endIndex);
    return node;
  };

  /**
   * The symbols of the named node types in `types` (the `ERROR` node included when asked for):
   * a name that is also an anonymous token (`string`) stands for the named node only.
   */
  symbolsOf(types: readonly string[]): readonly number[] {
    const key = types.join('\u0000');
    let symbols = this.symbolLists.get(key);
    if (!symbols) {
      const language = this.raw.language;
      const found: number[] = [];
      for (let symbol = 0; symbol < this.typeNames.length; symbol++) {
        const name = this.typeNames[symbol];
        if (name && types.includes(name) && (!this.ambiguousTypes.has(name) || language.nodeTypeIsNamed(symbol))) found.push(symbol);
      }
      if (types.includes('ERROR')) found.push(ERROR_SYMBOL);
      symbols = found;
      this.symbolLists.set(key, symbols);
    }
    return symbols;
  }

  /** `symbolsOf(types)` as a table by symbol, for `TreeMemory.descendants`. */
  wantedSymbols(types: readonly string[]): WantedSymbols {
    const key = types.join('\u0000');
    let wanted = this.wantedTables.get(key);
    if (!wanted) {
      const table = new Uint8Array(this.typeNames.length);
      let error = false;
      for (const symbol of this.symbolsOf(types)) {
        if (symbol === ERROR_SYMBOL) error = true;
        // The walk passes hidden nodes without asking: only a visible symbol may be wanted.
        else if (this.raw.language.nodeTypeIsVisible(symbol)) table[symbol] = 1;
      }
      wanted = { table, error };
      this.wantedTables.set(key, wanted);
    }
    return wanted;
  }

  /** The id of a field name in the tree's language; -1 when it has none of that name. */
  fieldId(name: string): number {
    let id = this.fieldIds.get(name);
    if (id === undefined) {
      id = this.raw.language.fields.indexOf(name);
      this.fieldIds.set(name, id);
    }
    return id;
  }

  get rootNode(): SyntaxNode {
    return (this.root ??= this.wrap(this.raw.rootNode, null));
  }

  /** The one `SyntaxNode` of this tree for a web-tree-sitter node. */
  wrap(raw: RawNode, parent?: SyntaxNode | null): SyntaxNode;
  wrap(raw: RawNode | null, parent?: SyntaxNode | null): SyntaxNode | null;
  /**
   * `parent`, when the node was reached from it (a child, a field): then the node's parent is
   * known for free, where asking tree-sitter walks down from the root again.
   */
  wrap(raw: RawNode | null, parent?: SyntaxNode | null): SyntaxNode | null {
    if (raw === null) return null;
    const node = this.intern(raw.id, raw.startIndex, raw.startPosition.row, raw.startPosition.column, (raw as unknown as ProbeNode)[0]);
    if (parent !== undefined) node.adopt(parent);
    return node;
  }

  wrapAll(raws: ReadonlyArray<RawNode | null>, parent?: SyntaxNode | null): SyntaxNode[] {
    const nodes: SyntaxNode[] = [];
    for (const raw of raws) if (raw !== null) nodes.push(this.wrap(raw, parent));
    return nodes;
  }

  /**
   * The tree's one web-tree-sitter node object, pointed at `node` for a call. A web-tree-sitter
   * node is only the five numbers it copies into WebAssembly memory before each call (id, start
   * index, start row and column, and an internal word) plus two child caches; keeping one node
   * object per `SyntaxNode` held three objects per node for the life of the analysis, and their
   * survival through young-generation collections cost more than all the calls. This relies on
   * web-tree-sitter's internal field names, so the version is pinned exactly in package.json and
   * syntaxTree.test.ts checks every answer, for every node of a file, against fresh nodes.
   */
  probe(node: SyntaxNode): RawNode {
    const probe = (this.probeNode ??= this.raw.rootNode as unknown as ProbeNode);
    probe.id = node.id;
    probe.startIndex = node.startIndex;
    probe.startPosition.row = node.row;
    probe.startPosition.column = node.column;
    probe[0] = node.other;
    probe._children = undefined;
    probe._namedChildren = undefined;
    return probe as unknown as RawNode;
  }

  /**
   * Forgets the nodes handed out so far and their remembered answers; the tree itself stays
   * usable. The links between nodes are cut one by one: a node that outlived a young-generation
   * collection would otherwise keep every node it points to alive until a full collection.
   */
  releaseNodes(): void {
    for (const node of this.nodes) node.forget();
    this.nodes.length = 0;
    this.earlier.length = 0;
    this.heads = undefined;
    this.root = undefined;
  }

  /** Frees the WebAssembly memory of the tree; its nodes must not be used afterwards. */
  delete(): void {
    this.releaseNodes();
    this.raw.delete();
  }
}

/** Symbols asked for, marked in a table by symbol; the `ERROR` symbol (65535) apart. */
interface WantedSymbols {
  readonly table: Uint8Array;
  readonly error: boolean;
}


const ambiguousTypesByLanguage = new WeakMap<Language, ReadonlySet<string>>();

function ambiguousTypesOf(language: Language): ReadonlySet<string> {
  let ambiguous = ambiguousTypesByLanguage.get(language);
  if (!ambiguous) {
    const named = new Set<string>();
    const anonymous = new Set<string>();
    for (let id = 0; id < language.nodeTypeCount; id++) {
      const name = language.types[id];
      if (name) (language.nodeTypeIsNamed(id) ? named : anonymous).add(name);
    }
    ambiguous = new Set([...named].filter((name) => anonymous.has(name)));
    ambiguousTypesByLanguage.set(language, ambiguous);
  }
  return ambiguous;
}

/**
 * A fact derived from nodes (the callee of a call, its arguments), kept on each node for the
 * life of its tree: what a `WeakMap` keyed by node was, without the garbage collector's cost.
 */
export class NodeCache<V> {
  get(node: SyntaxNode): V | undefined {
    return node.cached(this) as V | undefined;
  }

  set(node: SyntaxNode, value: V): void {
    node.cache(this, value);
  }
}

/** The fields of a web-tree-sitter node that say which node it is; see `Tree.probe`. */
interface ProbeNode {
  id: number;
  startIndex: number;
  startPosition: { row: number; column: number };
  0: number;
  _children: unknown;
  _namedChildren: unknown;
}

interface RareAnswers {
  next?: SyntaxNode | null;
  previous?: SyntaxNode | null;
  nextNamed?: SyntaxNode | null;
  previousNamed?: SyntaxNode | null;
  errorInside?: boolean;
  missing?: boolean;
  error?: boolean;
}

/** Marks an answer not asked for yet (`null` is a real answer: no parent, no such field). */
const UNKNOWN = undefined;

/** A node of a `Tree`: the subset of web-tree-sitter's `Node` the engine uses, each answer remembered. */
export class SyntaxNode {
  readonly id: number;
  readonly startIndex: number;
  readonly row: number;
  readonly column: number;
  readonly other: number;

  private typeName: string | undefined;
  private end: number | undefined;
  private textValue: string | undefined;
  private parentNode: SyntaxNode | null | undefined = UNKNOWN;
  private childList: SyntaxNode[] | undefined;
  private namedChildList: SyntaxNode[] | undefined;
  /**
   * Field answers: the first in two slots (most nodes are asked for one field, and an array would
   * cost more than the node), the others as name, node, name, node...
   */
  private firstField: string | undefined;
  private firstFieldNode: SyntaxNode | null | undefined;
  private fields: Array<string | SyntaxNode | null> | undefined;
  private named: boolean | undefined;
  /** Answers few nodes are asked for (siblings, errors), apart: most nodes never need the room. */
  private rare: RareAnswers | undefined;
  /** `NodeCache` values as cache, value, cache, value... */
  private caches: unknown[] | undefined;

  constructor(
    readonly tree: Tree,
    id: number,
    startIndex: number,
    row: number,
    column: number,
    other: number,
  ) {
    this.id = id;
    this.startIndex = startIndex;
    this.row = row;
    this.column = column;
    this.other = other;
  }

  get startPosition(): Point {
    return { row: this.row, column: this.column };
  }

  private get raw(): RawNode {
    return this.tree.probe(this);
  }

  get type(): string {
    if (this.typeName === undefined) {
      const { calls, layout } = this.tree;
      if (layout) this.typeName = this.tree.typeNames[this.tree.memory!.symbol(this)] || 'ERROR';
      else this.typeName = calls ? this.tree.typeNames[calls.symbol(this.tree.address, this)] || 'ERROR' : this.raw.type;
    }
    return this.typeName;
  }

  get endIndex(): number {
    if (this.end === undefined) {
      const { calls, layout } = this.tree;
      if (layout) this.end = this.tree.memory!.endIndex(this);
      else this.end = calls ? calls.endIndex(this.tree.address, this) : this.raw.endIndex;
    }
    return this.end;
  }

  get endPosition(): Point {
    return this.raw.endPosition;
  }

  get text(): string {
    return (this.textValue ??= this.tree.source.slice(this.startIndex, this.endIndex));
  }

  get parent(): SyntaxNode | null {
    if (this.parentNode === UNKNOWN) {
      const { calls } = this.tree;
      this.parentNode = calls ? calls.parent(this.tree.address, this, this.tree.intern) : this.tree.wrap(this.raw.parent);
    }
    return this.parentNode;
  }

  get children(): SyntaxNode[] {
    return (this.childList ??= this.readChildren(false));
  }

  get namedChildren(): SyntaxNode[] {
    return (this.namedChildList ??= this.readChildren(true));
  }

  private readChildren(named: boolean): SyntaxNode[] {
    const { calls, layout } = this.tree;
    if (!calls) return this.tree.wrapAll(named ? this.raw.namedChildren : this.raw.children, this);
    const children = layout ? this.tree.memory!.children(this, named, layout, this.tree.internRead) : calls.children(this.tree.address, this, named, this.tree.intern);
    for (const child of children) child.adopt(this);
    return children;
  }

  get childCount(): number {
    return this.children.length;
  }

  get namedChildCount(): number {
    return this.namedChildren.length;
  }

  child(index: number): SyntaxNode | null {
    return this.children[index] ?? null;
  }

  namedChild(index: number): SyntaxNode | null {
    return this.namedChildren[index] ?? null;
  }

  get firstChild(): SyntaxNode | null {
    return this.child(0);
  }

  get lastChild(): SyntaxNode | null {
    return this.child(this.childCount - 1);
  }

  get firstNamedChild(): SyntaxNode | null {
    return this.namedChild(0);
  }

  get lastNamedChild(): SyntaxNode | null {
    return this.namedChild(this.namedChildCount - 1);
  }

  childForFieldName(name: string): SyntaxNode | null {
    if (this.firstField === name) return this.firstFieldNode as SyntaxNode | null;
    const fields = this.fields;
    if (fields) for (let i = 0; i < fields.length; i += 2) if (fields[i] === name) return fields[i + 1] as SyntaxNode | null;
    const { calls, layout } = this.tree;
    let child: SyntaxNode | null;
    if (calls) {
      const field = this.tree.fieldId(name);
      if (field < 0) child = null;
      else child = layout ? this.tree.memory!.childByField(this, field, layout, this.tree.internRead) : calls.childByField(this.tree.address, this, field, this.tree.intern);
      child?.adopt(this);
    } else {
      child = this.tree.wrap(this.raw.childForFieldName(name), this);
    }
    if (this.firstField === undefined) {
      this.firstField = name;
      this.firstFieldNode = child;
    } else if (fields) {
      fields.push(name, child);
    } else {
      this.fields = [name, child];
    }
    return child;
  }

  childrenForFieldName(name: string): SyntaxNode[] {
    return this.tree.wrapAll(this.raw.childrenForFieldName(name), this);
  }

  get nextSibling(): SyntaxNode | null {
    const rare = (this.rare ??= {});
    if (rare.next === UNKNOWN) rare.next = this.tree.wrap(this.raw.nextSibling, this.parentNode);
    return rare.next;
  }

  get previousSibling(): SyntaxNode | null {
    const rare = (this.rare ??= {});
    if (rare.previous === UNKNOWN) rare.previous = this.tree.wrap(this.raw.previousSibling, this.parentNode);
    return rare.previous;
  }

  get nextNamedSibling(): SyntaxNode | null {
    const rare = (this.rare ??= {});
    if (rare.nextNamed === UNKNOWN) rare.nextNamed = this.tree.wrap(this.raw.nextNamedSibling, this.parentNode);
    return rare.nextNamed;
  }

  get previousNamedSibling(): SyntaxNode | null {
    const rare = (this.rare ??= {});
    if (rare.previousNamed === UNKNOWN) rare.previousNamed = this.tree.wrap(this.raw.previousNamedSibling, this.parentNode);
    return rare.previousNamed;
  }

  get hasError(): boolean {
    const rare = (this.rare ??= {});
    return (rare.errorInside ??= this.raw.hasError);
  }

  get isMissing(): boolean {
    const rare = (this.rare ??= {});
    return (rare.missing ??= this.raw.isMissing);
  }

  get isNamed(): boolean {
    if (this.named === undefined) {
      const { calls, layout } = this.tree;
      if (layout) this.named = this.tree.memory!.isNamed(this, layout);
      else this.named = calls ? calls.isNamed(this.tree.address, this) : this.raw.isNamed;
    }
    return this.named;
  }

  get isError(): boolean {
    const rare = (this.rare ??= {});
    return (rare.error ??= this.raw.isError);
  }

  /**
   * Named descendants of `types`, this node included, in source order. web-tree-sitter also
   * returns the anonymous tokens spelled like a type: asked for `string`, it gives every `string`
   * keyword of the type annotations with the string literals; those are left out here.
   */
  descendantsOfType(types: string | readonly string[], startPosition?: Point, endPosition?: Point): SyntaxNode[] {
    const list = typeof types === 'string' ? [types] : (types as string[]);
    const { calls, layout } = this.tree;
    if (layout && !startPosition && !endPosition) {
      const wanted = this.tree.wantedSymbols(list);
      return this.tree.memory!.descendants(this, layout, wanted.table, wanted.error, this.tree.internRead);
    }
    if (calls && !startPosition && !endPosition) return calls.descendantsOfSymbols(this.tree.address, this, this.tree.symbolsOf(list), this.tree.intern);
    const found = this.tree.wrapAll(this.raw.descendantsOfType(list, startPosition, endPosition));
    const ambiguous = this.tree.ambiguousTypes;
    if (!list.some((type) => ambiguous.has(type))) return found;
    return found.filter((node) => !ambiguous.has(node.type) || node.isNamed);
  }

  descendantForIndex(start: number, end?: number): SyntaxNode | null {
    return this.tree.wrap(this.raw.descendantForIndex(start, end));
  }

  namedDescendantForIndex(start: number, end?: number): SyntaxNode | null {
    return this.tree.wrap(this.raw.namedDescendantForIndex(start, end));
  }

  /** Records the type and end read with the node (from memory), unless known already. */
  learn(type: string, end: number): void {
    this.typeName ??= type;
    this.end ??= end;
  }

  /** Records `parent` as this node's parent, when it was reached from there. */
  adopt(parent: SyntaxNode | null): void {
    if (this.parentNode === UNKNOWN) this.parentNode = parent;
  }

  /** The value `cache` holds for this node; see `NodeCache`. */
  cached(cache: NodeCache<unknown>): unknown {
    const caches = this.caches;
    if (caches) for (let i = 0; i < caches.length; i += 2) if (caches[i] === cache) return caches[i + 1];
    return undefined;
  }

  cache(cache: NodeCache<unknown>, value: unknown): void {
    const caches = (this.caches ??= []);
    for (let i = 0; i < caches.length; i += 2) {
      if (caches[i] === cache) {
        caches[i + 1] = value;
        return;
      }
    }
    caches.push(cache, value);
  }

  /** Drops the remembered answers (see `Tree.delete`). */
  forget(): void {
    this.caches = undefined;
    this.parentNode = UNKNOWN;
    this.childList = undefined;
    this.namedChildList = undefined;
    this.firstField = undefined;
    this.firstFieldNode = undefined;
    this.fields = undefined;
    this.rare = undefined;
  }

  equals(other: SyntaxNode): boolean {
    return this.id === other.id && this.tree === other.tree;
  }

  toString(): string {
    return this.raw.toString();
  }
}
