// Starts code-server (the real VS Code workbench and extension host) on a free loopback port,
// with fresh user data and extensions folders and settings that keep it quiet and offline.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { toolPaths } from './paths.mjs';

const READY_TIMEOUT_MS = 60_000;

// Workbench features that would reach the network or put pop-ups over the editor.
const QUIET_SETTINGS = {
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'workbench.enableExperiments': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'chat.disableAIFeatures': true,
  'git.enabled': false,
  'update.mode': 'none',
};

/** Environment for code-server and everything it starts (the extension host inherits it). */
function codeServerEnv(extra) {
  const env = { ...process.env, ...extra };
  // An empty gallery stops look-ups on open-vsx, which this machine cannot reach.
  env.EXTENSIONS_GALLERY ??= '{"serviceUrl":""}';
  // Set inside a code-server terminal, this would hand our commands to that outer instance.
  delete env.VSCODE_IPC_HOOK_CLI;
  delete env.PASSWORD;
  delete env.HASHED_PASSWORD;
  return env;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Folders code-server keeps its state in, all inside the run folder. */
export function codeServerDirs(runDir) {
  return { userDataDir: path.join(runDir, 'user-data'), extensionsDir: path.join(runDir, 'extensions') };
}

/** Installs a .vsix into the run's extensions folder with code-server's own CLI. */
export function installExtension(runDir, vsixPath) {
  const { node24, codeServerEntry } = toolPaths();
  const { userDataDir, extensionsDir } = codeServerDirs(runDir);
  const result = spawnSync(node24, [codeServerEntry, '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir, '--install-extension', vsixPath],
  { encoding: 'utf8', env: codeServerEnv(), timeout: 120_000 });
  if (result.status !== 0) {
    throw new Error(`code-server --install-extension failed (${result.status ?? result.signal}):\n${result.stdout}${result.stderr}`);
  }
  return result.stdout.trim();
}

/**
 * Starts code-server and resolves once it listens.
 * @param {object} options
 * @param {string} options.runDir fresh folder for user data, extensions and the log
 * @param {string[]} [options.args] extra code-server arguments
 * @param {object} [options.env] extra environment for code-server and the extension host
 * @param {object} [options.settings] user settings on top of the quiet defaults
 * @returns {Promise<{port: number, readyMs: number, logFile: string, workbenchUrl: Function, stop: Function}>}
 */
export async function startCodeServer({ runDir, args = [], env = {}, settings = {} }) {
  const { node24, codeServerEntry } = toolPaths();
  const { userDataDir, extensionsDir } = codeServerDirs(runDir);
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'),
    JSON.stringify({ ...QUIET_SETTINGS, ...settings }, null, 2));
  // An explicit config file keeps code-server from reading or writing ~/.config/code-server.
  const configFile = path.join(runDir, 'code-server.yaml');
  fs.writeFileSync(configFile, 'auth: none\ncert: false\n');

  const port = await freePort();
  const logFile = path.join(runDir, 'code-server.log');
  const logStream = fs.createWriteStream(logFile);
  const started = Date.now();
  // detached: code-server gets its own process group, so stop() reaches the extension host and the
  // file watcher too (the watcher outlives a SIGTERM sent to code-server alone).
  const child = spawn(node24, [codeServerEntry,
    '--config', configFile, '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none',
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
    '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, ...args],
  { stdio: ['ignore', 'pipe', 'pipe'], env: codeServerEnv(env), detached: true });
  // The group is not the terminal's foreground group, so Ctrl+C would not reach it: on our exit
  // or interruption, take it down too.
  const killOnExit = () => killGroup(child.pid, 'SIGKILL');
  const exitOnSignal = (signal) => process.exit(128 + os.constants.signals[signal]);
  process.on('exit', killOnExit);
  process.once('SIGINT', exitOnSignal);
  process.once('SIGTERM', exitOnSignal);

  let output = '';
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`code-server did not listen within ${READY_TIMEOUT_MS} ms`)), READY_TIMEOUT_MS);
    const onData = (chunk) => {
      logStream.write(chunk);
      output += chunk;
      if (output.includes('HTTP server listening')) { clearTimeout(timer); resolve(); }
    };
    const fail = (error) => { clearTimeout(timer); reject(new Error(`${error.message}; log: ${logFile}\n${output.slice(-2000)}`)); };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code, signal) => fail(new Error(`code-server exited early (${code ?? signal})`)));
  }).catch(async (error) => {
    await stopGroup(child);
    throw error;
  });

  return {
    port,
    readyMs: Date.now() - started,
    logFile,
    /** The workbench URL for a folder, with optional extra query parameters. */
    workbenchUrl(folder, query = {}) {
      const params = new URLSearchParams({ folder, ...query });
      return `http://127.0.0.1:${port}/?${params}`;
    },
    async stop() {
      process.off('exit', killOnExit);
      process.off('SIGINT', exitOnSignal);
      process.off('SIGTERM', exitOnSignal);
      await stopGroup(child);
      logStream.end();
    },
  };
}

function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false; // ESRCH: the group is gone already
  }
}

/** SIGTERM to the whole group, then SIGKILL whatever is still there after 5 s. */
async function stopGroup(child) {
  const deadline = Date.now() + 5000;
  killGroup(child.pid, 'SIGTERM');
  while (Date.now() < deadline && killGroup(child.pid, 0)) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  killGroup(child.pid, 'SIGKILL');
}
