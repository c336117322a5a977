import * as assert from 'assert';
import * as fs from 'fs';
import { loadBundledInstructions } from '../instructions/bundled';
import { parseInstructionFile } from '../instructions/instructionFile';
import { InstructionLibrary } from '../instructions/library';
import { languageOfFile } from '../parse/languages';
import { SourceParser } from '../parse/parser';
import { SourceFile } from '../sourceFile';
import { applyEdits } from '../fixes';
import type { ResilienceLibrary } from '../knowledge/resilienceLibraries';
import type { TextEdit } from '../types';
import { planPattern, type PatternPlan } from './applyPattern';

/** Test helpers shared by the pattern tests (not shipped: only test files import this module). */

export const parser = new SourceParser();

/** Loads every grammar the pattern tests parse with; call from a `before` hook. */
export async function loadGrammars(): Promise<void> {
  for (const language of ['typescript', 'typescriptreact', 'javascript'] as const) await parser.load(language);
}

/** A parsed file; `dependencies` are those of its project's package.json. */
export function sourceFile(code: string, filename = '/project/src/service.ts', dependencies: readonly string[] = []): SourceFile {
  const language = languageOfFile(filename);
  assert.ok(language, `no language for ${filename}`);
  return new SourceFile(filename, language, code, parser.parse(language, code), { dependencies: new Set(dependencies) });
}

/** The bundled instruction files, as the extension loads them. */
export function bundledLibrary(): InstructionLibrary {
  return new InstructionLibrary(loadBundledInstructions());
}

/**
 * A library of one bundled instruction file read from disk, loaded as `distributed-systems` (the
 * fixture's own name does not end in `.instructions.md`, so no tool takes it for a real one).
 */
export function libraryFromFile(filePath: string, asPath = '/ext/instructions/distributed-systems.instructions.md'): InstructionLibrary {
  return new InstructionLibrary([parseInstructionFile(asPath, fs.readFileSync(filePath, 'utf8'), 'bundled')]);
}

/** A library of one bundled file with the given Markdown body. */
export function libraryOf(markdown: string, source: 'bundled' | 'workspace' = 'bundled', path = '/ext/instructions/distributed-systems.instructions.md'): InstructionLibrary {
  const file = parseInstructionFile(path, `---\napplyTo: '**/*.ts'\ndescription: 'test'\n---\n${markdown}`, source);
  return source === 'bundled' ? new InstructionLibrary([file]) : new InstructionLibrary([], [file]);
}

/**
 * rust-analyzer's `trim_indent`: drops the line break after the opening backtick and the
 * indentation common to all lines, so that test snippets can be indented with the test.
 */
export function trimIndent(text: string): string {
  const body = text.startsWith('\n') ? text.slice(1) : text;
  const lines = body.split('\n');
  const indents = lines.filter((l) => l.trim() !== '').map((l) => /^[ ]*/.exec(l)![0].length);
  const common = indents.length ? Math.min(...indents) : 0;
  return lines.map((l) => (l.trim() === '' ? '' : l.slice(common))).join('\n');
}

export const CURSOR = '$0';

/**
 * Splits out the `$0` markers: one for a cursor, two around a selection. A `$1` marks where a second
 * application goes (for tests that apply a pattern twice).
 */
export function extractMarkers(text: string): { code: string; selection: { start: number; end: number }; second?: number } {
  let code = text;
  const positions: number[] = [];
  let second: number | undefined;
  // Markers are removed in order, so each offset is found in the text without the earlier ones.
  for (let at = /\$[01]/.exec(code); at; at = /\$[01]/.exec(code)) {
    if (at[0] === CURSOR) positions.push(at.index);
    else second = at.index;
    code = code.slice(0, at.index) + code.slice(at.index + 2);
  }
  assert.ok(positions.length === 1 || positions.length === 2, `expected one $0 (cursor) or two (selection) in:\n${text}`);
  return { code, selection: { start: positions[0], end: positions[positions.length - 1] }, second };
}

/** What the project around a test file has: its package.json dependencies, and a library forced by the user. */
export interface CheckOptions {
  filename?: string;
  dependencies?: readonly string[];
  use?: ResilienceLibrary | 'none';
}

/**
 * rust-analyzer-style assist checks over `library`: `check(pattern, before, after)`, with `$0`
 * marking the cursor (or `$0...$0` a selection) and `$1` where a second application of the same
 * pattern goes; the result must equal `after` and parse. `checkError` expects the refusal's words.
 */
export function patternChecks(library: InstructionLibrary) {
  function plan(patternId: string, code: string, selection: { start: number; end: number }, options: CheckOptions = {}): PatternPlan {
    const file = sourceFile(code, options.filename, options.dependencies);
    try {
      return planPattern({ file, library, patternId, selection, parser, use: options.use });
    } finally {
      file.tree.delete();
    }
  }

  function check(patternId: string, before: string, after: string, options: string | CheckOptions = {}): void {
    const opts = typeof options === 'string' ? { filename: options } : options;
    const { code, selection, second } = extractMarkers(trimIndent(before));
    const first = plan(patternId, code, selection, opts);
    if ('error' in first) assert.fail(`expected edits, got the error: ${first.error}`);
    let result = applyEdits(code, first.edits);
    if (second !== undefined) {
      const at = mapOffset(second, first.edits);
      const again = plan(patternId, result, { start: at, end: at }, opts);
      if ('error' in again) assert.fail(`the second application failed: ${again.error}`);
      result = applyEdits(result, again.edits);
    }
    assert.strictEqual(result, trimIndent(after));
    const parsed = sourceFile(result, opts.filename);
    assert.ok(!parsed.root.hasError, `the result does not parse:\n${result}`);
    parsed.tree.delete();
  }

  function checkError(patternId: string, before: string, expected: RegExp, options: string | CheckOptions = {}): void {
    const opts = typeof options === 'string' ? { filename: options } : options;
    const { code, selection } = extractMarkers(trimIndent(before));
    const result = plan(patternId, code, selection, opts);
    assert.ok('error' in result, `expected an error, got edits:\n${'edits' in result ? applyEdits(code, result.edits) : ''}`);
    assert.match(result.error, expected);
  }

  return { plan, check, checkError };
}

/** Where `offset` moves to once `edits` are applied (edits at or before it shift it). */
function mapOffset(offset: number, edits: readonly TextEdit[]): number {
  let shift = 0;
  for (const e of edits) if (e.end <= offset) shift += e.text.length - (e.end - e.start);
  return offset + shift;
}
