import type { Language } from 'web-tree-sitter';
import type { NodeWords } from './nodeCalls';

/**
 * Receives a node the memory walked past, with what the walk already read of it: its symbol (as its
 * type is named) and its end, so that asking for them later costs no second read.
 */
export type InternRead<N> = (id: number, startIndex: number, row: number, column: number, other: number, symbol: number, endIndex: number) => N;

/**
 * Reads tree-sitter's syntax trees straight from the runtime's memory, with no call into
 * WebAssembly: the walk that finds every node of some types (the node index, built once per
 * analysis), a node's children and fields, and its type, end and namedness.
 *
 * tree-sitter's own walk (`descendantsOfType`) moves a tree cursor one visible node at a time, and
 * each step recomputes aliases and positions through several functions: about 100 ns a node, a
 * tenth of an analysis. Here the same pre-order walk reads the subtrees' fields directly, as
 * tree-sitter's child iterator does (`ts_node_child_iterator_next` in lib/src/node.c).
 *
 * The layouts read are tree-sitter's internal structs for a 32-bit target (lib/src/subtree.h,
 * lib/src/parser.h, lib/src/tree.h), not public API. web-tree-sitter is pinned exactly in
 * package.json; `TreeMemory.layoutOf` checks the language struct against the public API before
 * it is trusted, and treeMemory.test.ts compares every answer, for every node of several files,
 * with tree-sitter's.
 */

/** The runtime's memory views (Emscripten replaces them when the memory grows). */
interface Heaps {
  HEAPU8: Uint8Array;
  HEAPU16: Uint16Array;
  HEAP32: Int32Array;
}

// Subtree: 8 bytes. Inline (bit 0 of its first byte set): a small leaf, its data in place.
const SUBTREE_BYTES = 8;
const INLINE_FLAGS = 0; // bit 0 is_inline, then the three below
const INLINE_VISIBLE = 0b10;
const INLINE_NAMED = 0b100;
const INLINE_EXTRA = 0b1000;
const INLINE_SYMBOL = 1;
const INLINE_PADDING_COLUMNS = 4;
const INLINE_PADDING_ROWS = 5; // low four bits
const INLINE_PADDING_BYTES = 6;
const INLINE_SIZE_BYTES = 7;
// Otherwise a pointer to SubtreeHeapData, whose children lie just before it.
const HEAP_PADDING = 4; // Length: bytes, row, column
const HEAP_SIZE = 16; // Length: bytes, row, column
const HEAP_CHILD_COUNT = 36;
const HEAP_SYMBOL = 40;
const HEAP_FLAGS = 44; // a 16-bit word: the three below, then others
const HEAP_VISIBLE = 0b1;
const HEAP_NAMED = 0b10;
const HEAP_EXTRA = 0b100;
const HEAP_VISIBLE_CHILD_COUNT = 48;
const HEAP_PRODUCTION_ID = 66;
// TSTree: the root Subtree, then the language.
const TREE_LANGUAGE = 8;
// TSLanguage.
const LANGUAGE_SYMBOL_COUNT = 4;
const LANGUAGE_ALIAS_COUNT = 8;
const LANGUAGE_FIELD_COUNT = 32;
const LANGUAGE_MAX_ALIAS_SEQUENCE_LENGTH = 36;
const LANGUAGE_SYMBOL_NAMES = 56;
const LANGUAGE_FIELD_NAMES = 60;
const LANGUAGE_FIELD_MAP_SLICES = 64; // two 16-bit words a production: first entry, entry count
const LANGUAGE_FIELD_MAP_ENTRIES = 68;
const LANGUAGE_SYMBOL_METADATA = 72; // three bools a symbol: visible, named, supertype
const LANGUAGE_ALIAS_SEQUENCES = 84;
// TSFieldMapEntry: field id (16 bits), child index (8), inherited (8).
const FIELD_ENTRY_BYTES = 4;

/** tree-sitter's symbol for the `ERROR` node. */
export const ERROR_SYMBOL = 65535;

/** What the walk needs of a language, read once and checked against the public API. */
export interface LanguageLayout {
  /** Index in `HEAPU16` of the alias sequences (one per production, `maxAliasSequenceLength` long). */
  readonly aliasSequences: number;
  readonly maxAliasSequenceLength: number;
  /** Index in `HEAPU16` of the field map slices (two words a production); -1 when the language has no fields. */
  readonly fieldMapSlices: number;
  /** Address of the field map entries. */
  readonly fieldMapEntries: number;
  /** By symbol: 1 when a node of that symbol is named. */
  readonly named: Uint8Array;
}

