import * as fs from 'fs';
import * as path from 'path';
import { parseInstructionFile, type InstructionFile } from './instructionFile';

/**
 * The folder of bundled instruction files: `instructions/` at the package root, found by walking
 * up from this module (it sits in `dist/` when bundled and in `src/core/instructions` in tests).
 */
export function bundledInstructionsDir(start: string = __dirname): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'instructions');
    if (fs.existsSync(path.join(candidate, 'distributed-systems.instructions.md'))) return candidate;
    if (path.dirname(dir) === dir) throw new Error(`bundled instructions not found above ${start}`);
  }
}

/** Reads every bundled `*.instructions.md`; a broken file is still returned, with its problems. */
export function loadBundledInstructions(knownRuleIds?: ReadonlySet<string>, dir = bundledInstructionsDir()): InstructionFile[] {
  return fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.instructions.md'))
    .sort()
    .map((name) => {
      const file = path.join(dir, name);
      return parseInstructionFile(file, fs.readFileSync(file, 'utf8'), 'bundled', knownRuleIds);
    });
}
