import type { SyntaxNode } from '../parse/parser';
import type { SourceFile } from '../sourceFile';

/**
 * The nodes where a name is written, found from the text: a file is searched for the word (a fast
 * string search), and only the few places found are looked up in the tree. Comments and strings
 * that contain the word give nodes of other types (`comment`, `string_fragment`), which callers
 * ignore; so does everything they do not expect.
 */

/** Nodes spanning each whole-word occurrence of `name` in `[from, to)` (default: the whole file), in order. */
export function nodesNamed(file: SourceFile, name: string, from = 0, to = file.text.length): SyntaxNode[] {
  const { text } = file;
  const found: SyntaxNode[] = [];
  if (name.length === 0) return found;
  for (let at = text.indexOf(name, from); at >= 0 && at + name.length <= to; at = text.indexOf(name, at + name.length)) {
    if (isWordChar(text.charCodeAt(at - 1)) || isWordChar(text.charCodeAt(at + name.length))) continue;
    const node = file.root.descendantForIndex(at, at + name.length);
    if (node) found.push(node);
  }
  return found;
}

/** The nodes where a pattern (with the `g` flag) matches the text, each the smallest node at the match's start. */
export function nodesMatching(file: SourceFile, pattern: RegExp): Array<{ node: SyntaxNode; match: RegExpMatchArray }> {
  const found: Array<{ node: SyntaxNode; match: RegExpMatchArray }> = [];
  for (const match of file.text.matchAll(pattern)) {
    const node = file.root.descendantForIndex(match.index!);
    if (node) found.push({ node, match });
  }
  return found;
}

export function isWordChar(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95 || code === 36;
}