export class TreeMemory {
  private readonly layouts = new Map<number, LanguageLayout | null>();
  /**
   * Iterators reused by depth, so that a walk allocates none. So the reads are not reentrant: the
   * `intern` callbacks they call must not read the memory again (they only make node objects).
   */
  private readonly iterators: ChildIterator[] = [];

  private constructor(private readonly heaps: Heaps) {}

  /** A reader of `module`'s memory (the object given to `Parser.init`), or undefined when it has no views. */
  static of(module: unknown): TreeMemory | undefined {
    const heaps = module as Partial<Heaps> | null;
    if (!(heaps?.HEAPU8 instanceof Uint8Array && heaps.HEAPU16 instanceof Uint16Array && heaps.HEAP32 instanceof Int32Array)) return undefined;
    return new TreeMemory(module as Heaps);
  }

  /** The language of the tree at `tree`, if its struct reads as `language` says it should; else null. */
  layoutOf(tree: number, language: Language): LanguageLayout | null {
    const address = this.heaps.HEAP32[(tree + TREE_LANGUAGE) >> 2];
    let layout = this.layouts.get(address);
    if (layout === undefined) {
      layout = this.readLayout(address, language);
      this.layouts.set(address, layout);
    }
    return layout;
  }

  private readLayout(address: number, language: Language): LanguageLayout | null {
    const { HEAPU8: u8, HEAPU16: u16, HEAP32: i32 } = this.heaps;
    const symbols = i32[(address + LANGUAGE_SYMBOL_COUNT) >> 2] + i32[(address + LANGUAGE_ALIAS_COUNT) >> 2];
    const fields = i32[(address + LANGUAGE_FIELD_COUNT) >> 2];
    if (symbols !== language.nodeTypeCount || fields !== language.fields.length - 1) return null;
    const names = i32[(address + LANGUAGE_SYMBOL_NAMES) >> 2];
    const metadata = i32[(address + LANGUAGE_SYMBOL_METADATA) >> 2];
    const named = new Uint8Array(symbols);
    for (let symbol = 0; symbol < symbols; symbol++) {
      const visible = u8[metadata + 3 * symbol];
      named[symbol] = u8[metadata + 3 * symbol + 1];
      // web-tree-sitter names visible symbols only.
      const name = language.types[symbol];
      if (visible !== Number(name !== undefined)) return null;
      if (name !== undefined && (readCString(u8, i32[(names >> 2) + symbol]) !== name || named[symbol] !== Number(language.nodeTypeIsNamed(symbol)))) return null;
    }
    const fieldNames = i32[(address + LANGUAGE_FIELD_NAMES) >> 2];
    for (let field = 1; field <= fields; field++) if (readCString(u8, i32[(fieldNames >> 2) + field]) !== language.fields[field]) return null;
    return {
      aliasSequences: i32[(address + LANGUAGE_ALIAS_SEQUENCES) >> 2] >> 1,
      maxAliasSequenceLength: u16[(address + LANGUAGE_MAX_ALIAS_SEQUENCE_LENGTH) >> 1],
      fieldMapSlices: fields === 0 ? -1 : i32[(address + LANGUAGE_FIELD_MAP_SLICES) >> 2] >> 1,
      fieldMapEntries: i32[(address + LANGUAGE_FIELD_MAP_ENTRIES) >> 2],
      named,
    };
  }

  /** The node's symbol as its type name is looked up: its alias, or its subtree's own. */
  symbol(node: NodeWords): number {
    if (node.other) return node.other;
    const { HEAPU8: u8, HEAPU16: u16, HEAP32: i32 } = this.heaps;
    const slot = node.id;
    return u8[slot + INLINE_FLAGS] & 1 ? u8[slot + INLINE_SYMBOL] : u16[(i32[slot >> 2] + HEAP_SYMBOL) >> 1];
  }

  /** Where the node ends, in UTF-16 code units. */
  endIndex(node: NodeWords): number {
    const { HEAPU8: u8, HEAP32: i32 } = this.heaps;
    const slot = node.id;
    const bytes = u8[slot + INLINE_FLAGS] & 1 ? u8[slot + INLINE_SIZE_BYTES] : i32[(i32[slot >> 2] + HEAP_SIZE) >> 2];
    // web-tree-sitter parses UTF-16: a code unit is two bytes.
    return node.startIndex + (bytes >> 1);
  }

