import type { Binding } from '../parse/bindings';
import type { SyntaxNode } from '../parse/parser';
import { argumentsOf, calleeOf, findProperty, FUNCTION_TYPES, stringValue, unwrap } from '../parse/syntax';
import { FileCache, type SourceFile } from '../sourceFile';
import { isConst } from './fixedValues';
import { isPackage } from './moduleSpecifiers';
import { importedModules, originModule } from './modules';
import { lookupTable } from '../lookupTable';

/**
 * Where request data enters a file: the route handlers of express, fastify and koa, and whether an
 * expression is built from what their request parameter carries (`req.params`, `request.query`,
 * `ctx.request.body`, headers, cookies, the URL). Tracking stays inside one file and follows only
 * what cannot change the data's origin: `const` aliases and destructuring, string methods,
 * concatenation and templates, `path.join`/`resolve`/`normalize`, `String()`, `JSON.stringify()`,
 * `decodeURIComponent()`. Any other call (a sanitiser such as `path.basename` or `replace`, a lookup,
 * a helper in another module) ends the trail: what cannot be seen is never reported.
 *
 * Used by `no-path-traversal` and `no-prompt-injection`; meant for every rule about untrusted input.
 */

export type WebFramework = 'express' | 'fastify' | 'koa';

/** A function that handles a route (or is middleware) of a web framework. */
export interface RouteHandler {
  fn: SyntaxNode;
  framework: WebFramework;
  /** The first parameter, or its destructuring pattern: express `req`, fastify `request`, koa `ctx`. */
  request: SyntaxNode;
  /** The second parameter for express and fastify (`res`, `reply`), when declared; koa has none. */
  response?: SyntaxNode;
}

const FRAMEWORK_MODULES = lookupTable<WebFramework>({
  express: 'express', 'express-serve-static-core': 'express',
  fastify: 'fastify',
  koa: 'koa', '@koa/router': 'koa', 'koa-router': 'koa',
});
/** Methods that register a route or middleware. */
const ROUTE_METHODS: ReadonlySet<string> = new Set(['get', 'post', 'put', 'patch', 'delete', 'del', 'all', 'head', 'options', 'use', 'route']);
/** Types that declare a request parameter, or a whole handler, when imported from a framework module. */
const REQUEST_TYPES: ReadonlySet<string> = new Set(['Request', 'FastifyRequest', 'Context', 'ParameterizedContext', 'RouterContext']);
const HANDLER_TYPES: ReadonlySet<string> = new Set(['RequestHandler', 'RouteHandler', 'RouteHandlerMethod', 'Middleware']);

/** Properties of the request (or koa's `ctx`, `ctx.request`) whose content the client chose. */
const INPUT_PROPERTIES: ReadonlySet<string> = new Set([
  'params', 'query', 'body', 'headers', 'cookies', 'signedCookies', 'url', 'originalUrl', 'path', 'querystring', 'search',
  'get', 'header', 'param',
]);
/** Uploaded files (multer, express-fileupload): only the client's file name is input, not the server's temp path. */
const UPLOAD_PROPERTIES: ReadonlySet<string> = new Set(['file', 'files']);
const UPLOAD_NAMES: ReadonlySet<string> = new Set(['originalname', 'name']);
/** Methods whose result still carries the receiver's text. `replace` is not one: it may be an allowlist filter. */
const CARRYING_METHODS: ReadonlySet<string> = new Set([
  'toString', 'trim', 'trimStart', 'trimEnd', 'toLowerCase', 'toUpperCase', 'normalize', 'concat', 'slice', 'substring',
  'substr', 'padStart', 'padEnd', 'join', 'split', 'at', 'flat',
]);
const CARRYING_PATH_FUNCTIONS: ReadonlySet<string> = new Set(['join', 'resolve', 'normalize', 'toNamespacedPath']);
/** Global functions whose result carries their first argument. */
const CARRYING_GLOBALS: ReadonlySet<string> = new Set(['String', 'decodeURI', 'decodeURIComponent', 'JSON.stringify']);
const MAX_DEPTH = 16;

interface FileRoutes {
  framework: WebFramework | undefined;
  /** Handlers registered through a route call in this file, by function node id. */
  registered: Map<number, WebFramework>;
  /** Every function looked at: its handler, or null. */
  verdicts: Map<number, RouteHandler | null>;
}

