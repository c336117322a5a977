import { routeHandlerOf, handlerOfParameter, requestInputIn, webFrameworkOf, type RouteHandler } from '../../knowledge/requestInput';
import type { SyntaxNode } from '../../parse/parser';
import { argumentsOf, calleeOf, findProperty, FUNCTION_TYPES, hasSpread, unwrap } from '../../parse/syntax';
import type { SourceFile } from '../../sourceFile';
import type { Fix } from '../../types';
import { defineRule, JS_FAMILY } from '../rule';
import { lookupTable } from '../../lookupTable';

const FS_MODULES: ReadonlySet<string> = new Set(['fs', 'fs/promises', 'fs-extra', 'graceful-fs']);
/** File-system functions by the positions of their path arguments. */
const PATH_ARGUMENTS = lookupTable<readonly number[]>(Object.fromEntries([
  ...['readFile', 'writeFile', 'appendFile', 'createReadStream', 'createWriteStream', 'stat', 'lstat', 'unlink', 'rm', 'rmdir',
    'readdir', 'open', 'access', 'exists', 'mkdir', 'truncate', 'chmod', 'chown', 'utimes', 'opendir', 'readlink',
    'outputFile', 'readJson', 'readJSON', 'writeJson', 'writeJSON', 'outputJson', 'remove', 'pathExists', 'emptyDir', 'ensureFile', 'ensureDir',
  ].flatMap((name) => [[name, [0]], [`${name}Sync`, [0]]]),
  ...['copyFile', 'rename', 'cp', 'link', 'symlink', 'copy', 'move'].flatMap((name) => [[name, [0, 1]], [`${name}Sync`, [0, 1]]]),
]));
/** Express response methods that send a file; both take a `root` option that rejects `..`. */
const SEND_METHODS: ReadonlySet<string> = new Set(['sendFile', 'download']);
const PATH_BUILDERS: ReadonlySet<string> = new Set(['join', 'resolve']);

export default defineRule({
  meta: {
    id: 'no-path-traversal',
    description: 'File paths built from request data must be checked to stay inside their base directory.',
    messages: {
      fileSystem: '{{callee}} uses a path built from request input ({{input}}) without checking that it stays inside its directory: ../ segments or an absolute path reach any file the service can access (CWE-22). Resolve it against the base directory and reject it unless it starts with the base plus path.sep.',
      sendFile: '{{callee}} sends a path built from request input ({{input}}) with no root option: ../ segments or an absolute path reach any file the service can read (CWE-22). Pass the file name with { root: <directory> }, which rejects .. segments.',
    },
    defaultSeverity: 'error',
    section: { instruction: 'secure-backend', heading: 'Path traversal' },
    fixable: true,
    languages: JS_FAMILY,
  },
  create(context) {
    const { file } = context;
    // Test code reads its own fixtures; it is not deployed.
    if (!webFrameworkOf(file)) return {};
    const checkedHandlers = new Map<number, SyntaxNode[]>();
    const containmentChecks = (handler: RouteHandler) => {
      let checks = checkedHandlers.get(handler.fn.id);
      if (!checks) checkedHandlers.set(handler.fn.id, (checks = findContainmentChecks(file, handler.fn)));
      return checks;
    };
    return {
      call_expression(call) {
        const callee = calleeOf(call);
        const name = callee?.type === 'member_expression' ? callee.childForFieldName('property')?.text : callee?.type === 'identifier' ? callee.text : undefined;
        if (!callee || name === undefined || (!PATH_ARGUMENTS[name] && !SEND_METHODS.has(name))) return;
        const target = SEND_METHODS.has(name) ? sentFile(file, call, callee, name) : fileSystemPaths(file, call, callee, name);
        if (!target) return;
        for (const pathArgument of target.paths) {
          const input = requestInputIn(file, pathArgument);
          if (!input) continue;
          const handler = routeHandlerOf(file, call);
          if (handler && containmentChecks(handler).some((check) => check.startIndex < call.startIndex)) return;
          const data = { callee: callee.text.replace(/\s+/g, ''), input: input.text.replace(/\s+/g, ' ') };
          const fix = target.kind === 'sendFile' && name === 'sendFile' ? rootOptionFix(file, call, pathArgument) : undefined;
          context.report({ node: pathArgument, messageId: target.kind, data, fixes: fix ? [fix] : [] });
          return;
        }
      },
    };
  },
});

/** The path arguments of an `fs` / `fs/promises` / `fs-extra` call. */
function fileSystemPaths(file: SourceFile, call: SyntaxNode, callee: SyntaxNode, name: string) {
  const value = file.resolver.valueOf(callee);
  if (value.kind !== 'module' || !FS_MODULES.has(value.module)) return undefined;
  const path = value.path[0] === 'promises' ? value.path.slice(1) : value.path;
  if (path.length !== 1 || path[0] !== name) return undefined;
  const args = argumentsOf(call);
  const paths = (PATH_ARGUMENTS[name] ?? []).map((i) => args[i]).filter((a): a is SyntaxNode => a !== undefined && a.type !== 'spread_element');
  return { kind: 'fileSystem' as const, paths };
}

