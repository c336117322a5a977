import { isConst, isFixedList, isFixedText } from '../../knowledge/fixedValues';
import { importedModules } from '../../knowledge/modules';
import { isDevTooling } from '../../knowledge/devTooling';
import type { Value } from '../../parse/bindings';
import type { SyntaxNode } from '../../parse/parser';
import { argumentsOf, calleeOf, findProperty, stringValue, unwrap } from '../../parse/syntax';
import type { SourceFile } from '../../sourceFile';
import { defineRule, JS_FAMILY } from '../rule';

/** `child_process` functions that always use a shell. */
const SHELL_FUNCTIONS: ReadonlySet<string> = new Set(['exec', 'execSync']);
/** Functions that use a shell only with `shell: true`: otherwise each argument reaches the program as is. */
const ARGV_FUNCTIONS: ReadonlySet<string> = new Set(['spawn', 'spawnSync', 'execFile', 'execFileSync']);
const ALL_FUNCTIONS: ReadonlySet<string> = new Set([...SHELL_FUNCTIONS, ...ARGV_FUNCTIONS]);
const MAX_DEPTH = 8;

type Problem = { piece: SyntaxNode; kind: 'built' | 'variable' };

export default defineRule({
  meta: {
    id: 'no-command-injection',
    description: 'Shell commands must not be built from values: run programs with execFile or spawn and an argument array.',
    messages: {
      execBuilt: '{{callee}} hands its command to a shell, and {{value}} is pasted into it: ;, &&, | or $(...) in that value run as commands (CWE-78). Run the program with execFile or spawn and an argument array instead.',
      execVariable: '{{callee}} hands {{value}}, which is not a fixed string, to a shell: ;, &&, | or $(...) in it run as commands (CWE-78). Run the program with execFile or spawn and an argument array instead.',
      shellOption: '{{callee}} with shell: {{shell}} joins the command and its arguments into one shell command line, so ;, &&, | or $(...) in {{value}} run as commands (CWE-78). Remove the shell option and pass the arguments as an array.',
    },
    defaultSeverity: 'error',
    section: { instruction: 'secure-backend', heading: 'Command injection' },
    fixable: false,
    languages: JS_FAMILY,
  },
  create(context) {
    const { file } = context;
    // Test code runs fixed commands against fixtures, and scripts and build files run with the
    // developer's own values: neither is deployed where an attacker can reach it.
    if (isDevTooling(file)) return {};
    const aliases = moduleLevelAliases(file);
    return {
      call_expression(call) {
        const callee = calleeOf(call);
        if (!callee) return;
        const name = callee.type === 'member_expression' ? callee.childForFieldName('property')?.text : callee.type === 'identifier' ? callee.text : undefined;
        // The usual names are looked up wherever they are required; other names only when they alias one.
        if (name === undefined || (!ALL_FUNCTIONS.has(name) && !(callee.type === 'identifier' && aliases.has(name)))) return;
        const fn = childProcessFunction(file, file.resolver.valueOf(callee));
        if (!fn) return;
        const args = argumentsOf(call);
        const data = { callee: callee.text.replace(/\s+/g, '') };
        if (SHELL_FUNCTIONS.has(fn)) {
          const problem = args[0] && commandProblem(file, args[0], 0);
          if (!problem) return;
          const messageId = problem.kind === 'built' ? 'execBuilt' : 'execVariable';
          context.report({ node: args[0], messageId, data: { ...data, value: shorten(problem.piece.text) } });
          return;
        }
        const shell = shellOption(args);
        if (!shell) return;
        const problem = (args[0] && commandProblem(file, args[0], 0)) ?? argumentsProblem(file, args[1]);
        if (!problem) return;
        context.report({ node: shell.node, messageId: 'shellOption', data: { ...data, shell: shell.value.text, value: shorten(problem.piece.text) } });
      },
    };
  },
});