const routesCache = new FileCache<FileRoutes>();

/** The framework the file imports first, or undefined when it imports none: then no function is a handler. */
export function webFrameworkOf(file: SourceFile): WebFramework | undefined {
  for (const module of importedModules(file)) if (FRAMEWORK_MODULES[module]) return FRAMEWORK_MODULES[module];
  return undefined;
}

/**
 * The route handler `fn` is, or undefined. A function is a handler when it is registered in this file
 * (`app.get('/x', fn)`, `router.post(...)`, `fastify.route({ handler })`, `app.use(fn)` on a framework
 * object), when its first parameter is typed with a framework request type (`req: Request` from
 * express), or when it is declared as a `RequestHandler`. Only in files that import a framework.
 */
export function routeHandlerFor(file: SourceFile, fn: SyntaxNode): RouteHandler | undefined {
  const routes = routesOf(file);
  if (!routes.framework) return undefined;
  let verdict = routes.verdicts.get(fn.id);
  if (verdict === undefined) {
    const framework = routes.registered.get(fn.id) ?? typedFramework(file, fn);
    const [request, response] = framework ? parametersOf(fn) : [];
    verdict = framework && request ? { fn, framework, request, response: framework === 'koa' ? undefined : response } : null;
    routes.verdicts.set(fn.id, verdict);
  }
  return verdict ?? undefined;
}

/** The innermost route handler that is or encloses `node`. */
export function routeHandlerOf(file: SourceFile, node: SyntaxNode): RouteHandler | undefined {
  if (!webFrameworkOf(file)) return undefined;
  for (let current: SyntaxNode | null = node; current; current = current.parent) {
    if (!FUNCTION_TYPES.has(current.type)) continue;
    const handler = routeHandlerFor(file, current);
    if (handler) return handler;
  }
  return undefined;
}

/** The handler whose request (or, with `which: 'response'`, response) parameter declares `binding`. */
export function handlerOfParameter(file: SourceFile, binding: Binding, which: 'request' | 'response' = 'request'): RouteHandler | undefined {
  if (binding.kind !== 'parameter' || !FUNCTION_TYPES.has(binding.scope.type)) return undefined;
  const handler = routeHandlerFor(file, binding.scope);
  const parameter = handler?.[which];
  return parameter && contains(parameter, binding.identifier) ? handler : undefined;
}

/**
 * The place where request input enters `expression`, or undefined when it is not built from request
 * input as far as this file shows: `req.params.name` for `path.join(DIR, req.params.name)`, the
 * initialiser `req.query` for `file` after `const { file } = req.query`.
 */
export function requestInputIn(file: SourceFile, expression: SyntaxNode): SyntaxNode | undefined {
  if (!webFrameworkOf(file)) return undefined;
  return inputRead(file, expression, [], 0);
}

function inputRead(file: SourceFile, expression: SyntaxNode, suffix: string[], depth: number): SyntaxNode | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const node = unwrap(expression);
  const next = (child: SyntaxNode | null | undefined, path: string[] = []) => (child ? inputRead(file, child, path, depth + 1) : undefined);
  const anyOf = (children: ReadonlyArray<SyntaxNode | null | undefined>) => {
    for (const child of children) {
      const found = next(child);
      if (found) return found;
    }
    return undefined;
  };
  switch (node.type) {
    case 'identifier': {
      const binding = file.resolver.resolve(node);
      if (!binding) return undefined;
      const path = [...(binding.destructured ?? []), ...suffix];
      if (binding.kind === 'parameter') return handlerOfParameter(file, binding) && isInputPath(path) ? node : undefined;
      if (binding.kind !== 'variable' || !binding.init || !isConst(binding)) return undefined;
      return binding.destructured ? next(binding.init, path) && unwrap(binding.init) : next(binding.init, suffix);
    }
    case 'member_expression': {
      const property = node.childForFieldName('property');
      return property ? next(node.childForFieldName('object'), [property.text, ...suffix]) && node : undefined;
    }
    case 'subscript_expression': {
      const index = node.childForFieldName('index');
      const name = (index && stringValue(index)) ?? '[]';
      return next(node.childForFieldName('object'), [name, ...suffix]) && node;
    }
    case 'call_expression':
      return callInputRead(file, node, next, anyOf);
    case 'template_string':
      return anyOf(node.namedChildren.filter((c) => c?.type === 'template_substitution').map((c) => c?.namedChildren[0]));
    case 'binary_expression': {
      const operator = node.childForFieldName('operator')?.text;
      if (operator !== '+' && operator !== '||' && operator !== '??' && operator !== '&&') return undefined;
      return anyOf([node.childForFieldName('left'), node.childForFieldName('right')]);
    }
    case 'ternary_expression':
      return anyOf([node.childForFieldName('consequence'), node.childForFieldName('alternative')]);
    case 'await_expression':
      return next(node.namedChildren[0]);
    case 'array':
      return anyOf(node.namedChildren);
    default:
      return undefined;
  }
}

