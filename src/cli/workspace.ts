import * as fs from 'fs';
import { parse as parseJsonc, printParseErrorCode, type ParseError } from 'jsonc-parser';
import * as path from 'path';
import {
  InstructionLibrary,
  parseInstructionFile,
  RULE_IDS,
  sanitiseBundledInstructions,
  sanitiseSettings,
  type EngineSettings,
  type InstructionFile,
  type SeveritySetting,
} from '../core';
import { displayPath, errorMessage, LineMap } from './files';

/** The configuration one checked folder gets, as the editor would give it when opened there. */
export interface Workspace {
  /** The folder whose `.github/instructions` and `.vscode/settings.json` were read. */
  root: string;
  library: InstructionLibrary;
  settings: EngineSettings;
  /** Problems in its instruction files and settings, for stderr; they never stop the run. */
  problems: string[];
}

const INSTRUCTIONS_DIR = path.join('.github', 'instructions');
const SETTINGS_FILE = path.join('.vscode', 'settings.json');

/**
 * The workspace folder of a checked path: the nearest folder, from the path up to the current
 * directory, that holds `.github/instructions/` or `.vscode/settings.json`. So `check src` run at a
 * repository's root uses the root's settings; a folder outside the current directory, or one with
 * no configuration on the way up, is its own workspace.
 */
export function findWorkspaceRoot(target: string, cwd: string): string {
  const start = isDirectory(target) ? target : path.dirname(target);
  const insideCwd = !path.relative(cwd, start).startsWith('..') && !path.isAbsolute(path.relative(cwd, start));
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (isDirectory(path.join(dir, INSTRUCTIONS_DIR)) || fs.existsSync(path.join(dir, SETTINGS_FILE))) return dir;
    if (!insideCwd || dir === cwd || path.dirname(dir) === dir) return start;
  }
}

/**
 * Reads a workspace's instruction files and settings. A workspace instruction file with the id of
 * a bundled one replaces it; bundled files set to false in `instructionLens.bundledInstructions`
 * are left out; `overrides` (from `--rule`) win over `instructionLens.rules`.
 */
export function loadWorkspace(
  root: string,
  bundled: readonly InstructionFile[],
  overrides: Readonly<Record<string, SeveritySetting>>,
  cwd: string,
): Workspace {
  const problems: string[] = [];
  const instructionFiles = findInstructionFiles(path.join(root, INSTRUCTIONS_DIR)).flatMap((file) => {
    try {
      return [parseInstructionFile(file, fs.readFileSync(file, 'utf8'), 'workspace', RULE_IDS)];
    } catch (error) {
      problems.push(`${displayPath(file, cwd)}: cannot read instruction file (${errorMessage(error)}); ignored.`);
      return [];
    }
  });
  for (const file of instructionFiles) problems.push(...describeProblems(file, cwd));

  const raw = readSettings(path.join(root, SETTINGS_FILE), cwd, problems);
  const { settings, problems: settingProblems } = sanitiseSettings(raw, RULE_IDS);
  const { disabled, problems: bundledProblems } = sanitiseBundledInstructions(raw.bundledInstructions, bundled.map((file) => file.id));
  const settingsLabel = displayPath(path.join(root, SETTINGS_FILE), cwd);
  problems.push(...[...settingProblems, ...bundledProblems].map((p) => `${settingsLabel}: ${p}`));
  settings.rules = { ...settings.rules, ...overrides };
  return { root, library: new InstructionLibrary(bundled, instructionFiles, disabled), settings, problems };
}

/**
 * Errors and warnings of an instruction file, one line each. Info-level notes (a missing
 * description) are editor hints, too chatty for a CI log.
 */
export function describeProblems(file: InstructionFile, cwd: string): string[] {
  const label = file.source === 'bundled' ? `${path.basename(file.path)} (bundled)` : displayPath(file.path, cwd);
  return file.problems.filter((p) => p.severity !== 'info').map((p) => `${label}:${p.line + 1}: ${p.message}`);
}

/** `.github/instructions/**\/*.instructions.md`, sorted. */
function findInstructionFiles(dir: string, found: string[] = []): string[] {
  if (!isDirectory(dir)) return found;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) findInstructionFiles(full, found);
    else if (entry.isFile() && entry.name.toLowerCase().endsWith('.instructions.md')) found.push(full);
  }
  return found.sort();
}

/** The `instructionLens.*` keys of a VS Code settings file (JSON with comments and trailing commas). */
function readSettings(file: string, cwd: string, problems: string[]): { enable?: unknown; rules?: unknown; bundledInstructions?: unknown } {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') problems.push(`${displayPath(file, cwd)}: cannot read (${errorMessage(error)}); using the defaults.`);
    return {};
  }
  const errors: ParseError[] = [];
  const json: unknown = parseJsonc(text, errors, { allowTrailingComma: true, allowEmptyContent: true });
  if (errors.length > 0) {
    const { line, column } = new LineMap(text).position(errors[0].offset);
    problems.push(`${displayPath(file, cwd)}:${line}:${column}: not valid JSON (${printParseErrorCode(errors[0].error)}); using the defaults.`);
    return {};
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return {};
  const settings = json as Record<string, unknown>;
  return { enable: settings['instructionLens.enable'], rules: settings['instructionLens.rules'], bundledInstructions: settings['instructionLens.bundledInstructions'] };
}

function isDirectory(file: string): boolean {
  try {
    return fs.statSync(file).isDirectory();
  } catch {
    return false;
  }
}
