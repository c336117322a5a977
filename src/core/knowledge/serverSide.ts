import type { SyntaxNode } from '../parse/parser';
import { argumentsOf, calleeOf, dottedName, stringValue, unwrap } from '../parse/syntax';
import { FileCache, type SourceFile } from '../sourceFile';
import { isPackage } from './moduleSpecifiers';
import { importedModules, originModule } from './modules';
import { nodesNamed } from './nameOccurrences';
import { webFrameworkOf } from './requestInput';
import { lookupTable } from '../lookupTable';

/**
 * Whether a file is server code, and which of its functions handle requests. Advice about calling
 * other services (retry this read, put a breaker around that dependency) is about services: the
 * same `axios.get` in a browser bundle or a build script is a different matter, so rules that give
 * it ask here first and stay silent when the answer is not clear.
 */

/** Modules only server code imports: web frameworks, serverless runtimes, API servers. */
const SERVER_MODULES: ReadonlySet<string> = new Set([
  'express', 'fastify', 'koa', '@koa/router', 'koa-router', '@nestjs/common', '@nestjs/core', 'hono', '@hapi/hapi',
  'restify', 'polka', 'micro', 'h3', 'elysia', 'next/server', '@apollo/server', 'apollo-server', 'apollo-server-express',
  '@trpc/server', 'graphql-yoga', 'aws-lambda', '@azure/functions', '@google-cloud/functions-framework', 'firebase-functions',
]);
/** Project folders that hold server code (compared with the folders below the project root). */
const SERVER_FOLDERS: ReadonlySet<string> = new Set(['server', 'api', 'services', 'service', 'routes', 'handlers', 'controllers', 'lambdas']);
/** Dependencies of a browser or mobile app: there, `services/` and `api/` usually hold client-side code. */
const FRONTEND_DEPENDENCIES: ReadonlySet<string> = new Set([
  'react', 'react-dom', 'react-native', 'expo', 'vue', 'nuxt', '@angular/core', 'svelte', '@sveltejs/kit', 'solid-js', 'preact', 'next', 'gatsby',
]);
/** NestJS decorators that make a controller method a route handler. */
const NEST_ROUTE_DECORATORS: ReadonlySet<string> = new Set(['Get', 'Post', 'Put', 'Patch', 'Delete', 'Head', 'Options', 'All']);

const serverCache = new FileCache<boolean>();

/**
 * True when the file is server code: it imports a server framework or serverless runtime, exports a
 * serverless `handler`, or lies in a server folder of its project (`server/`, `api/`, `services/`,
 * `routes/`, `handlers/`, `controllers/`, `lambdas/`, below the folder of the nearest package.json).
 * In a project that depends on a frontend framework only `server/`, `*.server.*` files and API routes
 * (`pages/api/`, `app/api/`) count by folder. JSX files and `'use client'` modules count only by import.
 * Computed once per file.
 */
export function isServerSideFile(file: SourceFile): boolean {
  let verdict = serverCache.get(file);
  if (verdict === undefined) {
    verdict = judgeServerSide(file);
    serverCache.set(file, verdict);
  }
  return verdict;
}

function judgeServerSide(file: SourceFile): boolean {
  if (hasUseClient(file)) return false;
  for (const module of importedModules(file)) if (SERVER_MODULES.has(module) || module.startsWith('@nestjs/')) return true;
  if (file.language === 'typescriptreact' || file.language === 'javascriptreact') return false;
  if (exportsServerlessHandler(file)) return true;
  const folders = projectFolders(file);
  const name = file.path.split(/[\\/]/).pop() ?? '';
  if (folders.includes('server') || /\.server\.[cm]?[jt]s$/.test(name)) return true;
  const frontend = [...file.project.dependencies].some((d) => FRONTEND_DEPENDENCIES.has(d));
  if (frontend) return folders.includes('api') && (folders.includes('pages') || folders.includes('app'));
  return folders.some((folder) => SERVER_FOLDERS.has(folder));
}

/** Folders of test doubles and data, inside a project. */
const FIXTURE_FOLDERS: ReadonlySet<string> = new Set(['__fixtures__', 'fixtures', '__mocks__', 'mocks']);
/** A folder name of words joined by `-` or `_`, one of them a test word: `e2e-tests`, `test-applications`, `test_utils`. */
const TEST_WORD_FOLDER = /(^|[-_])(tests?|e2e|testing)([-_]|$)/i;

