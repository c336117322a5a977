// Runs the mocha suites in dist/test/integration inside a real VS Code extension host
// (code-server + headless Chromium), in VS Code's extension test mode.
// Exits non-zero on a failed test, on no test run, or on timeout.
// Env: INSTRUCTION_LENS_E2E_TIMEOUT_MS (default 300000); INSTRUCTION_LENS_E2E_KEEP=1 keeps the
// run folder (logs, workspace copy) after a pass too.
import fs from 'node:fs';
import path from 'node:path';
import util from 'node:util';
import { launchBrowser } from './harness/browser.mjs';
import { codeServerDirs, startCodeServer } from './harness/code-server.mjs';
import { REPO_ROOT, copyFixtureWorkspace, log, makeRunDir, removeRunDir, requireBuilt } from './harness/paths.mjs';
import { printExtensionErrors, reportResults } from './harness/results.mjs';

const TIMEOUT_MS = Number(process.env.INSTRUCTION_LENS_E2E_TIMEOUT_MS || 300_000);
const EXTENSION_TESTS = 'dist/test/integration/index.js';

// Workbench chatter that says nothing about our tests (connection set-up, the disabled gallery,
// no network or GitHub sign-in here). It still goes to workbench.log in the run folder.
const NOISE = new RegExp([
  '^(Resolving|Resolved) connection token', '^Creating a socket', '^\\[reconnection-grace-time\\]',
  'builtin extensions', '^\\[Service Worker\\]', '^\\[AgentHost', '^\\[AccountPolicyGate\\]',
  'authentication provider', 'vsda', 'ENOTFOUND', 'EAI_AGAIN', '^Canceled',
].join('|'));

async function main() {
  requireBuilt('dist/extension.js', EXTENSION_TESTS);
  const runDir = makeRunDir('extension-tests');
  const workspace = copyFixtureWorkspace(runDir);
  const resultsFile = path.join(runDir, 'results.json');
  log(`run folder ${runDir}`);

  // The smoke-test driver flag makes the workbench honour the ?payload= test parameters.
  // The extension host inherits code-server's environment, hence the results path travels there.
  const workbenchLog = fs.createWriteStream(path.join(runDir, 'workbench.log'));
  const server = await startCodeServer({
    runDir,
    args: ['--vscode-option', 'enable-smoke-test-driver'],
    env: { INSTRUCTION_LENS_TEST_RESULTS: resultsFile },
  });
  log(`code-server listening on port ${server.port} after ${server.readyMs} ms`);

  let browser;
  let outcome;
  try {
    browser = await launchBrowser(runDir);
    outcome = await runTestsInPage(browser.page, server, workspace, workbenchLog);
  } finally {
    await browser?.context.close().catch(() => {});
    await server.stop();
    workbenchLog.end();
  }
  report(outcome, resultsFile, runDir);
}

/** Opens the workbench in test mode and resolves with the exit code VS Code reports, or 'timeout'. */
async function runTestsInPage(page, server, workspace, workbenchLog) {
  let exitCode;
  let finished = false;
  const exited = new Promise((resolve) => { exitCode = resolve; });
  // The workbench calls these page globals in test mode: log lines (mocha's output among them)
  // and the final exit code (0 passed, 1 failed). code-server itself never exits.
  await page.exposeFunction('codeAutomationLog', (type, args) => {
    const text = util.format(...(args ?? []));
    workbenchLog.write(`[${type}] ${text}\n`);
    // After the exit the workbench shuts the extension host down: only "Canceled" noise follows
    // (and some of it may come just before the exit).
    if (!finished && !NOISE.test(text)) console.log(text);
  });
  await page.exposeFunction('codeAutomationExit', (code) => { finished = true; exitCode(code); });

  const remote = (file) => `vscode-remote://127.0.0.1:${server.port}${file}`;
  const payload = [
    ['extensionDevelopmentPath', remote(REPO_ROOT)],
    ['extensionTestsPath', remote(path.join(REPO_ROOT, EXTENSION_TESTS))],
  ];
  const started = Date.now();
  await page.goto(server.workbenchUrl(workspace, { payload: JSON.stringify(payload) }));

  let timer;
  const timedOut = new Promise((resolve) => { timer = setTimeout(() => resolve('timeout'), TIMEOUT_MS); });
  const code = await Promise.race([exited, timedOut]);
  clearTimeout(timer);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  log(code === 'timeout' ? `timed out ${seconds} s after the page opened` : `tests finished ${seconds} s after the page opened (exit code ${code})`);
  return code;
}

function report(outcome, resultsFile, runDir) {
  const problems = [];
  if (outcome === 'timeout') problems.push(`no result within ${TIMEOUT_MS} ms (INSTRUCTION_LENS_E2E_TIMEOUT_MS)`);
  else if (outcome !== 0) problems.push(`VS Code reported exit code ${outcome}`);
  const reasons = reportResults('integration', resultsFile, problems);
  if (reasons.length) {
    printExtensionErrors(codeServerDirs(runDir).userDataDir);
    console.error(`extension tests FAILED: ${reasons.join('; ')}\n  logs: ${runDir}/code-server.log, ${runDir}/workbench.log`);
    process.exitCode = 1;
  } else {
    removeRunDir(runDir);
  }
}

main().catch((error) => {
  console.error(`extension tests FAILED: ${error.message}`);
  process.exitCode = 1;
});
