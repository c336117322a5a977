import type { SeveritySetting } from '../core';

export type OutputFormat = 'text' | 'json' | 'sarif';

export const FORMATS: readonly OutputFormat[] = ['text', 'json', 'sarif'];
const SEVERITY_SETTINGS: readonly SeveritySetting[] = ['off', 'info', 'warning', 'error'];

export interface CheckOptions {
  /** Files and folders as given (relative to the current directory); `.` when none. */
  paths: string[];
  format: OutputFormat;
  /** Write the report here instead of stdout. */
  output?: string;
  /** Text format only: quote the instruction section and show the fix under each finding. */
  explain: boolean;
  /** `--rule id=severity`, applied over the folder's settings. */
  rules: Record<string, SeveritySetting>;
  /** Exit 1 when there are more warnings than this. */
  maxWarnings?: number;
}

export type Command = { kind: 'check'; options: CheckOptions } | { kind: 'rules' } | { kind: 'help' } | { kind: 'version' };

/** A mistake on the command line: reported in one line with the usage, exit code 2. */
export class UsageError extends Error {}

export const USAGE = `Usage: instruction-lens check [paths...] [--format text|json|sarif] [--output FILE] [--explain]
                              [--rule id=off|info|warning|error]... [--max-warnings N]
       instruction-lens rules
       instruction-lens --help | --version`;

export const HELP = `instruction-lens: check backend code against your team's *.instructions.md standards.

${USAGE}

Commands:
  check [paths...]       Analyse files and folders (default: the current folder). Folders are walked,
                         skipping node_modules, dist, build, out, coverage and dot-folders.
  rules                  List the rules with their default severity and the section that explains them.

Options for check:
  -f, --format FORMAT    text (default), json or sarif (SARIF 2.1.0, for code scanning).
  -o, --output FILE      Write the report to FILE instead of stdout.
  --explain              Under each finding, quote the instruction section behind it and show its fix.
  --rule id=SEVERITY     Set a rule to off, info, warning or error; repeat for several rules.
  --max-warnings N       Exit with 1 when there are more than N warnings.
  -h, --help             Show this help.
  -v, --version          Show the version.

Configuration comes from the folder being checked, as in the editor: instruction files under
.github/instructions/ and instructionLens.* settings in .vscode/settings.json (the nearest such folder
between the path and the current directory). --rule overrides the settings.

Exit codes: 0 no errors, 1 error findings (or too many warnings), 2 usage error.`;

/** Reads the command line; throws `UsageError` on anything it does not understand. */
export function parseArgs(argv: readonly string[], knownRuleIds: ReadonlySet<string>): Command {
  const args = [...argv];
  if (args.length === 0 || args.some((a) => a === '--help' || a === '-h')) return { kind: 'help' };
  if (args.some((a) => a === '--version' || a === '-v')) return { kind: 'version' };
  const command = args.shift()!;
  if (command === 'rules') {
    if (args.length > 0) throw new UsageError(`"rules" takes no arguments, got ${args[0]}`);
    return { kind: 'rules' };
  }
  if (command !== 'check') {
    throw new UsageError(command.startsWith('-') ? `expected a command before ${command}` : `unknown command "${command}"`);
  }
  return { kind: 'check', options: parseCheckOptions(args, knownRuleIds) };
}

function parseCheckOptions(args: string[], knownRuleIds: ReadonlySet<string>): CheckOptions {
  const options: CheckOptions = { paths: [], format: 'text', explain: false, rules: {} };
  let onlyPaths = false;
  while (args.length > 0) {
    const arg = args.shift()!;
    if (onlyPaths || !arg.startsWith('-') || arg === '-') {
      options.paths.push(arg);
      continue;
    }
    if (arg === '--') {
      onlyPaths = true;
      continue;
    }
    // Accept both `--format json` and `--format=json`.
    const equals = arg.indexOf('=');
    const flag = arg.startsWith('--') && equals > 0 ? arg.slice(0, equals) : arg;
    const inline = flag === arg ? undefined : arg.slice(equals + 1);
    const value = (): string => {
      const v = inline ?? args.shift();
      if (v === undefined || (inline === undefined && /^-[^\d]/.test(v))) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '-f':
      case '--format': {
        const format = value();
        if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`unknown format "${format}"; use ${FORMATS.join(', ')}`);
        options.format = format as OutputFormat;
        break;
      }
      case '-o':
      case '--output':
        options.output = value();
        break;
      case '--explain':
        if (inline !== undefined) throw new UsageError('--explain takes no value');
        options.explain = true;
        break;
      case '--rule': {
        const [id, severity] = parseRuleSetting(value(), knownRuleIds);
        options.rules[id] = severity;
        break;
      }
      case '--max-warnings': {
        const text = value();
        if (!/^\d+$/.test(text)) throw new UsageError(`--max-warnings needs a whole number, not "${text}"`);
        options.maxWarnings = Number(text);
        break;
      }
      default:
        throw new UsageError(`unknown option ${flag}`);
    }
  }
  if (options.explain && options.format !== 'text') throw new UsageError(`--explain works with the text format only, not ${options.format}`);
  if (options.paths.length === 0) options.paths.push('.');
  return options;
}

function parseRuleSetting(text: string, knownRuleIds: ReadonlySet<string>): [string, SeveritySetting] {
  const match = /^([\w-]+)=(\w+)$/.exec(text);
  if (!match) throw new UsageError(`--rule expects id=severity (for example require-timeout=error), not "${text}"`);
  const [, id, severity] = match;
  if (!knownRuleIds.has(id)) throw new UsageError(`unknown rule "${id}"; known rules: ${[...knownRuleIds].join(', ')}`);
  if (!(SEVERITY_SETTINGS as readonly string[]).includes(severity)) {
    throw new UsageError(`--rule ${id}: severity must be one of ${SEVERITY_SETTINGS.join(', ')}, not "${severity}"`);
  }
  return [id, severity as SeveritySetting];
}
