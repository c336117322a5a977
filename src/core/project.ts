import * as fs from 'fs';
import * as path from 'path';
import { EMPTY_PROJECT, type ProjectInfo } from './sourceFile';

const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'] as const;

/**
 * Finds the nearest `package.json` above a file and reads which packages the project depends on.
 * A repository without one at its top (NodeBB keeps it under `install/`) still has a project root:
 * the folder holding `.git`, so that `test/` and `public/` are read inside the project.
 * Results are cached per folder; `invalidate` drops them when a manifest changes.
 */
export class ProjectIndex {
  private readonly byDir = new Map<string, ProjectInfo>();

  constructor(private readonly readFile: (file: string) => string | undefined = readIfExists) {}

  forFile(filePath: string): ProjectInfo {
    return this.forDir(path.dirname(filePath));
  }

  invalidate(): void {
    this.byDir.clear();
  }

  private forDir(dir: string): ProjectInfo {
    const cached = this.byDir.get(dir);
    if (cached) return cached;
    const manifest = this.readFile(path.join(dir, 'package.json'));
    const parent = path.dirname(dir);
    let info: ProjectInfo;
    if (manifest !== undefined) info = { ...parseManifest(manifest), root: dir };
    else if (this.isRepositoryRoot(dir)) info = { dependencies: new Set(), root: dir };
    else info = parent === dir ? EMPTY_PROJECT : this.forDir(parent);
    this.byDir.set(dir, info);
    return info;
  }

  /** `.git/HEAD` for a clone, or a `.git` file pointing elsewhere for a worktree or submodule. */
  private isRepositoryRoot(dir: string): boolean {
    return this.readFile(path.join(dir, '.git', 'HEAD')) !== undefined || (this.readFile(path.join(dir, '.git'))?.startsWith('gitdir:') ?? false);
  }
}

/** Dependencies of a package.json text; an unreadable manifest counts as none. */
export function parseManifest(text: string): ProjectInfo {
  try {
    const json = JSON.parse(text) as Record<string, unknown>;
    const names = new Set<string>();
    for (const field of DEPENDENCY_FIELDS) {
      const deps = json[field];
      if (deps && typeof deps === 'object') for (const name of Object.keys(deps)) names.add(name);
    }
    return { dependencies: names, name: typeof json.name === 'string' ? json.name : undefined };
  } catch {
    return EMPTY_PROJECT;
  }
}

function readIfExists(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
