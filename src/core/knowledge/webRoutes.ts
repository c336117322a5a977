import type { Binding } from '../parse/bindings';
import type { SyntaxNode } from '../parse/parser';
import { argumentsOf, calleeOf, findProperty, stringValue, unwrap } from '../parse/syntax';
import type { SourceFile } from '../sourceFile';

/**
 * How express and fastify routes are registered in source: which values are an app, a router or a
 * fastify instance created in this file, and which calls add a route (`app.post(path, ...)`,
 * `router.route(path).post(...)`, `fastify.route({ method, url })`), mount middleware
 * (`app.use(...)`) or register a fastify plugin. An instance received as a parameter or imported
 * from another module is not recognised: what it was configured with cannot be seen.
 */

export type ServerFramework = 'express' | 'fastify';

export interface ServerInstance {
  framework: ServerFramework;
  kind: 'app' | 'router';
  /** The variable that holds it, when there is one. */
  binding?: Binding;
}

export interface RouteRegistration {
  instance: ServerInstance;
  call: SyntaxNode;
  /** Lower-case HTTP methods (`post`; `all` for `app.all`). */
  methods: string[];
  /** Literal paths, one per element of an express path array. */
  paths: string[];
  /** The node that states the path: the place to underline. */
  pathNode: SyntaxNode;
  /** express: middleware and handler after the path; fastify: options and handler. */
  handlers: readonly SyntaxNode[];
  /** fastify: the route options object, when the call passes one (also `route({...})` itself). */
  options?: SyntaxNode;
}

export interface MiddlewareUse {
  instance: ServerInstance;
  call: SyntaxNode;
  /** The path the middleware is mounted on (`app.use('/auth', ...)`); undefined for every path. */
  prefix?: string;
  middleware: readonly SyntaxNode[];
}

const ROUTE_METHODS: ReadonlySet<string> = new Set(['get', 'post', 'put', 'patch', 'delete', 'all', 'head', 'options']);

/** The express app or router, or fastify instance, that `receiver` denotes, when this file creates it. */
export function serverInstanceOf(file: SourceFile, receiver: SyntaxNode): ServerInstance | undefined {
  const value = file.resolver.valueOf(receiver);
  if (value.kind !== 'created' || value.path.length > 0 || value.by.kind !== 'module') return undefined;
  const { module, path } = value.by;
  const entry = path.join('.');
  if (module === 'express' && entry === '') return { framework: 'express', kind: 'app', binding: value.binding };
  if (module === 'express' && entry === 'Router') return { framework: 'express', kind: 'router', binding: value.binding };
  if (module === 'fastify' && (entry === '' || entry === 'fastify')) return { framework: 'fastify', kind: 'app', binding: value.binding };
  return undefined;
}

function methodCall(call: SyntaxNode): { receiver: SyntaxNode; method: string } | undefined {
  const callee = calleeOf(call);
  if (callee?.type !== 'member_expression') return undefined;
  const receiver = callee.childForFieldName('object');
  const method = callee.childForFieldName('property')?.text;
  return receiver && method ? { receiver: unwrap(receiver), method } : undefined;
}

/** Literal paths of a path argument: `'/login'` or `['/login', '/signin']`; empty when any is computed. */
function literalPaths(node: SyntaxNode): string[] {
  const n = unwrap(node);
  const single = stringValue(n);
  if (single !== undefined) return [single];
  if (n.type !== 'array') return [];
  const items = n.namedChildren.filter((c): c is SyntaxNode => c !== null && c.type !== 'comment');
  const paths = items.map((item) => stringValue(item));
  return paths.every((p): p is string => p !== undefined) ? paths : [];
}

/** The route `call` registers, or undefined. Cheap name checks come before any name is resolved. */
export function recogniseRoute(file: SourceFile, call: SyntaxNode): RouteRegistration | undefined {
  const target = methodCall(call);
  if (!target) return undefined;
  const method = target.method.toLowerCase();
  const args = argumentsOf(call);
  if (ROUTE_METHODS.has(method)) {
    // `router.route('/login').get(a).post(b)`: the path is on the `.route()` call at the chain's root.
    let root = target.receiver;
    while (root.type === 'call_expression') {
      const link = methodCall(root);
      if (!link || !ROUTE_METHODS.has(link.method)) break;
      root = link.receiver;
    }
    const chained = root.type === 'call_expression' ? methodCall(root) : undefined;
    if (chained?.method === 'route') {
      const instance = serverInstanceOf(file, chained.receiver);
      const [pathNode] = argumentsOf(root);
      if (instance?.framework !== 'express' || !pathNode) return undefined;
      return { instance, call, methods: [method], paths: literalPaths(pathNode), pathNode, handlers: args };
    }
    const [pathNode, ...handlers] = args;
    if (!pathNode) return undefined;
    const instance = serverInstanceOf(file, target.receiver);
    if (!instance) return undefined;
    const options = instance.framework === 'fastify' ? fastifyOptions(handlers) : undefined;
    return { instance, call, methods: [method], paths: literalPaths(pathNode), pathNode, handlers, options };
  }
  if (method === 'route' && args.length === 1 && unwrap(args[0]).type === 'object') {
    const instance = serverInstanceOf(file, target.receiver);
    const options = unwrap(args[0]);
    const url = findProperty(options, 'url') ?? findProperty(options, 'path');
    const methods = findProperty(options, 'method');
    if (instance?.framework !== 'fastify' || !url || !methods) return undefined;
    const names = literalPaths(methods.value).map((m) => m.toLowerCase());
    return { instance, call, methods: names, paths: literalPaths(url.value), pathNode: url.value, handlers: [], options };
  }
  return undefined;
}

/** fastify `post(path, options, handler)` or `post(path, { handler, ... })`: the options argument. */
function fastifyOptions(handlers: readonly SyntaxNode[]): SyntaxNode | undefined {
  if (handlers.length >= 2) return handlers[0];
  const only = handlers[0] && unwrap(handlers[0]);
  return only?.type === 'object' ? only : undefined;
}

/** `app.use([prefix], ...middleware)` on an express app or router created in this file. */
export function recogniseUse(file: SourceFile, call: SyntaxNode): MiddlewareUse | undefined {
  const target = methodCall(call);
  if (target?.method !== 'use') return undefined;
  const instance = serverInstanceOf(file, target.receiver);
  if (instance?.framework !== 'express') return undefined;
  const args = argumentsOf(call);
  const prefix = args[0] && stringValue(args[0]);
  return { instance, call, prefix, middleware: prefix === undefined ? args : args.slice(1) };
}

/** `fastify.register(plugin, options?)` on a fastify instance created in this file. */
export function recogniseRegister(file: SourceFile, call: SyntaxNode): { call: SyntaxNode; plugin: SyntaxNode; options?: SyntaxNode } | undefined {
  const target = methodCall(call);
  if (target?.method !== 'register') return undefined;
  const [plugin, options] = argumentsOf(call);
  if (!plugin || serverInstanceOf(file, target.receiver)?.framework !== 'fastify') return undefined;
  return { call, plugin, options };
}
