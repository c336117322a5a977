/**
 * Where workspace instruction files live: Copilot's `.github/instructions`, the extra folders of
 * VS Code's `chat.instructionsFilesLocations`, and the repository-wide files. No `vscode` import,
 * so the path rules are unit-tested in plain Node; the editor (`src/extension/settings.ts`) and the
 * CLI (`src/cli/workspace.ts`) both read the setting and call this.
 */
import * as path from 'path';

/** VS Code's setting: an object mapping a folder (relative, absolute or `~/...`) to whether chat reads it. */
export const INSTRUCTIONS_LOCATIONS_SETTING = 'chat.instructionsFilesLocations';

/** Copilot's own folder, relative to a workspace folder: always read, whatever the setting says. */
export const DEFAULT_INSTRUCTIONS_FOLDER = '.github/instructions';

/**
 * Repository-wide instruction files, relative to a workspace folder: Copilot applies them to every
 * request. Their ids are `copilot-instructions` and `AGENTS`.
 */
export const REPOSITORY_INSTRUCTION_FILES = ['.github/copilot-instructions.md', 'AGENTS.md'] as const;

/** The files read in each instruction folder, at any depth. */
export const INSTRUCTION_FILE_GLOB = '**/*.instructions.md';

/** Glob characters VS Code refuses in a location (its setting's schema says so); such an entry is skipped. */
const GLOB_CHARACTERS = /[*?[\]{}]/;

/**
 * The absolute folders to read `*.instructions.md` from for one workspace folder:
 * `.github/instructions`, then each entry of `chat.instructionsFilesLocations` set to `true`,
 * relative to the workspace folder, absolute, or starting with `~` (the home folder). Entries that
 * are not `true`, or that hold glob characters, are skipped; the result has no duplicates.
 */
export function instructionFolders(setting: unknown, workspaceFolder: string, home: string): string[] {
  const folders = [path.resolve(workspaceFolder, DEFAULT_INSTRUCTIONS_FOLDER)];
  if (typeof setting === 'object' && setting !== null && !Array.isArray(setting)) {
    for (const [location, enabled] of Object.entries(setting as Record<string, unknown>)) {
      const trimmed = location.trim();
      if (enabled !== true || !trimmed || GLOB_CHARACTERS.test(trimmed)) continue;
      const expanded = trimmed === '~' || /^~[\\/]/.test(trimmed) ? path.join(home, trimmed.slice(1)) : trimmed;
      const folder = path.resolve(workspaceFolder, expanded);
      if (!folders.includes(folder)) folders.push(folder);
    }
  }
  return folders;
}