/** `res.sendFile(path)` / `res.download(path)` on an express handler's response, without a `root` option. */
function sentFile(file: SourceFile, call: SyntaxNode, callee: SyntaxNode, name: string) {
  const receiver = callee.type === 'member_expression' ? callee.childForFieldName('object') : null;
  const binding = receiver?.type === 'identifier' ? file.resolver.resolve(receiver) : undefined;
  if (!binding || handlerOfParameter(file, binding, 'response')?.framework !== 'express') return undefined;
  const args = argumentsOf(call);
  // sendFile(path, options?, fn?); download(path, filename?, options?, fn?)
  const notCallback = (a: SyntaxNode | undefined) => (a && !FUNCTION_TYPES.has(unwrap(a).type) ? unwrap(a) : undefined);
  const second = notCallback(args[1]);
  const options = name === 'sendFile' ? second : (notCallback(args[2]) ?? (second?.type === 'object' ? second : undefined));
  // Options this file cannot read may hold a root.
  if (options && (options.type !== 'object' || hasSpread(options) || findProperty(options, 'root'))) return undefined;
  return args[0] ? { kind: 'sendFile' as const, paths: [args[0]] } : undefined;
}

/**
 * Checks on a resolved path before the call: `resolved.startsWith(root + path.sep)` where `resolved`
 * comes from `path.resolve`/`join`/`normalize` or `realpath`, and any `path.relative(root, p)`.
 * A check on the raw input string (`name.startsWith('.')`) does not count.
 */
function findContainmentChecks(file: SourceFile, fn: SyntaxNode): SyntaxNode[] {
  return fn.descendantsOfType('call_expression').filter((call): call is SyntaxNode => {
    const callee = call && calleeOf(call);
    if (!call || callee?.type !== 'member_expression') return false;
    const method = callee.childForFieldName('property')?.text;
    if (method === 'relative') {
      const value = file.resolver.valueOf(callee);
      return value.kind === 'module' && value.module === 'path';
    }
    const receiver = callee.childForFieldName('object');
    return method === 'startsWith' && receiver !== null && isResolvedPath(file, receiver, 0);
  });
}

function isResolvedPath(file: SourceFile, expression: SyntaxNode, depth: number): boolean {
  const node = unwrap(expression);
  if (depth > 4) return false;
  if (node.type === 'await_expression') return node.namedChildren[0] !== null && isResolvedPath(file, node.namedChildren[0], depth + 1);
  if (node.type === 'identifier') {
    const binding = file.resolver.resolve(node);
    return binding?.kind === 'variable' && binding.init !== undefined && isResolvedPath(file, binding.init, depth + 1);
  }
  const callee = node.type === 'call_expression' ? calleeOf(node) : null;
  if (!callee) return false;
  const value = file.resolver.valueOf(callee);
  const last = value.kind === 'module' ? value.path[value.path.length - 1] : undefined;
  if (value.kind === 'module' && value.module === 'path') return last === 'resolve' || last === 'join' || last === 'normalize';
  return value.kind === 'module' && FS_MODULES.has(value.module) && (last === 'realpath' || last === 'realpathSync');
}

/**
 * `res.sendFile(path.join(DIR, name))` → `res.sendFile(name, { root: DIR })`: express then rejects
 * `..` itself. Offered when the request input is the last segment and the others are not input.
 */
function rootOptionFix(file: SourceFile, call: SyntaxNode, pathArgument: SyntaxNode): Fix | undefined {
  if (argumentsOf(call).length !== 1) return undefined;
  const joined = unwrap(pathArgument);
  const callee = joined.type === 'call_expression' ? calleeOf(joined) : null;
  const value = callee ? file.resolver.valueOf(callee) : undefined;
  if (!callee || value?.kind !== 'module' || value.module !== 'path' || value.path.length !== 1 || !PATH_BUILDERS.has(value.path[0])) return undefined;
  const segments = argumentsOf(joined);
  const name = segments[segments.length - 1];
  const base = segments.slice(0, -1);
  if (!name || base.length === 0 || segments.some((s) => s.type === 'spread_element')) return undefined;
  if (!requestInputIn(file, name) || base.some((s) => requestInputIn(file, s))) return undefined;
  const root = base.length === 1 ? base[0].text : `${callee.text}(${base.map((s) => s.text).join(', ')})`;
  return {
    title: `Send ${name.text} with { root: ${root} }`,
    edits: [{ start: pathArgument.startIndex, end: pathArgument.endIndex, text: `${name.text}, { root: ${root} }` }],
    // Requests with `..` now get 403 instead of the file.
    safe: false,
    preferred: true,
  };
}
