// Bundles the extension, the CLI, the benchmark and the in-editor test suites with esbuild, and
// copies the tree-sitter runtime and grammar .wasm files beside the bundles (dist/wasm).
import * as esbuild from 'esbuild';
import { cpSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const watch = process.argv.includes('--watch');

const GRAMMARS = ['tree-sitter-typescript.wasm', 'tree-sitter-tsx.wasm', 'tree-sitter-javascript.wasm'];

function copyWasm() {
  const out = join(root, 'dist', 'wasm');
  mkdirSync(out, { recursive: true });
  cpSync(require.resolve('web-tree-sitter/web-tree-sitter.wasm'), join(out, 'web-tree-sitter.wasm'));
  const grammarDir = dirname(require.resolve('@vscode/tree-sitter-wasm/wasm/tree-sitter-typescript.wasm'));
  for (const grammar of GRAMMARS) cpSync(join(grammarDir, grammar), join(out, grammar));
}

/** Entry points that exist (the integration suites and the bench may be absent in a partial tree). */
function entries() {
  const list = {
    extension: 'src/extension/extension.ts',
    engine: 'src/extension/engineHost.ts',
    cli: 'src/cli/main.ts',
    bench: 'bench/bench.ts',
    'bench-rules': 'bench/ruleCosts.ts',
    'test/integration/index': 'test/integration/index.ts',
  };
  return Object.fromEntries(Object.entries(list).filter(([, file]) => existsSync(join(root, file))));
}

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
  absWorkingDir: root,
  outdir: join(root, 'dist'),
  // `vscode` is provided by the editor; the engine is a separate bundle the extension loads lazily,
  // so that activation evaluates only the small adapter. The extension requires it as './engine.js':
  // a bare './engine' would also match the core's own `import ... from './engine'`.
  external: ['vscode', './engine.js', 'mocha'],
  // web-tree-sitter probes for these Node built-ins itself.
  mainFields: ['main', 'module'],
  // jsonc-parser's `main` is a UMD wrapper whose inner `require` calls esbuild cannot follow.
  // web-tree-sitter's ESM build calls createRequire(import.meta.url), which is empty in a CJS
  // bundle; its CommonJS build (what `require.resolve` picks) works.
  alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js', 'web-tree-sitter': require.resolve('web-tree-sitter') },
};

copyWasm();
const options = { ...common, entryPoints: entries() };
if (watch) {
  const context = await esbuild.context(options);
  await context.watch();
  console.log('esbuild: watching');
} else {
  const result = await esbuild.build({ ...options, metafile: true });
  const outputs = Object.entries(result.metafile.outputs).filter(([file]) => file.endsWith('.js'));
  for (const [file, info] of outputs) console.log(`built ${file} (${(info.bytes / 1024).toFixed(0)} KB)`);
  if (!readdirSync(join(root, 'dist', 'wasm')).length) throw new Error('no wasm copied');
}
