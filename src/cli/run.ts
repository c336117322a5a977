import * as fs from 'fs';
import * as path from 'path';
import { repository, version } from '../../package.json';
import { ALL_RULES, InstructionLibrary, loadBundledInstructions, RULE_IDS } from '../core';
import { HELP, parseArgs, USAGE, UsageError, type CheckOptions } from './args';
import { checkPaths, type CheckRun } from './check';
import { errorMessage } from './files';
import { formatJson } from './formatters/json';
import { formatSarif } from './formatters/sarif';
import { countFindings, formatRules, formatText } from './formatters/text';
import { COLOURED, PLAIN } from './style';

/** Where the CLI reads and writes: the real process in `main.ts`, captured buffers in tests. */
export interface CliIo {
  cwd: string;
  stdout(text: string): void;
  stderr(text: string): void;
  /** Whether stdout is a terminal that wants colour (reports written with --output never get it). */
  color: boolean;
}

/** Exit codes: findings at error level (or too many warnings) give 1; a usage error gives 2. */
export const EXIT = { ok: 0, findings: 1, usage: 2 } as const;

/** Runs one command line (`argv` without `node` and the script) and returns the exit code. */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const command = parseArgs(argv, RULE_IDS);
    switch (command.kind) {
      case 'help':
        io.stdout(`${HELP}\n`);
        return EXIT.ok;
      case 'version':
        io.stdout(`${version}\n`);
        return EXIT.ok;
      case 'rules':
        io.stdout(formatRules(ALL_RULES));
        return EXIT.ok;
      case 'check':
        return await check(command.options, io);
    }
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`instruction-lens: ${error.message}\n${USAGE}\n`);
    return EXIT.usage;
  }
}

async function check(options: CheckOptions, io: CliIo): Promise<number> {
  const targets = options.paths.map((p) => path.resolve(io.cwd, p));
  const missing = targets.findIndex((target) => !fs.existsSync(target));
  if (missing >= 0) throw new UsageError(`no such file or directory: ${options.paths[missing]}`);

  let result: CheckRun;
  try {
    result = await checkPaths(targets, options.rules, io.cwd);
  } catch (error) {
    io.stderr(`instruction-lens: ${errorMessage(error)}\n`);
    return EXIT.usage;
  }
  for (const notice of result.notices) io.stderr(`${notice.level}: ${notice.message}\n`);

  const toFile = options.output !== undefined;
  const report = render(result, options, io.cwd, !toFile && io.color);
  if (toFile) {
    const file = path.resolve(io.cwd, options.output!);
    try {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, report);
    } catch (error) {
      io.stderr(`instruction-lens: cannot write ${options.output} (${errorMessage(error)})\n`);
      return EXIT.usage;
    }
  } else {
    io.stdout(report);
  }

  const counts = countFindings(result);
  if (counts.error > 0) return EXIT.findings;
  if (options.maxWarnings !== undefined && counts.warning > options.maxWarnings) {
    io.stderr(`instruction-lens: ${counts.warning} warnings, more than --max-warnings ${options.maxWarnings}.\n`);
    return EXIT.findings;
  }
  return EXIT.ok;
}

function render(result: CheckRun, options: CheckOptions, cwd: string, color: boolean): string {
  switch (options.format) {
    case 'json':
      return formatJson(result, cwd);
    case 'sarif': {
      const library = result.workspaces[0]?.library ?? new InstructionLibrary(loadBundledInstructions(RULE_IDS));
      return formatSarif(result, library, { version, informationUri: repository.url.replace(/^git\+/, '').replace(/\.git$/, '') });
    }
    case 'text':
      return formatText(result, { cwd, style: color ? COLOURED : PLAIN, explain: options.explain });
  }
}
