import * as fs from 'fs';
import { parse as parseJsonc, printParseErrorCode, type ParseError } from 'jsonc-parser';
import * as os from 'os';
import * as path from 'path';
import {
  DEFAULT_INSTRUCTIONS_FOLDER,
  instructionFolders,
  INSTRUCTIONS_LOCATIONS_SETTING,
  InstructionLibrary,
  parseInstructionFile,
  parseRepositoryInstructions,
  REPOSITORY_INSTRUCTION_FILES,
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
  /** The folder whose instruction files and `.vscode/settings.json` were read. */
  root: string;
  library: InstructionLibrary;
  settings: EngineSettings;
  /** Problems in its instruction files and settings, for stderr; they never stop the run. */
  problems: string[];
}

const SETTINGS_FILE = path.join('.vscode', 'settings.json');
/** How deep the search of an instruction folder goes (as in the editor); instruction folders are shallow. */
const MAX_DEPTH = 8;

/**
 * The workspace folder of a checked path: the nearest folder, from the path up to the current
 * directory, that holds `.github/instructions/`, `.vscode/settings.json`,
 * `.github/copilot-instructions.md` or `AGENTS.md`. So `check src` run at a repository's root uses
 * the root's settings; a folder outside the current directory, or one with no configuration on
 * the way up, is its own workspace.
 */
export function findWorkspaceRoot(target: string, cwd: string): string {
  const start = isDirectory(target) ? target : path.dirname(target);
  const insideCwd = !path.relative(cwd, start).startsWith('..') && !path.isAbsolute(path.relative(cwd, start));
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (isConfigured(dir)) return dir;
    if (!insideCwd || dir === cwd || path.dirname(dir) === dir) return start;
  }
}

function isConfigured(dir: string): boolean {
  return (
    isDirectory(path.join(dir, DEFAULT_INSTRUCTIONS_FOLDER)) ||
    fs.existsSync(path.join(dir, SETTINGS_FILE)) ||
    REPOSITORY_INSTRUCTION_FILES.some((file) => fs.existsSync(path.join(dir, file)))
  );
}

/**
 * Reads a workspace's instruction files and settings, as the editor does for a workspace folder:
 * `.github/instructions` and the folders `chat.instructionsFilesLocations` turns on, then the
 * repository-wide `.github/copilot-instructions.md` and `AGENTS.md`. A workspace instruction file
 * with the id of a bundled one replaces it; bundled files set to false in
 * `instructionLens.bundledInstructions` are left out; `overrides` (from `--rule`) win over
 * `instructionLens.rules`.
 */
export function loadWorkspace(
  root: string,
  bundled: readonly InstructionFile[],
  overrides: Readonly<Record<string, SeveritySetting>>,
  cwd: string,
  home: string = os.homedir(),
): Workspace {
  const problems: string[] = [];
  const raw = readSettings(path.join(root, SETTINGS_FILE), cwd, problems);
  const paths = new Set(instructionFolders(raw.instructionLocations, root, home).flatMap((folder) => findInstructionFiles(folder)));
  const repositoryWide = REPOSITORY_INSTRUCTION_FILES.map((file) => path.join(root, file)).filter((file) => isFile(file));
  const instructionFiles = [...[...paths].map((file) => [file, false] as const), ...repositoryWide.map((file) => [file, true] as const)].flatMap(([file, wide]) => {
    try {
      const text = fs.readFileSync(file, 'utf8');
      return [wide ? parseRepositoryInstructions(file, text, RULE_IDS) : parseInstructionFile(file, text, 'workspace', RULE_IDS)];
    } catch (error) {
      problems.push(`${displayPath(file, cwd)}: cannot read instruction file (${errorMessage(error)}); ignored.`);
      return [];
    }
  });
  for (const file of instructionFiles) problems.push(...describeProblems(file, cwd));

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

/** `<dir>/**\/*.instructions.md` (not inside `node_modules`), sorted; none when `dir` does not exist. */
function findInstructionFiles(dir: string, depth = 0, found: string[] = []): string[] {
  if (!isDirectory(dir)) return found;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (depth < MAX_DEPTH && entry.name !== 'node_modules') findInstructionFiles(full, depth + 1, found);
    } else if (entry.isFile() && entry.name.toLowerCase().endsWith('.instructions.md')) {
      found.push(full);
    }
  }
  return depth === 0 ? found.sort() : found;
}

interface RawSettings {
  enable?: unknown;
  rules?: unknown;
  bundledInstructions?: unknown;
  /** `chat.instructionsFilesLocations`: more folders of instruction files. */
  instructionLocations?: unknown;
}

/** The keys the CLI reads from a VS Code settings file (JSON with comments and trailing commas). */
function readSettings(file: string, cwd: string, problems: string[]): RawSettings {
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
  return {
    enable: settings['instructionLens.enable'],
    rules: settings['instructionLens.rules'],
    bundledInstructions: settings['instructionLens.bundledInstructions'],
    instructionLocations: settings[INSTRUCTIONS_LOCATIONS_SETTING],
  };
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function isDirectory(file: string): boolean {
  try {
    return fs.statSync(file).isDirectory();
  } catch {
    return false;
  }
}