  isNamed(node: NodeWords, layout: LanguageLayout): boolean {
    if (node.other) return layout.named[node.other] === 1;
    const { HEAPU8: u8, HEAPU16: u16, HEAP32: i32 } = this.heaps;
    const slot = node.id;
    return u8[slot + INLINE_FLAGS] & 1 ? (u8[slot + INLINE_FLAGS] & INLINE_NAMED) !== 0 : (u16[(i32[slot >> 2] + HEAP_FLAGS) >> 1] & HEAP_NAMED) !== 0;
  }

  /**
   * `node` and its descendants whose symbol `wanted` marks (`wanted[symbol] === 1`; the `ERROR`
   * symbol, past its end, when `wantsError`), in source order: what `descendantsOfType` answers.
   * `wanted` must mark only visible symbols: the walk goes through hidden nodes without asking.
   */
  descendants<N>(node: NodeWords, layout: LanguageLayout, wanted: Uint8Array, wantsError: boolean, intern: InternRead<N>): N[] {
    const found: N[] = [];
    const accepts = (symbol: number) => (symbol < wanted.length ? wanted[symbol] === 1 : symbol === ERROR_SYMBOL && wantsError);
    const symbol = this.symbol(node);
    if (accepts(symbol)) found.push(intern(node.id, node.startIndex, node.row, node.column, node.other, symbol, this.endIndex(node)));
    let depth = 0;
    if (!this.iteratorAt(0).startAt(node, layout)) return found;
    while (depth >= 0) {
      const children = this.iterators[depth];
      if (!children.next()) {
        depth--;
        continue;
      }
      const symbol = children.symbol();
      if (accepts(symbol)) found.push(children.intern(intern, symbol));
      if (children.hasChildren() && this.iteratorAt(depth + 1).startBelow(children)) depth++;
    }
    return found;
  }

  /** The node's children (`named`: its named children), hidden nodes' children in their place: what `children` answers. */
  children<N>(node: NodeWords, named: boolean, layout: LanguageLayout, intern: InternRead<N>): N[] {
    const found: N[] = [];
    let depth = 0;
    if (!this.iteratorAt(0).startAt(node, layout)) return found;
    while (depth >= 0) {
      const children = this.iterators[depth];
      if (!children.next()) {
        depth--;
        continue;
      }
      if (children.visible()) {
        if (!named || children.named()) found.push(children.intern(intern, children.symbol()));
      } else if (children.visibleChildCount() > 0 && this.iteratorAt(depth + 1).startBelow(children)) {
        depth++;
      }
    }
    return found;
  }

  /**
   * The node's child in field `field`, or null: tree-sitter's `ts_node_child_by_field_id`, whose
   * field map says which structural child holds the field, or which hidden child inherits it.
   */
  childByField<N>(node: NodeWords, field: number, layout: LanguageLayout, intern: InternRead<N>): N | null {
    if (field <= 0 || layout.fieldMapSlices < 0) return null;
    return this.childByFieldFrom(this.iteratorAt(0).startAt(node, layout) ? 0 : -1, field, layout, intern);
  }

  /** The field search over the children of the iterator at `depth` (-1: no children). */
  private childByFieldFrom<N>(depth: number, field: number, layout: LanguageLayout, intern: InternRead<N>): N | null {
    const { HEAPU8: u8, HEAPU16: u16 } = this.heaps;
    for (;;) {
      if (depth < 0) return null;
      const children = this.iterators[depth];
      if (children.parentVisibleChildCount() === 0) return null;
      // The entries of the parent's production, sorted by field id: keep those of `field`.
      const slice = layout.fieldMapSlices + 2 * children.production;
      let entry = layout.fieldMapEntries + FIELD_ENTRY_BYTES * u16[slice];
      let end = entry + FIELD_ENTRY_BYTES * u16[slice + 1];
      if (entry === end) return null;
      while (u16[entry >> 1] < field) if ((entry += FIELD_ENTRY_BYTES) === end) return null;
      while (u16[(end - FIELD_ENTRY_BYTES) >> 1] > field) if ((end -= FIELD_ENTRY_BYTES) === entry) return null;
      let descend = false;
      while (!descend && children.next()) {
        if (children.extra) continue;
        if (children.structuralIndex < u8[entry + 2]) continue;
        if (u8[entry + 3]) {
          // Hidden nodes' fields are inherited by their visible parent: search the hidden child.
          if (entry + FIELD_ENTRY_BYTES === end) {
            // The last place the field can be: search there only (tree-sitter's tail call).
            if (!this.iteratorAt(depth + 1).startBelow(children)) return null;
            depth++;
            descend = true;
          } else {
            const inside = this.iteratorAt(depth + 1).startBelow(children) ? this.childByFieldFrom(depth + 1, field, layout, intern) : null;
            if (inside !== null) return inside;
            if ((entry += FIELD_ENTRY_BYTES) === end) return null;
          }
        } else if (children.visible()) {
          return children.intern(intern, children.symbol());
        } else if (children.visibleChildCount() > 0) {
          // A hidden node with visible children: its first.
          return this.iteratorAt(depth + 1).startBelow(children) ? this.firstVisible(depth + 1, intern) : null;
        } else if ((entry += FIELD_ENTRY_BYTES) === end) {
          return null;
        }
      }
      if (!descend) return null;
    }
  }

