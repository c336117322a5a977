import * as path from 'path';
import { run, type CliIo } from './run';

/** The fixture projects the CLI tests check. */
export const FIXTURES = path.join(__dirname, 'fixtures');

export interface Captured {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process with captured output, as if started in `cwd`. */
export async function runCli(argv: readonly string[], cwd: string, color = false): Promise<Captured> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { cwd, color, stdout: (text) => void (stdout += text), stderr: (text) => void (stderr += text) };
  const code = await run(argv, io);
  return { code, stdout, stderr };
}

/** Runs `check` in one fixture folder with JSON output and returns the parsed report. */
export async function checkFixtureJson(fixture: string, ...args: string[]) {
  const result = await runCli(['check', '--format', 'json', ...args], path.join(FIXTURES, fixture));
  return { ...result, report: JSON.parse(result.stdout) as Array<{ filePath: string; findings: Array<Record<string, unknown> & { ruleId: string; severity: string; line: number }> }> };
}
