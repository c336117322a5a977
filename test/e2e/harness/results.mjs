// Reads the results JSON that test/integration/index.ts writes and prints the verdict.
import fs from 'node:fs';

/**
 * Prints failures and the closing "label: N passed, N failed" line; returns the reasons the run
 * failed (none when it passed). `problems` are reasons the runner already found (a timeout, ...).
 */
export function reportResults(label, resultsFile, problems = []) {
  const results = fs.existsSync(resultsFile) ? JSON.parse(fs.readFileSync(resultsFile, 'utf8')) : null;
  if (!results) return [...problems, `no results file was written (${resultsFile}): did the test entry load?`];
  for (const failure of results.failures) console.log(`FAILED: ${failure.title}\n  ${failure.message}`);
  const reasons = [...problems];
  if (results.failures.length) reasons.push(`${results.failures.length} test(s) failed`);
  if (results.passes.length + results.failures.length === 0) reasons.push('no test ran');
  // The plain closing line CI reads.
  console.log(`${label}: ${results.passes.length} passed, ${results.failures.length} failed`);
  return reasons;
}
