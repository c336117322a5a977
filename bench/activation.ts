import { spawnSync } from 'child_process';
import * as path from 'path';
import { summarise, type Timing } from './stats';

/**
 * Loads and activates the bundled extension (dist/extension.js) in a fresh Node process, with a
 * stand-in `vscode` module whose every API call returns a disposable, and no document open. This
 * measures our own cost (module evaluation plus activate()), which is what an extension controls;
 * one child process per sample so the module cache is cold each time.
 */
const CHILD = String.raw`
const Module = require('module');
const disposable = () => new Proxy(function () {}, {
  get: (t, p) => (p === 'then' ? undefined : p === Symbol.iterator ? [][Symbol.iterator] : disposable()),
  apply: () => disposable(),
  construct: () => disposable(),
  set: () => true,
  defineProperty: () => true,
});
const workspace = new Proxy({ textDocuments: [], workspaceFolders: [] }, { get: (t, p) => (p in t ? t[p] : disposable()) });
const windowNs = new Proxy({ visibleTextEditors: [], activeTextEditor: undefined }, { get: (t, p) => (p in t ? t[p] : disposable()) });
// Every name @types/vscode exports becomes an own property, as bundlers copy a module's own keys.
const vscode = {};
const api = require('fs').readFileSync(require.resolve('@types/vscode/index.d.ts', { paths: [process.argv[2]] }), 'utf8');
for (const [, name] of api.matchAll(/^\t?export (?:namespace|class|enum|const|function|let) (\w+)/gm)) vscode[name] = disposable();
vscode.workspace = workspace;
vscode.window = windowNs;
const load = Module._load;
Module._load = function (request, ...rest) { return request === 'vscode' ? vscode : load.call(this, request, ...rest); };
const start = process.hrtime.bigint();
const extension = require(process.argv[1]);
const context = { subscriptions: [], extensionPath: process.argv[2], extensionUri: { fsPath: process.argv[2] },
  globalState: disposable(), workspaceState: disposable(), asAbsolutePath: (p) => require('path').join(process.argv[2], p) };
Promise.resolve(extension.activate(context)).then(() => {
  const end = process.hrtime.bigint();
  process.stdout.write(String(Number(end - start) / 1e6));
});
`;

export function measureActivation(root: string, runs: number): Timing {
  const bundle = path.join(root, 'dist', 'extension.js');
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const child = spawnSync(process.execPath, ['-e', CHILD, bundle, root], { encoding: 'utf8' });
    if (child.status !== 0) throw new Error(`activation run failed: ${child.stderr}`);
    samples.push(Number(child.stdout));
  }
  return summarise(samples);
}