/** Folders that hold whole test applications in monorepos, named exactly so. */
const TEST_SUITE_FOLDERS: ReadonlySet<string> = new Set(['e2e-tests', 'integration-tests', 'test-applications', 'test-apps', 'e2e', '__tests__']);

/**
 * True for test support code, which the engine's test-file check does not catch: the servers and
 * helpers tests run against and fixtures and mocks inside the project. Their requests go to mocks
 * and local servers. Inside the project (its own folder included), any folder whose name has a
 * test word (`e2e-tests`, `test_utils`) counts; above it, only the exact names of test-suite
 * folders do (`.../e2e-tests/test-applications/shop/`), so that a checkout under a folder such as
 * `/tmp/ci-tests-run/` is not taken for test code.
 */
export function isTestSupportPath(file: SourceFile): boolean {
  const root = file.project.root;
  // With no package.json found, every folder is judged as if it were above the project.
  const rootDepth = root ? root.split(/[\\/]/).filter(Boolean).length : Infinity;
  const folders = file.path.split(/[\\/]/).filter(Boolean).slice(0, -1);
  const above = folders.slice(0, Math.max(0, rootDepth - 1));
  const own = folders.slice(Math.max(0, rootDepth - 1));
  if (above.some((folder) => TEST_SUITE_FOLDERS.has(folder.toLowerCase()))) return true;
  if (own.some((folder) => /[-_]/.test(folder) && TEST_WORD_FOLDER.test(folder))) return true;
  return projectFolders(file).some((folder) => FIXTURE_FOLDERS.has(folder));
}

/** Lower-case folders between the project root and the file; none when the root is unknown. */
function projectFolders(file: SourceFile): string[] {
  const root = file.project.root;
  if (!root) return [];
  const segments = file.path.split(/[\\/]/).filter(Boolean);
  const rootDepth = root.split(/[\\/]/).filter(Boolean).length;
  return segments.slice(rootDepth, -1).map((segment) => segment.toLowerCase());
}

function hasUseClient(file: SourceFile): boolean {
  const first = file.root.namedChildren.find((statement) => statement?.type !== 'comment' && statement?.type !== 'hash_bang_line');
  const expression = first?.type === 'expression_statement' ? first.namedChildren[0] : undefined;
  return expression?.type === 'string' && stringValue(expression) === 'use client';
}

/** `export const handler = ...`, `export async function handler(event)`, `exports.handler = ...` at the top level. */
function exportsServerlessHandler(file: SourceFile): boolean {
  if (!file.text.includes('handler')) return false;
  return file.root.namedChildren.some((statement) => {
    if (statement?.type === 'export_statement') {
      const declaration = statement.childForFieldName('declaration');
      if (declaration?.type === 'function_declaration') return declaration.childForFieldName('name')?.text === 'handler';
      return declaration?.namedChildren.some((d) => d?.type === 'variable_declarator' && d.childForFieldName('name')?.text === 'handler') ?? false;
    }
    const assignment = statement?.type === 'expression_statement' ? statement.namedChildren[0] : undefined;
    if (assignment?.type !== 'assignment_expression') return false;
    const target = dottedName(assignment.childForFieldName('left') ?? assignment)?.join('.');
    return target === 'exports.handler' || target === 'module.exports.handler';
  });
}

/** What handles a request: a route handler of express, fastify or koa, or a NestJS controller method. */
export interface RequestHandler {
  fn: SyntaxNode;
  framework: RouteFramework | 'nestjs';
}

const FRAMEWORK_MODULES = lookupTable<RouteFramework>({
  express: 'express', 'express-serve-static-core': 'express', fastify: 'fastify', koa: 'koa', '@koa/router': 'koa', 'koa-router': 'koa',
});
type RouteFramework = 'express' | 'fastify' | 'koa';
/** Methods that register a route or middleware. */
const ROUTE_METHODS: ReadonlySet<string> = new Set(['get', 'post', 'put', 'patch', 'delete', 'del', 'all', 'head', 'options', 'use', 'route']);
/** Framework types that declare a request parameter, or a whole handler. */
const REQUEST_TYPES: ReadonlySet<string> = new Set(['Request', 'FastifyRequest', 'Context', 'ParameterizedContext', 'RouterContext']);
const HANDLER_TYPES: ReadonlySet<string> = new Set(['RequestHandler', 'RouteHandler', 'RouteHandlerMethod', 'Middleware']);
const TYPE_WORDS = new RegExp(`\\b(${[...REQUEST_TYPES, ...HANDLER_TYPES].join('|')})\\b`);

