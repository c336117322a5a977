import type { SyntaxNode } from '../parse/parser';
import { argumentsOf, calleeOf, dottedName, findProperty, FUNCTION_TYPES, unwrap } from '../parse/syntax';
import { FileCache, type SourceFile } from '../sourceFile';
import { importedModules, originModule } from './modules';
import { requestHandlerFor } from './serverSide';
import { lookupTable } from '../lookupTable';

/**
 * Functions that run once per invocation or request: serverless entry points (AWS Lambda, Google
 * Cloud Functions, Azure Functions) and HTTP route handlers (Express, Fastify). Work done in them is
 * repeated every time; work done at module scope is done once per process or execution environment.
 */

export type HandlerKind = 'lambda' | 'cloud-function' | 'azure-function' | 'express' | 'fastify' | 'koa' | 'nestjs';

export const HANDLER_LABELS: Readonly<Record<HandlerKind, string>> = {
  lambda: 'Lambda handler',
  'cloud-function': 'Cloud Functions handler',
  'azure-function': 'Azure Functions handler',
  express: 'Express route handler',
  fastify: 'Fastify route handler',
  koa: 'Koa route handler',
  nestjs: 'NestJS route handler',
};

export interface Handler {
  fn: SyntaxNode;
  kind: HandlerKind;
}

/** Method names that register a route handler on an Express app or router, or a Fastify instance. */
const ROUTE_METHODS: ReadonlySet<string> = new Set(['get', 'post', 'put', 'patch', 'delete', 'del', 'all', 'use', 'options', 'head', 'route']);
const SERVER_MODULES = lookupTable<HandlerKind>({ express: 'express', fastify: 'fastify' });
const GCF_MODULE = '@google-cloud/functions-framework';
const AZURE_MODULE = '@azure/functions';

const cache = new FileCache<Map<number, HandlerKind>>();

/**
 * The innermost function around `node` that is a handler (a helper closure inside a handler runs per
 * call too). Route handlers the shared web knowledge recognises (express, fastify, koa, NestJS
 * controller methods, see serverSide.ts) count as well as the ones collected here.
 */
export function enclosingHandler(file: SourceFile, node: SyntaxNode): Handler | undefined {
  let handlers: Map<number, HandlerKind> | undefined;
  for (let p = node.parent; p; p = p.parent) {
    if (!FUNCTION_TYPES.has(p.type)) continue;
    handlers ??= handlersOf(file);
    const kind = handlers.get(p.id) ?? requestHandlerFor(file, p)?.framework;
    if (kind) return { fn: p, kind };
  }
  return undefined;
}

/** Every handler function of the file by node id; computed once per file, on first need. */
export function handlersOf(file: SourceFile): Map<number, HandlerKind> {
  let found = cache.get(file);
  if (!found) {
    found = new Map();
    const modules = importedModules(file);
    collectExportedHandlers(file, modules, found);
    collectRegisteredHandlers(file, modules, found);
    cache.set(file, found);
  }
  return found;
}

/** `export const handler = async (event) => ...`, `exports.handler = ...`, `module.exports = { handler }`, and Cloud Functions exports. */
function collectExportedHandlers(file: SourceFile, modules: ReadonlySet<string>, into: Map<number, HandlerKind>): void {
  const functionsFramework = modules.has(GCF_MODULE);
  const lambdaTypes = modules.has('aws-lambda');
  const add = (value: SyntaxNode | null | undefined, kind: HandlerKind) => {
    const fn = value ? handlerFunction(file, value) : undefined;
    if (fn) into.set(fn.id, kind);
  };
  const isLambdaName = (name: string) => name === 'handler' || (lambdaTypes && /handler$/i.test(name));
  for (const statement of file.root.namedChildren) {
    if (statement?.type === 'export_statement') {
      const declaration = statement.childForFieldName('declaration');
      if (declaration?.type === 'function_declaration' && isLambdaName(declaration.childForFieldName('name')?.text ?? '')) add(declaration, 'lambda');
      if (declaration?.type !== 'lexical_declaration') continue;
      for (const declarator of declaration.namedChildren) {
        if (declarator?.type !== 'variable_declarator') continue;
        const name = declarator.childForFieldName('name')?.text ?? '';
        if (isLambdaName(name) || hasLambdaType(file, declarator)) add(declarator.childForFieldName('value'), 'lambda');
      }
    } else if (statement?.type === 'expression_statement') {
      const assignment = statement.namedChildren[0];
      if (assignment?.type !== 'assignment_expression') continue;
      const target = dottedName(assignment.childForFieldName('left') ?? assignment);
      const right = assignment.childForFieldName('right');
      const exported = target && (target[0] === 'exports' ? target.slice(1) : target[0] === 'module' && target[1] === 'exports' ? target.slice(2) : undefined);
      if (!exported || !right) continue;
      if (exported.length === 1) {
        if (functionsFramework) add(right, 'cloud-function');
        else if (exported[0] === 'handler') add(right, 'lambda');
      } else if (exported.length === 0 && unwrap(right).type === 'object') {
        const handler = findProperty(unwrap(right), 'handler');
        if (handler) add(handler.value, 'lambda');
      }
    }
  }
}