  /** The first visible node among the children of the iterator at `depth`, through hidden ones. */
  private firstVisible<N>(depth: number, intern: InternRead<N>): N | null {
    const start = depth;
    while (depth >= start) {
      const children = this.iterators[depth];
      if (!children.next()) {
        depth--;
        continue;
      }
      if (children.visible()) return children.intern(intern, children.symbol());
      if (children.visibleChildCount() > 0 && this.iteratorAt(depth + 1).startBelow(children)) depth++;
    }
    return null;
  }

  private iteratorAt(depth: number): ChildIterator {
    while (this.iterators.length <= depth) this.iterators.push(new ChildIterator(this.heaps));
    return this.iterators[depth];
  }
}

/**
 * Steps through the children of one subtree as `ts_node_child_iterator_next` does: each child
 * with its alias (from the parent's production), whether it is an extra, and its position.
 * Positions are in bytes, columns too, as tree-sitter keeps them.
 */
class ChildIterator {
  private u8!: Uint8Array;
  private u16!: Uint16Array;
  private i32!: Int32Array;
  private layout!: LanguageLayout;
  private parentHeap = 0;
  private first = 0;
  private count = 0;
  private index = 0;
  private structural = 0;
  private aliases = -1;
  /** The parent's production: which field map and alias sequence apply. */
  production = 0;
  /** Where the next child's padding starts (for the first child: where it starts). */
  private nextBytes = 0;
  private nextRow = 0;
  private nextColumn = 0;

  // The current child.
  slot = 0;
  private inline = false;
  private heap = 0;
  alias = 0;
  extra = false;
  /** Its index among the children that are not extras. */
  structuralIndex = 0;
  bytes = 0;
  row = 0;
  column = 0;

  constructor(private readonly heaps: Heaps) {}

  /** Starts on the children of `node`; false when it has none. */
  startAt(node: NodeWords, layout: LanguageLayout): boolean {
    this.u8 = this.heaps.HEAPU8;
    this.u16 = this.heaps.HEAPU16;
    this.i32 = this.heaps.HEAP32;
    this.layout = layout;
    const slot = node.id;
    return this.start(this.u8[slot + INLINE_FLAGS] & 1 ? 0 : this.i32[slot >> 2], node.startIndex * 2, node.row, node.column * 2);
  }

  /** Starts on the children of `parent`'s current child; false when it has none. */
  startBelow(parent: ChildIterator): boolean {
    this.u8 = parent.u8;
    this.u16 = parent.u16;
    this.i32 = parent.i32;
    this.layout = parent.layout;
    return this.start(parent.heap, parent.bytes, parent.row, parent.column);
  }

  private start(heap: number, bytes: number, row: number, column: number): boolean {
    this.parentHeap = heap;
    this.count = heap === 0 ? 0 : this.i32[(heap + HEAP_CHILD_COUNT) >> 2];
    this.first = heap - this.count * SUBTREE_BYTES;
    this.index = 0;
    this.structural = 0;
    this.production = this.count === 0 ? 0 : this.u16[(heap + HEAP_PRODUCTION_ID) >> 1];
    this.aliases = this.production ? this.layout.aliasSequences + this.production * this.layout.maxAliasSequenceLength : -1;
    this.nextBytes = bytes;
    this.nextRow = row;
    this.nextColumn = column;
    return this.count > 0;
  }

