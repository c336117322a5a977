/**
 * Entry point of VS Code's extension test mode (`extensionTestsPath`): VS Code loads the bundle
 * built from this file inside the extension host and calls `run()`. The same bundle serves
 * code-server (test/e2e/run-extension-tests.mjs) and @vscode/test-electron (test/electron/run.mjs).
 *
 * To add a suite: write `suite/<name>.test.ts` and import it from `suite/index.ts`.
 * Env: INSTRUCTION_LENS_TEST_RESULTS (results JSON path), INSTRUCTION_LENS_TEST_GREP (filter).
 */
import * as fs from 'node:fs';
import Mocha from 'mocha';

/**
 * What the outside runner reads back; the browser only carries an exit code. Rewritten after
 * every test, so a run that times out still tells how far it got (`finished` false).
 */
interface TestResults {
  finished: boolean;
  passes: string[];
  failures: { title: string; message: string; stack?: string }[];
  pending: string[];
  durationMs: number;
}

export function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'tdd',
    color: false,
    reporter: 'spec',
    timeout: 60_000, // the first test pays for extension host start-up and activation
    grep: process.env.INSTRUCTION_LENS_TEST_GREP,
  });
  // The suites are bundled in, not files mocha loads, so hand them mocha's tdd globals (suite,
  // test, ...) the way mocha would, and only then evaluate them. A static import would run
  // them before the globals exist, hence require().
  mocha.suite.emit('pre-require', globalThis, 'test/integration/suite/index.ts', mocha);
  require('./suite/index');

  const results: TestResults = { finished: false, passes: [], failures: [], pending: [], durationMs: 0 };
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      results.finished = true;
      results.durationMs = Date.now() - started;
      writeResults(results);
      if (failures > 0) reject(new Error(`${failures} test(s) failed`));
      else if (results.passes.length === 0) reject(new Error('no test ran'));
      else resolve();
    });
    runner.on('pass', (test) => results.passes.push(test.fullTitle()));
    runner.on('pending', (test) => results.pending.push(test.fullTitle()));
    runner.on('fail', (test, error: Error) => {
      results.failures.push({ title: test.fullTitle(), message: String(error?.message ?? error), stack: error?.stack });
    });
    runner.on('test end', () => {
      results.durationMs = Date.now() - started;
      writeResults(results);
    });
  });
}

function writeResults(results: TestResults): void {
  const file = process.env.INSTRUCTION_LENS_TEST_RESULTS;
  if (file) fs.writeFileSync(file, JSON.stringify(results, null, 2));
}
