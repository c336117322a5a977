// Reads back what a run left: the results JSON that test/integration/index.ts writes, and the
// extension's own log, which says why a test saw nothing.
import fs from 'node:fs';
import path from 'node:path';

const EXTENSION_ID = 'instruction-lens.instruction-lens';

/**
 * Prints failures and the closing "label: N passed, N failed" line; returns the reasons the run
 * failed (none when it passed). `problems` are reasons the runner already found (a timeout, ...).
 */
export function reportResults(label, resultsFile, problems = []) {
  const results = readResults(resultsFile);
  if (!results) return [...problems, `no results in ${resultsFile}: did the test entry load?`];
  for (const failure of results.failures) console.log(`FAILED: ${failure.title}\n  ${failure.message}`);
  const reasons = [...problems];
  if (!results.finished) reasons.push('the run did not finish: the counts are as far as it got');
  if (results.failures.length) reasons.push(`${results.failures.length} test(s) failed`);
  if (results.passes.length + results.failures.length === 0) reasons.push('no test ran');
  // The plain closing line CI reads.
  console.log(`${label}: ${results.passes.length} passed, ${results.failures.length} failed`);
  return reasons;
}

function readResults(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return null; // not written, or cut short by a timeout mid-write
  }
}

/** Names the extension's log files under a VS Code user-data folder and repeats their errors. */
export function printExtensionErrors(userDataDir, maxLines = 10) {
  const logsDir = path.join(userDataDir, 'logs');
  if (!fs.existsSync(logsDir)) return;
  const logs = fs.readdirSync(logsDir, { recursive: true })
    .filter((file) => file.includes(EXTENSION_ID) && file.endsWith('.log'))
    .map((file) => path.join(logsDir, file));
  for (const file of logs) {
    const errors = fs.readFileSync(file, 'utf8').split('\n').filter((line) => line.includes('[error]'));
    console.log(`extension log: ${file} (${errors.length} errors)`);
    for (const line of errors.slice(0, maxLines)) console.log(`  ${line}`);
  }
}