const handlerCache = new FileCache<Map<number, RequestHandler | null>>();

/**
 * The request handler `fn` is, or undefined: a NestJS controller method, or, in a file that imports
 * express, fastify or koa, a function handed to a route registration (`app.get('/x', fn)`,
 * `router.post(...)`, `fastify.route({ handler })`, also by name), or one whose first parameter is
 * typed with the framework's request type (`req: Request`) or that is declared as a `RequestHandler`.
 * The same handlers requestInput.ts finds by scanning every call of the file, found here from the
 * function itself: rules that ask about a few functions pay for those few.
 */
export function requestHandlerFor(file: SourceFile, fn: SyntaxNode): RequestHandler | undefined {
  if (fn.type === 'method_definition') return isNestRouteMethod(file, fn) ? { fn, framework: 'nestjs' } : undefined;
  const fileFramework = webFrameworkOf(file);
  if (!fileFramework) return undefined;
  let verdicts = handlerCache.get(file);
  if (!verdicts) handlerCache.set(file, (verdicts = new Map()));
  let verdict = verdicts.get(fn.id);
  if (verdict === undefined) {
    const framework = typedFramework(file, fn) ?? registeredFramework(file, fn, fileFramework);
    verdict = framework ? { fn, framework } : null;
    verdicts.set(fn.id, verdict);
  }
  return verdict ?? undefined;
}

/** The framework of the route registration `fn` is handed to, directly or by the name it is declared with. */
function registeredFramework(file: SourceFile, fn: SyntaxNode, fileFramework: RouteFramework): RouteFramework | undefined {
  const direct = registrationOf(file, fn, fileFramework);
  if (direct !== undefined) return direct ?? undefined;
  const declared = fn.type === 'function_declaration' ? fn.childForFieldName('name') : fn.parent?.type === 'variable_declarator' ? fn.parent.childForFieldName('name') : null;
  if (declared?.type !== 'identifier' || !takesRequest(file, fn)) return undefined;
  // The few places the name is written, rather than every call of the file.
  for (const use of nodesNamed(file, declared.text)) {
    if (use.type !== 'identifier' || use.id === declared.id) continue;
    const framework = registrationOf(file, use, fileFramework);
    if (framework && file.resolver.resolve(use)?.identifier.id === declared.id) return framework;
  }
  return undefined;
}

/**
 * The first parameter is named like a request (`req`, `request`, `ctx`, `context`), read from the
 * text: a function handed to a route by name is only looked for when it looks like a handler.
 */
function takesRequest(file: SourceFile, fn: SyntaxNode): boolean {
  const parameters = fn.childForFieldName('parameters') ?? fn.childForFieldName('parameter');
  return parameters !== null && REQUEST_PARAMETER.test(file.text.slice(parameters.startIndex, parameters.endIndex));
}

