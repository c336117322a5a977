import * as fs from 'fs';
import * as path from 'path';
import { Engine, loadBundledInstructions, ProjectIndex, RULE_IDS, SourceParser, type Finding, type SeveritySetting } from '../core';
import { collectFiles, displayPath, errorMessage, LineMap } from './files';
import { describeProblems, findWorkspaceRoot, loadWorkspace, type Workspace } from './workspace';

/** One analysed file and what the engine found in it. */
export interface FileReport {
  /** Absolute path. */
  path: string;
  text: string;
  lines: LineMap;
  findings: Finding[];
  /** The configuration it was checked with: the library explains its findings. */
  workspace: Workspace;
}

/** Something the user should know that is not a finding; printed on stderr, never fatal. */
export interface Notice {
  level: 'warning' | 'error';
  message: string;
}

export interface CheckRun {
  files: FileReport[];
  /** The folder that was checked (the common folder of several paths): SARIF URIs are relative to it. */
  baseDir: string;
  workspaces: Workspace[];
  notices: Notice[];
}

/**
 * Analyses every supported file under `targets` (absolute paths that exist) with the bundled
 * instruction files, each folder's own instruction files and settings, and the `--rule` overrides.
 */
export async function checkPaths(targets: readonly string[], overrides: Readonly<Record<string, SeveritySetting>>, cwd: string): Promise<CheckRun> {
  const notices: Notice[] = [];
  const warn = (message: string) => notices.push({ level: 'warning', message });
  const bundled = loadBundledInstructions(RULE_IDS);
  // The user cannot fix the bundled files (the meta-test keeps them clean): one line, not a list.
  const bundledProblems = bundled.flatMap((file) => describeProblems(file, cwd));
  if (bundledProblems.length > 0) {
    warn(`the bundled instruction files have ${bundledProblems.length} problem(s), a bug in Instruction Lens itself; the first: ${bundledProblems[0]}`);
  }

  // One parser for every workspace: the grammars load once.
  const parser = new SourceParser();
  const workspaces = new Map<string, { workspace: Workspace; engine: Engine }>();
  const workspaceOf = (target: string) => {
    const root = findWorkspaceRoot(target, cwd);
    let entry = workspaces.get(root);
    if (!entry) {
      const workspace = loadWorkspace(root, bundled, overrides, cwd);
      workspace.problems.forEach(warn);
      if (!workspace.settings.enable) warn(`instructionLens.enable is false in ${displayPath(root, cwd)}/.vscode/settings.json: its files are not checked.`);
      entry = { workspace, engine: new Engine(workspace.library, undefined, parser) };
      workspaces.set(root, entry);
    }
    return entry;
  };

  const planned = new Map<string, { workspace: Workspace; engine: Engine }>();
  for (const target of targets) {
    const entry = workspaceOf(target);
    const collected = collectFiles([target], cwd);
    collected.notices.forEach(warn);
    if (!entry.workspace.settings.enable) continue;
    for (const file of collected.files) if (!planned.has(file)) planned.set(file, entry);
  }

  const projects = new ProjectIndex();
  const files: FileReport[] = [];
  for (const [file, { workspace, engine }] of [...planned].sort(([a], [b]) => a.localeCompare(b))) {
    const shown = displayPath(file, cwd);
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (error) {
      notices.push({ level: 'error', message: `${shown}: cannot read file (${errorMessage(error)}); skipped.` });
      continue;
    }
    try {
      const analysis = await engine.analyze({ path: file, text, project: projects.forFile(file) }, workspace.settings);
      if (analysis.skipped) {
        // Listed nowhere in the report: an empty entry would read as "checked and clean".
        warn(`${shown}: not analysed: ${analysis.skipped}.`);
        continue;
      }
      for (const failure of analysis.ruleErrors) {
        const [id, ...reason] = failure.split('\n')[0].split(': ');
        warn(`${shown}: rule ${id} failed (${reason.join(': ')}); its findings in this file are dropped.`);
      }
      files.push({ path: file, text, lines: new LineMap(text), findings: analysis.findings, workspace });
    } catch (error) {
      notices.push({ level: 'error', message: `${shown}: cannot be analysed (${errorMessage(error)}); skipped.` });
    }
  }
  return { files, baseDir: commonFolder(targets), workspaces: [...workspaces.values()].map((e) => e.workspace), notices };
}

/** The deepest folder holding every target (a file counts as its folder). */
export function commonFolder(targets: readonly string[]): string {
  const folders = targets.map((t) => (fs.statSync(t).isDirectory() ? t : path.dirname(t)));
  let common = folders[0];
  for (const folder of folders.slice(1)) {
    while (common !== path.dirname(common) && path.relative(common, folder).startsWith('..')) common = path.dirname(common);
  }
  return common;
}