  next(): boolean {
    const index = this.index;
    if (index === this.count) return false;
    this.index = index + 1;
    const { u8, i32 } = this;
    const slot = this.first + index * SUBTREE_BYTES;
    this.slot = slot;
    const inline = (u8[slot + INLINE_FLAGS] & 1) === 1;
    this.inline = inline;
    const heap = inline ? 0 : i32[slot >> 2];
    this.heap = heap;
    this.extra = inline ? (u8[slot + INLINE_FLAGS] & INLINE_EXTRA) !== 0 : (this.u16[(heap + HEAP_FLAGS) >> 1] & HEAP_EXTRA) !== 0;
    this.alias = 0;
    if (!this.extra) {
      if (this.aliases >= 0) this.alias = this.u16[this.aliases + this.structural];
      this.structuralIndex = this.structural++;
    }
    let bytes = this.nextBytes;
    let row = this.nextRow;
    let column = this.nextColumn;
    // The first child starts where its parent does: the parent's padding is its padding.
    if (index > 0) {
      const paddingRows = inline ? u8[slot + INLINE_PADDING_ROWS] & 0xf : i32[(heap + HEAP_PADDING + 4) >> 2];
      const paddingColumns = inline ? u8[slot + INLINE_PADDING_COLUMNS] : i32[(heap + HEAP_PADDING + 8) >> 2];
      bytes += inline ? u8[slot + INLINE_PADDING_BYTES] : i32[(heap + HEAP_PADDING) >> 2];
      if (paddingRows > 0) {
        row += paddingRows;
        column = paddingColumns;
      } else {
        column += paddingColumns;
      }
    }
    this.bytes = bytes;
    this.row = row;
    this.column = column;
    if (inline) {
      // An inline leaf never spans lines.
      const size = u8[slot + INLINE_SIZE_BYTES];
      this.nextBytes = bytes + size;
      this.nextRow = row;
      this.nextColumn = column + size;
    } else {
      const sizeRows = i32[(heap + HEAP_SIZE + 4) >> 2];
      const sizeColumns = i32[(heap + HEAP_SIZE + 8) >> 2];
      this.nextBytes = bytes + i32[(heap + HEAP_SIZE) >> 2];
      this.nextRow = row + sizeRows;
      this.nextColumn = sizeRows > 0 ? sizeColumns : column + sizeColumns;
    }
    return true;
  }

  /** The current child's symbol as its type is named: its alias, or its own. */
  symbol(): number {
    return this.alias || (this.inline ? this.u8[this.slot + INLINE_SYMBOL] : this.u16[(this.heap + HEAP_SYMBOL) >> 1]);
  }

  visible(): boolean {
    if (this.alias) return true;
    return this.inline ? (this.u8[this.slot + INLINE_FLAGS] & INLINE_VISIBLE) !== 0 : (this.u16[(this.heap + HEAP_FLAGS) >> 1] & HEAP_VISIBLE) !== 0;
  }

  named(): boolean {
    if (this.alias) return this.layout.named[this.alias] === 1;
    return this.inline ? (this.u8[this.slot + INLINE_FLAGS] & INLINE_NAMED) !== 0 : (this.u16[(this.heap + HEAP_FLAGS) >> 1] & HEAP_NAMED) !== 0;
  }

  hasChildren(): boolean {
    return !this.inline && this.i32[(this.heap + HEAP_CHILD_COUNT) >> 2] > 0;
  }

  /** Visible children of the current child, hidden ones' counted through: `ts_node_child_count`. */
  visibleChildCount(): number {
    return this.hasChildren() ? this.i32[(this.heap + HEAP_VISIBLE_CHILD_COUNT) >> 2] : 0;
  }

  /** The same count for the parent. */
  parentVisibleChildCount(): number {
    return this.count === 0 ? 0 : this.i32[(this.parentHeap + HEAP_VISIBLE_CHILD_COUNT) >> 2];
  }

  /** The current child, through `intern`; `symbol` is what `symbol()` answered. */
  intern<N>(intern: InternRead<N>, symbol: number): N {
    // web-tree-sitter parses UTF-16: a code unit is two bytes.
    return intern(this.slot, this.bytes >> 1, this.row, this.column >> 1, this.alias, symbol, this.nextBytes >> 1);
  }
}

const utf8 = new TextDecoder();

function readCString(u8: Uint8Array, address: number): string {
  let end = address;
  while (u8[end] !== 0) end++;
  return utf8.decode(u8.subarray(address, end));
}