const REQUEST_PARAMETER = /^\(?\s*_?(req|request|ctx|context)\b/i;

/**
 * For a function or a name: the framework when it is an argument of a route registration (or the
 * `handler` of `route({...})`), null when it is an argument of another call, undefined otherwise.
 */
function registrationOf(file: SourceFile, node: SyntaxNode, fileFramework: RouteFramework): RouteFramework | null | undefined {
  const holder = node.parent?.type === 'pair' && node.parent.childForFieldName('key')?.text === 'handler' ? node.parent.parent : node;
  const call = holder?.parent?.type === 'arguments' ? holder.parent.parent : null;
  if (!call) return undefined;
  const callee = calleeOf(call);
  const method = callee?.type === 'member_expression' ? callee.childForFieldName('property')?.text : undefined;
  const receiver = callee?.type === 'member_expression' ? callee.childForFieldName('object') : null;
  if (!receiver || method === undefined || !ROUTE_METHODS.has(method)) return null;
  const origin = originModule(file.resolver.valueOf(receiver));
  // Another library's `get` (a cache, msw, nock) registers no route.
  if (origin !== undefined && (FRAMEWORK_MODULES[origin] || isPackage(origin))) return FRAMEWORK_MODULES[origin] ?? null;
  // An injected app or router: `export function routes(router: Router) { router.get('/x', ...) }`.
  const [first] = argumentsOf(call);
  const object = first && unwrap(first);
  if (object && (isRoutePath(object) || (method === 'route' && object.type === 'object'))) return fileFramework;
  return null;
}

function isRoutePath(node: SyntaxNode): boolean {
  const n = unwrap(node);
  if (n.type === 'array') return n.namedChildren.some((c) => c !== null && isRoutePath(c));
  return n.type === 'regex' || (stringValue(n)?.startsWith('/') ?? false);
}

/** `(req: Request, res)` with `Request` imported from a framework, or `const h: RequestHandler = ...`. */
function typedFramework(file: SourceFile, fn: SyntaxNode): RouteFramework | undefined {
  // The words are looked for in the text of the head (`async (req: Request, res) =>`) before any node is read.
  const declarator = fn.parent?.type === 'variable_declarator' ? fn.parent : undefined;
  const head = file.text.slice(declarator?.startIndex ?? fn.startIndex, fn.childForFieldName('body')?.startIndex ?? fn.endIndex);
  if (!TYPE_WORDS.test(head)) return undefined;
  const first = fn.childForFieldName('parameters')?.namedChildren.find((p) => p?.type === 'required_parameter' || p?.type === 'optional_parameter');
  const parameterType = first?.childForFieldName('type');
  const declaredType = declarator?.childForFieldName('type');
  return (parameterType && frameworkType(file, parameterType, REQUEST_TYPES)) || (declaredType && frameworkType(file, declaredType, HANDLER_TYPES)) || undefined;
}

/**
 * The framework a type annotation comes from, when it names one of `names` imported from it
 * (`Request`, `express.Request`, `Request<P>`). Imports are module-level, and a parameter or
 * variable of the same name is a value, which does not hide a type: so the name is looked up at
 * module scope.
 */
function frameworkType(file: SourceFile, annotation: SyntaxNode, names: ReadonlySet<string>): RouteFramework | undefined {
  let type: SyntaxNode | null | undefined = annotation.type === 'type_annotation' ? annotation.namedChildren[0] : annotation;
  if (type?.type === 'generic_type') type = type.childForFieldName('name');
  if (type?.type === 'type_identifier') {
    const binding = names.has(type.text) ? file.resolver.moduleDeclaration(type.text, file.root) : undefined;
    if (binding?.kind !== 'import' || !binding.module || (binding.imported !== undefined && !names.has(binding.imported))) return undefined;
    return FRAMEWORK_MODULES[binding.module];
  }
  if (type?.type === 'nested_type_identifier') {
    const namespace = type.namedChildren[0];
    const name = type.namedChildren[type.namedChildCount - 1];
    const binding = namespace && name && names.has(name.text) ? file.resolver.moduleDeclaration(namespace.text, file.root) : undefined;
    return binding?.kind === 'import' && binding.module ? FRAMEWORK_MODULES[binding.module] : undefined;
  }
  return undefined;
}

/** A method decorated with `@Get()`, `@Post()`... imported from `@nestjs/common`. */
function isNestRouteMethod(file: SourceFile, method: SyntaxNode): boolean {
  if (!importedModules(file).has('@nestjs/common')) return false;
  for (let sibling = method.previousNamedSibling; sibling?.type === 'decorator'; sibling = sibling.previousNamedSibling) {
    const expression = sibling.namedChildren[0];
    const callee = expression?.type === 'call_expression' ? calleeOf(expression) : expression;
    if (callee?.type !== 'identifier' || !NEST_ROUTE_DECORATORS.has(callee.text)) continue;
    const binding = file.resolver.resolve(callee);
    if (binding?.kind === 'import' && binding.module === '@nestjs/common') return true;
  }
  return false;
}

/**
 * True when the file is browser code for sure: not server code, and a JSX file, a `'use client'`
 * module, or a module of a project that depends on a frontend framework.
 */
export function looksLikeBrowserCode(file: SourceFile): boolean {
  if (isServerSideFile(file)) return false;
  if (file.language === 'typescriptreact' || file.language === 'javascriptreact' || hasUseClient(file)) return true;
  return [...file.project.dependencies].some((d) => FRONTEND_DEPENDENCIES.has(d));
}
