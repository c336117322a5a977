import * as fs from 'fs';
import * as path from 'path';
import { languageOfFile } from '../core';

/** Folders a walk never enters: dependencies, build output, coverage reports (dot-folders too). */
export const SKIPPED_FOLDERS: ReadonlySet<string> = new Set(['node_modules', 'dist', 'build', 'out', 'coverage']);

export interface CollectedFiles {
  /** Absolute paths of the files to analyse, sorted, without duplicates. */
  files: string[];
  /** Things to tell the user on stderr: unreadable folders, named files the engine cannot read. */
  notices: string[];
}

/**
 * The files to analyse under `targets` (absolute paths that exist): folders are walked, skipping
 * dependency and build folders; a file named directly is taken even inside such a folder, as long
 * as the engine supports its language.
 */
export function collectFiles(targets: readonly string[], cwd: string): CollectedFiles {
  const files = new Set<string>();
  const notices: string[] = [];
  for (const target of targets) {
    if (fs.statSync(target).isDirectory()) walk(target, files, notices, cwd);
    else if (languageOfFile(target)) files.add(target);
    else notices.push(`${displayPath(target, cwd)}: not a TypeScript or JavaScript file; skipped.`);
  }
  return { files: [...files].sort(), notices };
}

function walk(dir: string, files: Set<string>, notices: string[], cwd: string): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    notices.push(`${displayPath(dir, cwd)}: cannot read folder (${errorMessage(error)}); skipped.`);
    return;
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    // Symbolic links to folders are not followed: they can loop, and usually point at shared code.
    if (entry.isDirectory()) {
      if (!entry.name.startsWith('.') && !SKIPPED_FOLDERS.has(entry.name)) walk(full, files, notices, cwd);
    } else if (languageOfFile(entry.name) && (entry.isFile() || (entry.isSymbolicLink() && isFile(full)))) {
      files.add(full);
    }
  }
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** A path as the user sees it: relative to the current directory when under it. */
export function displayPath(file: string, cwd: string): string {
  const relative = path.relative(cwd, file);
  return relative === '' ? '.' : relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
}

export function errorMessage(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  const message = error instanceof Error ? error.message : String(error);
  return code && !message.includes(code) ? `${code}: ${message}` : message;
}

/** 1-based line and column (UTF-16 code units) of character offsets in one text. */
export class LineMap {
  private readonly starts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  position(offset: number): { line: number; column: number } {
    const index = this.lineIndex(offset);
    return { line: index + 1, column: offset - this.starts[index] + 1 };
  }

  /** Zero-based line that holds `offset`. */
  lineIndex(offset: number): number {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.starts[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    return low;
  }

  lineStart(index: number): number {
    return this.starts[index];
  }

  /** Offset just past the line's text, before its line break. */
  lineEnd(index: number): number {
    const next = index + 1 < this.starts.length ? this.starts[index + 1] - 1 : this.text.length;
    return next > this.starts[index] && this.text[next - 1] === '\r' ? next - 1 : next;
  }
}
