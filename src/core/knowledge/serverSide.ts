import type { SyntaxNode } from '../parse/parser';
import { calleeOf, dottedName, stringValue } from '../parse/syntax';
import type { SourceFile } from '../sourceFile';
import { importedModules } from './modules';
import { routeHandlerFor } from './requestInput';
import { recogniseRoute } from './webRoutes';

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

const serverCache = new WeakMap<SourceFile, boolean>();

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
  framework: 'express' | 'fastify' | 'koa' | 'nestjs';
}

/** The request handler `fn` is, or undefined. */
export function requestHandlerFor(file: SourceFile, fn: SyntaxNode): RequestHandler | undefined {
  if (fn.type === 'method_definition') return isNestRouteMethod(file, fn) ? { fn, framework: 'nestjs' } : undefined;
  const route = routeHandlerFor(file, fn);
  if (route) return { fn, framework: route.framework };
  // A handler that takes no parameters (`fastify.get('/rates', async () => ...)`) is still one.
  const holder = fn.parent?.type === 'pair' && fn.parent.childForFieldName('key')?.text === 'handler' ? fn.parent.parent : fn;
  const call = holder?.parent?.type === 'arguments' ? holder.parent.parent : undefined;
  const registration = call ? recogniseRoute(file, call) : undefined;
  const registered = registration && (registration.handlers.some((h) => h.id === fn.id) || registration.options?.id === holder?.id);
  return registered ? { fn, framework: registration.instance.framework } : undefined;
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