/** `app.get('/x', fn)`, `fastify.route({ handler })`, `functions.http('name', fn)`, `app.http('name', { handler })`. */
function collectRegisteredHandlers(file: SourceFile, modules: ReadonlySet<string>, into: Map<number, HandlerKind>): void {
  const server = [...modules].some((m) => SERVER_MODULES[m] !== undefined);
  const serverless = modules.has(GCF_MODULE) || modules.has(AZURE_MODULE);
  if (!server && !serverless) return;
  for (const call of file.root.descendantsOfType('call_expression')) {
    const callee = call && calleeOf(call);
    if (!call || callee?.type !== 'member_expression') continue;
    const method = callee.childForFieldName('property')?.text ?? '';
    const args = argumentsOf(call);
    const add = (value: SyntaxNode | undefined, kind: HandlerKind) => {
      const fn = value ? handlerFunction(file, value) : undefined;
      if (fn) into.set(fn.id, kind);
    };
    if (serverless && (method === 'http' || method === 'cloudEvent' || method === 'timer' || method === 'storageQueue' || method === 'serviceBusQueue' || method === 'eventGrid' || method === 'generic')) {
      const value = file.resolver.valueOf(callee);
      if (value.kind !== 'module') continue;
      if (value.module === GCF_MODULE && value.path.length === 1) add(args[1], 'cloud-function');
      if (value.module === AZURE_MODULE && value.path[0] === 'app') {
        const options = args[1] && unwrap(args[1]);
        add(options?.type === 'object' ? findProperty(options, 'handler')?.value : undefined, 'azure-function');
      }
      continue;
    }
    if (!server || !ROUTE_METHODS.has(method)) continue;
    const object = callee.childForFieldName('object');
    const kind = object && serverKind(file, object);
    if (!kind) continue;
    for (const arg of args) {
      const node = unwrap(arg);
      if (node.type === 'object') add(findProperty(node, 'handler')?.value, kind);
      else add(node, kind);
    }
  }
}

/** Whether `object` is an Express app or router, or a Fastify instance, created in this file or typed as one. */
function serverKind(file: SourceFile, object: SyntaxNode): HandlerKind | undefined {
  const module = originModule(file.resolver.valueOf(object));
  if (module !== undefined) return SERVER_MODULES[module];
  // `export default async function routes(app: FastifyInstance) { app.get(...) }`
  const node = unwrap(object);
  const binding = node.type === 'identifier' ? file.resolver.resolve(node) : undefined;
  const type = binding?.kind === 'parameter' ? binding.identifier.parent?.childForFieldName('type') : null;
  const typeName = type?.descendantsOfType('type_identifier')[0];
  const typeBinding = typeName ? file.resolver.lookup(typeName.text, typeName) : undefined;
  return typeBinding?.kind === 'import' && typeBinding.module ? SERVER_MODULES[typeBinding.module] : undefined;
}

/** `export const handler: APIGatewayProxyHandlerV2 = ...`: typed with a handler type from aws-lambda. */
function hasLambdaType(file: SourceFile, declarator: SyntaxNode): boolean {
  const typeName = declarator.childForFieldName('type')?.descendantsOfType('type_identifier')[0];
  const binding = typeName ? file.resolver.lookup(typeName.text, typeName) : undefined;
  return binding?.kind === 'import' && binding.module === 'aws-lambda';
}

/** The function a handler expression denotes: itself, a local function named there, or the function `middy(fn)` wraps. */
function handlerFunction(file: SourceFile, expression: SyntaxNode): SyntaxNode | undefined {
  let node = unwrap(expression);
  // middy(fn).use(a).use(b)
  while (node.type === 'call_expression') {
    const callee = calleeOf(node);
    if (callee?.type === 'member_expression' && callee.childForFieldName('property')?.text === 'use') {
      const object = callee.childForFieldName('object');
      if (!object) return undefined;
      node = unwrap(object);
      continue;
    }
    const value = callee ? file.resolver.valueOf(callee) : undefined;
    const [first] = argumentsOf(node);
    if (value?.kind !== 'module' || value.module !== '@middy/core' || !first) return undefined;
    node = unwrap(first);
  }
  if (FUNCTION_TYPES.has(node.type)) return node;
  if (node.type !== 'identifier' && node.type !== 'shorthand_property_identifier') return undefined;
  const binding = file.resolver.lookup(node.text, node);
  if (binding?.kind === 'function') {
    const declaration = binding.identifier.parent;
    return declaration && FUNCTION_TYPES.has(declaration.type) ? declaration : undefined;
  }
  const init = binding?.kind === 'variable' && !binding.destructured && binding.init ? unwrap(binding.init) : undefined;
  return init && FUNCTION_TYPES.has(init.type) ? init : undefined;
}