/** Names declared at the top of a file that importing `child_process` may alias one of its functions: `const run = promisify(exec)`. */
function moduleLevelAliases(file: SourceFile): ReadonlySet<string> {
  if (!importedModules(file).has('child_process')) return new Set();
  const names = [...file.resolver.declarationsOf(file.root).values()].filter((b) => b.kind === 'variable' && b.init !== undefined).map((b) => b.name);
  return new Set(names);
}

/** The `child_process` function a callee denotes, through aliases, destructuring and `util.promisify`. */
function childProcessFunction(file: SourceFile, value: Value): string | undefined {
  if (value.kind === 'module' && value.module === 'child_process' && value.path.length === 1) {
    return ALL_FUNCTIONS.has(value.path[0]) ? value.path[0] : undefined;
  }
  if (value.kind === 'created' && value.path.length === 0 && value.by.kind === 'module' && value.by.module === 'util' && value.by.path.join('.') === 'promisify') {
    const [original] = argumentsOf(value.call);
    return original ? childProcessFunction(file, file.resolver.valueOf(original)) : undefined;
  }
  return undefined;
}

/**
 * What makes a command string unsafe for a shell: a value pasted in by a template or `+`, or the
 * whole command held in a parameter or variable that is not a fixed string. Commands built where this
 * file cannot see (an imported constant, a property, a helper's result) are not judged.
 */
function commandProblem(file: SourceFile, command: SyntaxNode, depth: number): Problem | undefined {
  const node = unwrap(command);
  if (depth > MAX_DEPTH || isFixedText(file, node)) return undefined;
  switch (node.type) {
    case 'template_string':
      for (const part of node.namedChildren) {
        const expression = part?.type === 'template_substitution' ? part.namedChildren[0] : null;
        if (expression && !isFixedText(file, expression)) return { piece: expression, kind: 'built' };
      }
      return undefined;
    case 'binary_expression': {
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      if (node.childForFieldName('operator')?.text !== '+' || !left || !right) return undefined;
      return commandProblem(file, left, depth + 1) ?? (isFixedText(file, right) ? undefined : { piece: right, kind: 'built' });
    }
    case 'identifier': {
      const binding = file.resolver.resolve(node);
      if (binding?.kind === 'parameter') return { piece: node, kind: 'variable' };
      if (binding?.kind !== 'variable') return undefined; // an import or a global: defined elsewhere
      const init = binding.init && unwrap(binding.init);
      const built = init && isConst(binding) && (init.type === 'template_string' || init.type === 'binary_expression') ? commandProblem(file, init, depth + 1) : undefined;
      return built ?? { piece: node, kind: 'variable' };
    }
    default:
      return undefined;
  }
}

/** With a shell, the argument array is joined into the command line: any element not fixed is a problem. */
function argumentsProblem(file: SourceFile, argv: SyntaxNode | undefined): Problem | undefined {
  const node = argv && unwrap(argv);
  if (!node || node.type === 'object') return undefined;
  if (node.type !== 'array') return isFixedList(file, node) ? undefined : { piece: node, kind: 'variable' };
  for (const element of node.namedChildren) {
    if (!element) continue;
    const value = element.type === 'spread_element' ? element.namedChildren[0] : element;
    if (value && !(element.type === 'spread_element' ? isFixedList(file, value) : isFixedText(file, value))) return { piece: value, kind: 'built' };
  }
  return undefined;
}

/** The `shell` option when it turns a shell on: `true` or a shell's path. A variable cannot be judged. */
function shellOption(args: readonly SyntaxNode[]): { node: SyntaxNode; value: SyntaxNode } | undefined {
  for (const arg of args.slice(1)) {
    const options = unwrap(arg);
    const shell = options.type === 'object' ? findProperty(options, 'shell') : undefined;
    if (!shell) continue;
    const value = unwrap(shell.value);
    const on = value.type === 'true' || (stringValue(value) ?? '') !== '';
    return on ? { node: shell.node, value } : undefined;
  }
  return undefined;
}

function shorten(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > 40 ? `${flat.slice(0, 39)}…` : flat;
}
