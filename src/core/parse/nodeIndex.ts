import type { SyntaxNode } from './parser';
import { FUNCTION_TYPES, LOOP_TYPES } from './syntax';

/**
 * Node types the engine collects in its single walk of every file, so that rules can ask for
 * "the awaits inside this loop" or "the function around this call" without another walk or a
 * climb up the tree: both cost a call into tree-sitter per step, and the index answers in plain
 * JavaScript from offsets.
 */
export const INDEXED_TYPES: readonly string[] = [
  'call_expression',
  'new_expression',
  'await_expression',
  'update_expression',
  'augmented_assignment_expression',
  'return_statement',
  ...FUNCTION_TYPES,
  ...LOOP_TYPES,
  // The other scopes, so that name lookups go from scope to scope through the index.
  'program',
  'statement_block',
  'catch_clause',
  'switch_body',
];

/** The collected nodes in source order (pre-order), with their types read once. */
export class NodeIndex {
  private readonly starts: number[];
  private readonly ends: number[];
  /** For each node, the index of the nearest collected node that contains it, or -1. */
  private readonly parents: Int32Array;
  private readonly covered: ReadonlySet<string>;

  constructor(
    private readonly nodes: readonly SyntaxNode[],
    private readonly types: readonly string[],
    coveredTypes: Iterable<string>,
  ) {
    this.starts = nodes.map((n) => n.startIndex);
    this.ends = nodes.map((n) => n.endIndex);
    this.covered = new Set(coveredTypes);
    // Pre-order means a node's collected ancestors are the open entries of a stack.
    this.parents = new Int32Array(nodes.length);
    const open: number[] = [];
    for (let i = 0; i < nodes.length; i++) {
      while (open.length > 0 && this.ends[open[open.length - 1]] < this.ends[i]) open.pop();
      this.parents[i] = open.length > 0 ? open[open.length - 1] : -1;
      open.push(i);
    }
  }

  /** True when every one of `types` was collected, so queries over them are exact. */
  covers(types: readonly string[]): boolean {
    return types.every((t) => this.covered.has(t));
  }

  /** Nodes of `types` within `root`, `root` included, in source order (as `descendantsOfType`). */
  descendants(root: SyntaxNode, types: readonly string[]): SyntaxNode[] {
    const start = root.startIndex;
    const end = root.endIndex;
    const found: SyntaxNode[] = [];
    for (let i = this.firstAtOrAfter(start); i < this.nodes.length && this.starts[i] < end + (start === end ? 1 : 0); i++) {
      if (!types.includes(this.types[i])) continue;
      // A node starting where `root` starts may be one of its ancestors: keep it only if it ends inside.
      if (this.starts[i] === start && this.ends[i] > end) continue;
      found.push(this.nodes[i]);
    }
    return found;
  }

  /** The innermost collected node of `types` that strictly contains `node`, or undefined. */
  enclosing(node: SyntaxNode, types: ReadonlySet<string>): SyntaxNode | undefined {
    const start = node.startIndex;
    const end = node.endIndex;
    // Start from the last collected node that begins at or before `node`, and climb the
    // collected-ancestor chain to the first entry that contains `node` (and is not `node`).
    let j = this.firstAtOrAfter(start + 1) - 1;
    while (j >= 0) {
      const candidate = this.nodes[j];
      if (candidate.id === node.id) {
        j = this.parents[j];
        break;
      }
      const contains = this.starts[j] <= start && this.ends[j] >= end;
      if (contains && !(this.starts[j] === start && this.ends[j] === end && isInside(candidate, node))) break;
      j = this.parents[j];
    }
    for (; j >= 0; j = this.parents[j]) if (types.has(this.types[j])) return this.nodes[j];
    return undefined;
  }

  /**
   * The innermost collected node of `types` that strictly contains the span [start, end], which
   * need not be a node of the index (a name found in the text); undefined when none does.
   */
  enclosingSpan(start: number, end: number, types: ReadonlySet<string>): SyntaxNode | undefined {
    let j = this.firstAtOrAfter(start + 1) - 1;
    while (j >= 0 && !(this.starts[j] <= start && this.ends[j] >= end && (this.starts[j] < start || this.ends[j] > end))) j = this.parents[j];
    for (; j >= 0; j = this.parents[j]) if (types.has(this.types[j])) return this.nodes[j];
    return undefined;
  }

  /** Index of the first node whose start is at or after `offset`. */
  private firstAtOrAfter(offset: number): number {
    let low = 0;
    let high = this.starts.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.starts[mid] < offset) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}

/** For two nodes with the same span: whether `inner` is the descendant (reached from `outer` going down). */
function isInside(inner: SyntaxNode, outer: SyntaxNode): boolean {
  for (let n: SyntaxNode | null = inner.parent; n; n = n.parent) {
    if (n.id === outer.id) return true;
    if (n.startIndex !== inner.startIndex) return false;
  }
  return false;
}