type Next = (child: SyntaxNode | null | undefined, path?: string[]) => SyntaxNode | undefined;

function callInputRead(file: SourceFile, call: SyntaxNode, next: Next, anyOf: (c: ReadonlyArray<SyntaxNode | null | undefined>) => SyntaxNode | undefined): SyntaxNode | undefined {
  const callee = calleeOf(call);
  const member = callee?.type === 'member_expression';
  const name = member ? callee.childForFieldName('property')?.text : callee?.type === 'identifier' ? callee.text : undefined;
  if (!callee || name === undefined) return undefined;
  if (member) {
    // `req.get('X-Name')`, `ctx.cookies.get('name')`: the accessor itself is an input path.
    if (name === 'get' || name === 'header' || name === 'param') return next(callee) && call;
    if (CARRYING_METHODS.has(name)) {
      const found = next(callee.childForFieldName('object')) ?? (name === 'concat' ? anyOf(argumentsOf(call)) : undefined);
      if (found) return found; // else `path.join(...)` is not `array.join()`: read on
    }
  }
  if (!CARRYING_PATH_FUNCTIONS.has(name) && !CARRYING_GLOBALS.has(name) && name !== 'stringify') return undefined;
  const value = file.resolver.valueOf(callee);
  if (value.kind === 'global' && CARRYING_GLOBALS.has([value.name, ...value.path].join('.'))) return next(argumentsOf(call)[0]);
  const isPathFunction = value.kind === 'module' && value.module === 'path' && CARRYING_PATH_FUNCTIONS.has(value.path[value.path.length - 1] ?? '');
  return isPathFunction ? anyOf(argumentsOf(call)) : undefined;
}

/** `['params', 'name']`, `['request', 'body']` (koa), `['raw', 'url']` (fastify), `['file', 'originalname']` (multer). */
function isInputPath(path: readonly string[]): boolean {
  const [first, second] = path;
  if (first === undefined) return false;
  if (INPUT_PROPERTIES.has(first)) return true;
  if (UPLOAD_PROPERTIES.has(first)) return UPLOAD_NAMES.has(path[path.length - 1] ?? '');
  if (first === 'request' || first === 'raw') return isInputPath(path.slice(1)) && second !== undefined;
  return false;
}

function routesOf(file: SourceFile): FileRoutes {
  let routes = routesCache.get(file);
  if (!routes) {
    const framework = webFrameworkOf(file);
    routes = { framework, registered: new Map(), verdicts: new Map() };
    if (framework) collectRegisteredHandlers(file, framework, routes.registered);
    routesCache.set(file, routes);
  }
  return routes;
}

