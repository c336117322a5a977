import { BindingResolver } from './parse/bindings';
import type { SyntaxNode, Tree } from './parse/parser';
import type { LanguageId } from './types';

/** What the engine knows about the project a file belongs to (its nearest `package.json`). */
export interface ProjectInfo {
  /** Names from `dependencies`, `devDependencies`, `peerDependencies` and `optionalDependencies`. */
  dependencies: ReadonlySet<string>;
  /** The folder of that package.json, when one was found. */
  root?: string;
}

export const EMPTY_PROJECT: ProjectInfo = { dependencies: new Set() };

/** One parsed file, as rules see it. */
export class SourceFile {
  readonly resolver: BindingResolver;
  private lineStarts: number[] | undefined;

  constructor(
    readonly path: string,
    readonly language: LanguageId,
    readonly text: string,
    readonly tree: Tree,
    readonly project: ProjectInfo = EMPTY_PROJECT,
  ) {
    this.resolver = new BindingResolver({ text, root: () => tree.rootNode });
  }

  get root(): SyntaxNode {
    return this.tree.rootNode;
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
