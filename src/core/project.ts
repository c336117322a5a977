import * as fs from 'fs';
import * as path from 'path';
import { EMPTY_PROJECT, type ProjectInfo } from './sourceFile';

const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'] as const;

/**
 * Finds the nearest `package.json` above a file and reads which packages the project depends on.
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
    const info = manifest !== undefined ? { ...parseManifest(manifest), root: dir } : parent === dir ? EMPTY_PROJECT : this.forDir(parent);
    this.byDir.set(dir, info);
    return info;
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
    return { dependencies: names };
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
