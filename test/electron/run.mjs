// Runs the integration suites in desktop VS Code through @vscode/test-electron: the same bundle
// (dist/test/integration/index.js) that test/e2e/run-extension-tests.mjs runs in code-server.
// It downloads VS Code, so it needs a machine that can; without a display, run it under xvfb-run.
// Env: VSCODE_EXECUTABLE (use this VS Code, no download), VSCODE_VERSION (default "stable").
import path from 'node:path';
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';
import { CACHE_DIR, REPO_ROOT, copyFixtureWorkspace, log, makeRunDir, removeRunDir, requireBuilt } from '../e2e/harness/paths.mjs';
import { printExtensionErrors, reportResults } from '../e2e/harness/results.mjs';

const EXTENSION_TESTS = 'dist/test/integration/index.js';

async function main() {
  requireBuilt('dist/extension.js', EXTENSION_TESTS);
  const vscodeExecutablePath = process.env.VSCODE_EXECUTABLE || await downloadVSCode();
  const runDir = makeRunDir('electron');
  const workspace = copyFixtureWorkspace(runDir);
  const resultsFile = path.join(runDir, 'results.json');

  const problems = [];
  try {
    await runTests({
      vscodeExecutablePath,
      extensionDevelopmentPath: REPO_ROOT,
      extensionTestsPath: path.join(REPO_ROOT, EXTENSION_TESTS),
      // The workspace first (VS Code opens it); fresh profile folders; no other extensions.
      launchArgs: [workspace, `--user-data-dir=${path.join(runDir, 'user-data')}`,
        `--extensions-dir=${path.join(runDir, 'extensions')}`, '--disable-extensions'],
      extensionTestsEnv: { INSTRUCTION_LENS_TEST_RESULTS: resultsFile },
    });
  } catch (error) {
    problems.push(`VS Code exited with ${error.code ?? error.signal ?? error.message}`);
  }
  const reasons = reportResults('integration', resultsFile, problems);
  if (reasons.length) {
    printExtensionErrors(path.join(runDir, 'user-data'));
    console.error(`electron tests FAILED: ${reasons.join('; ')}\n  run folder: ${runDir}`);
    process.exitCode = 1;
  } else {
    removeRunDir(runDir);
  }
}

async function downloadVSCode() {
  const version = process.env.VSCODE_VERSION || 'stable';
  const cachePath = path.join(CACHE_DIR, 'vscode-test');
  log(`downloading VS Code ${version} into ${cachePath}`);
  try {
    return await downloadAndUnzipVSCode({ version, cachePath });
  } catch (error) {
    throw new Error(`could not download VS Code ${version}: ${error.message}\n` +
      '  This route needs a machine that can download VS Code, or VSCODE_EXECUTABLE set to a local one.\n' +
      '  Offline, run the same suites in code-server instead: npm run test:integration');
  }
}

main().catch((error) => {
  console.error(`electron tests FAILED: ${error.message}`);
  process.exitCode = 1;
});