/** Scans route registrations once per file: `app.get('/x', a, b)`, `router.route('/x').post(fn)`, `fastify.route({ handler })`. */
function collectRegisteredHandlers(file: SourceFile, fileFramework: WebFramework, into: Map<number, WebFramework>): void {
  for (const call of file.root.descendantsOfType('call_expression')) {
    const callee = call && calleeOf(call);
    const method = callee?.type === 'member_expression' ? callee.childForFieldName('property')?.text : undefined;
    if (!call || !callee || method === undefined || !ROUTE_METHODS.has(method)) continue;
    const args = argumentsOf(call);
    const receiver = callee.childForFieldName('object');
    const origin = receiver ? originModule(file.resolver.valueOf(receiver)) : undefined;
    let framework: WebFramework | undefined;
    if (origin !== undefined && (FRAMEWORK_MODULES[origin] || isPackage(origin))) {
      framework = FRAMEWORK_MODULES[origin]; // another library's `get` (msw, nock, a cache) registers no route
    } else if (args[0] && isRoutePath(args[0])) {
      framework = fileFramework; // an injected router or app: `export function routes(router: Router) { router.get('/x', ...) }`
    } else if (method === 'route' && args[0] && unwrap(args[0]).type === 'object') {
      framework = fileFramework;
    }
    if (!framework) continue;
    for (const arg of args) {
      const options = unwrap(arg);
      const candidate = options.type === 'object' ? findProperty(options, 'handler')?.value : options;
      const fn = candidate && functionOf(file, candidate);
      if (fn) into.set(fn.id, framework);
    }
  }
}

function isRoutePath(node: SyntaxNode): boolean {
  const n = unwrap(node);
  if (n.type === 'array') return n.namedChildren.some((c) => c !== null && isRoutePath(c));
  return n.type === 'regex' || (stringValue(n)?.startsWith('/') ?? false);
}

/** The function an argument denotes: a function literal, or a name bound to a function in this file. */
function functionOf(file: SourceFile, node: SyntaxNode): SyntaxNode | undefined {
  const n = unwrap(node);
  if (FUNCTION_TYPES.has(n.type)) return n;
  if (n.type !== 'identifier') return undefined;
  const binding = file.resolver.resolve(n);
  if (binding?.kind === 'function') return binding.identifier.parent ?? undefined;
  const init = binding?.kind === 'variable' && !binding.destructured ? binding.init && unwrap(binding.init) : undefined;
  return init && FUNCTION_TYPES.has(init.type) ? init : undefined;
}

/** `(req: Request, res)` with `Request` from express, or `const h: RequestHandler = (req, res) => ...`. */
function typedFramework(file: SourceFile, fn: SyntaxNode): WebFramework | undefined {
  const [request] = parametersOf(fn);
  const parameterType = request?.parent?.childForFieldName('type');
  const fromParameter = parameterType ? frameworkType(file, parameterType, REQUEST_TYPES) : undefined;
  if (fromParameter) return fromParameter;
  const declarator = fn.parent?.type === 'variable_declarator' ? fn.parent : undefined;
  const declaredType = declarator?.childForFieldName('type');
  return declaredType ? frameworkType(file, declaredType, HANDLER_TYPES) : undefined;
}

/** The framework of a type annotation naming one of `names` imported from it (`Request`, `express.Request`, `Request<P>`). */
function frameworkType(file: SourceFile, annotation: SyntaxNode, names: ReadonlySet<string>): WebFramework | undefined {
  let type: SyntaxNode | null | undefined = annotation.type === 'type_annotation' ? annotation.namedChildren[0] : annotation;
  if (type?.type === 'generic_type') type = type.childForFieldName('name');
  if (!type) return undefined;
  let binding: Binding | undefined;
  if (type.type === 'type_identifier') {
    binding = names.has(type.text) ? file.resolver.lookup(type.text, annotation) : undefined;
    if (binding?.imported !== undefined && !names.has(binding.imported)) return undefined;
  } else if (type.type === 'nested_type_identifier') {
    const [namespace, name] = [type.namedChildren[0], type.namedChildren[type.namedChildCount - 1]];
    binding = namespace && name && names.has(name.text) ? file.resolver.lookup(namespace.text, annotation) : undefined;
  }
  return binding?.kind === 'import' && binding.module ? FRAMEWORK_MODULES[binding.module] : undefined;
}

/** The first two parameters' patterns (the name, or the destructuring pattern). */
function parametersOf(fn: SyntaxNode): Array<SyntaxNode | undefined> {
  const single = fn.childForFieldName('parameter');
  if (single) return [single];
  const params = fn.childForFieldName('parameters')?.namedChildren.filter((p): p is SyntaxNode => p !== null && p.type !== 'comment') ?? [];
  return params.slice(0, 2).map((p) => p.childForFieldName('pattern') ?? p);
}

function contains(outer: SyntaxNode, inner: SyntaxNode): boolean {
  return inner.startIndex >= outer.startIndex && inner.endIndex <= outer.endIndex;
}
