/**
 * The questions the engine asks most (a node's type, end, parent, children, a field), put to the
 * WebAssembly functions of web-tree-sitter's runtime directly. Where the tree can be read from
 * memory (treeMemory.ts), only a node's parent is still asked here; the rest stays as the fallback.
 *
 * Through web-tree-sitter's `Node` API, each question writes the node into a transfer buffer with
 * one JavaScript call per word, and each node it answers with becomes a new `Node` object (with a
 * position object and an element store). An analysis asks about 15,000 such questions; the
 * objects alone cost more than the questions. Here the five words that name a node are written to
 * and read from the runtime's memory as plain integers, and an answer becomes a `SyntaxNode` only
 * the first time the node is met (see `Tree.intern`).
 *
 * The functions and the buffer layout are those web-tree-sitter's own `Node` methods use (its
 * `marshalNode` / `unmarshalNode`: id, start index, start row, start column, one internal word).
 * They are not public API: web-tree-sitter is pinned exactly in package.json, `NodeCalls.of`
 * checks that every function is there (else the engine uses the public API throughout), and
 * syntaxTree.test.ts compares every answer, for every node of a file, with web-tree-sitter's.
 */

/** A node as the runtime names it: five 32-bit words. */
export interface NodeWords {
  readonly id: number;
  readonly startIndex: number;
  readonly row: number;
  readonly column: number;
  readonly other: number;
}

/** Receives a node answer's words; returns the object that stands for it. */
export type Intern<N> = (id: number, startIndex: number, row: number, column: number, other: number) => N;

/** The part of the Emscripten module (web-tree-sitter's runtime) used here. */
interface Runtime {
  HEAP32: Int32Array;
  _ts_init(): number;
  _malloc(bytes: number): number;
  _free(address: number): void;
  _ts_node_symbol_wasm(tree: number): number;
  _ts_node_end_index_wasm(tree: number): number;
  _ts_node_is_named_wasm(tree: number): number;
  _ts_node_parent_wasm(tree: number): void;
  _ts_node_child_by_field_id_wasm(tree: number, field: number): void;
  _ts_node_children_wasm(tree: number): void;
  _ts_node_named_children_wasm(tree: number): void;
  _ts_node_descendants_of_type_wasm(tree: number, symbols: number, count: number, startRow: number, startColumn: number, endRow: number, endColumn: number): void;
}

const FUNCTIONS: ReadonlyArray<keyof Runtime> = [
  '_ts_init',
  '_malloc',
  '_free',
  '_ts_node_symbol_wasm',
  '_ts_node_end_index_wasm',
  '_ts_node_is_named_wasm',
  '_ts_node_parent_wasm',
  '_ts_node_child_by_field_id_wasm',
  '_ts_node_children_wasm',
  '_ts_node_named_children_wasm',
  '_ts_node_descendants_of_type_wasm',
];

/** Words per node in the transfer buffer and in child lists. */
const NODE_WORDS = 5;

export class NodeCalls {
  /** The transfer buffer, as an index into `HEAP32`. */
  private readonly transfer: number;

  private constructor(private readonly runtime: Runtime) {
    this.transfer = runtime._ts_init() >> 2;
  }

  /** Direct calls into `module` (the object given to `Parser.init`), or undefined when it lacks any. */
  static of(module: unknown): NodeCalls | undefined {
    if (typeof module !== 'object' || module === null) return undefined;
    const candidate = module as Partial<Record<keyof Runtime, unknown>>;
    if (!(candidate.HEAP32 instanceof Int32Array) || FUNCTIONS.some((name) => typeof candidate[name] !== 'function')) return undefined;
    return new NodeCalls(module as Runtime);
  }

  /** The size of the runtime's memory, in bytes: it only grows, so a leak shows here. */
  get memoryBytes(): number {
    return this.runtime.HEAP32.byteLength;
  }

  symbol(tree: number, node: NodeWords): number {
    this.put(node);
    return this.runtime._ts_node_symbol_wasm(tree);
  }

  endIndex(tree: number, node: NodeWords): number {
    this.put(node);
    return this.runtime._ts_node_end_index_wasm(tree);
  }

  isNamed(tree: number, node: NodeWords): boolean {
    this.put(node);
    return this.runtime._ts_node_is_named_wasm(tree) === 1;
  }

  parent<N>(tree: number, node: NodeWords, intern: Intern<N>): N | null {
    this.put(node);
    this.runtime._ts_node_parent_wasm(tree);
    return this.take(intern);
  }

  childByField<N>(tree: number, node: NodeWords, field: number, intern: Intern<N>): N | null {
    this.put(node);
    this.runtime._ts_node_child_by_field_id_wasm(tree, field);
    return this.take(intern);
  }

  children<N>(tree: number, node: NodeWords, named: boolean, intern: Intern<N>): N[] {
    this.put(node);
    if (named) this.runtime._ts_node_named_children_wasm(tree);
    else this.runtime._ts_node_children_wasm(tree);
    return this.readList(intern);
  }

  /** A list of nodes the last call left in a buffer it allocated (count and address in the transfer buffer); frees it. */
  private readList<N>(intern: Intern<N>): N[] {
    // Read the memory view after the call: the runtime may have grown (and replaced) it.
    const heap = this.runtime.HEAP32;
    const count = heap[this.transfer];
    const address = heap[this.transfer + 1];
    const found: N[] = new Array<N>(count);
    for (let i = 0, at = address >> 2; i < count; i++, at += NODE_WORDS) found[i] = intern(heap[at], heap[at + 1], heap[at + 2], heap[at + 3], heap[at + 4]);
    if (address !== 0) this.runtime._free(address);
    return found;
  }

  /** The descendants of `node` (itself included) whose symbol is one of `symbols`, in source order, over the whole node. */
  descendantsOfSymbols<N>(tree: number, node: NodeWords, symbols: readonly number[], intern: Intern<N>): N[] {
    if (symbols.length === 0) return [];
    const symbolsAddress = this.runtime._malloc(4 * symbols.length);
    try {
      const heap = this.runtime.HEAP32;
      for (let i = 0; i < symbols.length; i++) heap[(symbolsAddress >> 2) + i] = symbols[i];
      this.put(node);
      // A zero start and end point mean no limit (web-tree-sitter's default).
      this.runtime._ts_node_descendants_of_type_wasm(tree, symbolsAddress, symbols.length, 0, 0, 0, 0);
      return this.readList(intern);
    } finally {
      this.runtime._free(symbolsAddress);
    }
  }

  private put(node: NodeWords): void {
    const heap = this.runtime.HEAP32;
    const at = this.transfer;
    heap[at] = node.id;
    heap[at + 1] = node.startIndex;
    heap[at + 2] = node.row;
    heap[at + 3] = node.column;
    heap[at + 4] = node.other;
  }

  private take<N>(intern: Intern<N>): N | null {
    const heap = this.runtime.HEAP32;
    const at = this.transfer;
    return heap[at] === 0 ? null : intern(heap[at], heap[at + 1], heap[at + 2], heap[at + 3], heap[at + 4]);
  }
}
