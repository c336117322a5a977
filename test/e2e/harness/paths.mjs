// Where things are: the repo, its fixtures, and the tools scripts/e2e/setup.sh installed.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const FIXTURE_WORKSPACE = path.join(REPO_ROOT, 'test/fixtures/workspace');
export const CACHE_DIR = process.env.INSTRUCTION_LENS_CACHE || path.join(os.homedir(), '.cache/instruction-lens');

/**
 * Paths to Node 24, code-server's entry script and Chromium. Taken from the environment when set,
 * otherwise from the env.sh that setup.sh writes into the cache.
 */
export function toolPaths() {
  const fromFile = readEnvFile(path.join(CACHE_DIR, 'env.sh'));
  const pick = (name) => process.env[name] || fromFile[name];
  const tools = { node24: pick('NODE24'), codeServerEntry: pick('CODE_SERVER_ENTRY'), chromium: pick('CHROMIUM') };
  for (const [name, file] of Object.entries(tools)) {
    if (!file || !fs.existsSync(file)) {
      throw new Error(`${name} not found (${file || 'not set'}). Run: bash scripts/e2e/setup.sh`);
    }
  }
  return tools;
}

function readEnvFile(file) {
  if (!fs.existsSync(file)) return {};
  const values = {};
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const match = /^export (\w+)="(.*)"$/.exec(line.trim());
    if (match) values[match[1]] = match[2];
  }
  return values;
}

/** A fresh folder for one run: user data, extensions, logs and the workspace copy live in it. */
export function makeRunDir(name) {
  return fs.mkdtempSync(path.join(os.tmpdir(), `instruction-lens-${name}-`));
}

/** Deletes a passed run's folder; a failed run's stays for its logs and screenshots. */
export function removeRunDir(runDir) {
  if (!process.env.INSTRUCTION_LENS_E2E_KEEP) fs.rmSync(runDir, { recursive: true, force: true });
}

/** Copies the fixture workspace into the run folder, so tests may edit files freely. */
export function copyFixtureWorkspace(runDir) {
  const workspace = path.join(runDir, 'workspace');
  fs.cpSync(FIXTURE_WORKSPACE, workspace, { recursive: true });
  return workspace;
}

/** Fails early, with the command to run, when the build output the tests load is missing. */
export function requireBuilt(...relativePaths) {
  for (const relative of relativePaths) {
    if (!fs.existsSync(path.join(REPO_ROOT, relative))) {
      throw new Error(`${relative} is missing. Run: npm run build`);
    }
  }
}

const started = Date.now();
/** Logs with the seconds since the runner started, so slow steps stand out. */
export function log(...parts) {
  console.log(`[e2e ${((Date.now() - started) / 1000).toFixed(1)}s]`, ...parts);
}
