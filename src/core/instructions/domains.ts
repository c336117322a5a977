import { normaliseModule } from '../parse/bindings';
import type { SourceFile } from '../sourceFile';
import type { SyntaxNode } from '../parse/parser';
import { stringValue } from '../parse/syntax';

/** What a file's imports say about the code: the domains instruction files are matched to. */
export type Domain = 'http-client' | 'http-server' | 'queue' | 'database' | 'serverless' | 'resilience' | 'llm' | 'ui';

export const DOMAIN_LABELS: Record<Domain, string> = {
  'http-client': 'HTTP client',
  'http-server': 'HTTP server',
  queue: 'queue or event bus',
  database: 'database',
  serverless: 'serverless handler',
  resilience: 'resilience library',
  llm: 'LLM SDK',
  ui: 'front-end code',
};

/** Domains that only server-side code has: with one of them, a file is back-end code even in a UI project. */
export const SERVER_DOMAINS: ReadonlySet<Domain> = new Set(['http-server', 'queue', 'database', 'serverless', 'llm']);

/** Cloud SDK clients are remote calls: any package under these scopes counts as an HTTP client. */
const CLOUD_SDK_SCOPES = ['@aws-sdk/', '@google-cloud/', '@azure/'];

const UI_MODULES = ['react', 'react-dom', 'vue', '@angular/core', 'svelte', 'solid-js', 'preact', 'swr', '@tanstack/react-query', 'react-native'];
/** Server frameworks: a project depending on one is a service, whatever else it depends on. */
export const SERVER_FRAMEWORKS: readonly string[] = ['express', 'fastify', 'koa', '@nestjs/core', '@hapi/hapi', 'hono', '@google-cloud/functions-framework', '@azure/functions'];

const MODULE_DOMAINS: Record<string, Domain> = {
  axios: 'http-client', got: 'http-client', ky: 'http-client', undici: 'http-client', 'node-fetch': 'http-client',
  superagent: 'http-client', http: 'http-client', https: 'http-client', 'cross-fetch': 'http-client',
  '@grpc/grpc-js': 'http-client',
  express: 'http-server', fastify: 'http-server', koa: 'http-server', '@hapi/hapi': 'http-server',
  '@nestjs/common': 'http-server', hono: 'http-server',
  kafkajs: 'queue', amqplib: 'queue', bullmq: 'queue', '@aws-sdk/client-sqs': 'queue', '@aws-sdk/client-sns': 'queue',
  '@aws-sdk/client-eventbridge': 'queue', '@google-cloud/pubsub': 'queue', nats: 'queue', '@azure/service-bus': 'queue',
  pg: 'database', mysql2: 'database', mysql: 'database', sqlite3: 'database', 'better-sqlite3': 'database',
  knex: 'database', sequelize: 'database', '@prisma/client': 'database', mongodb: 'database', mongoose: 'database',
  ioredis: 'database', redis: 'database', typeorm: 'database', '@aws-sdk/client-dynamodb': 'database',
  'aws-lambda': 'serverless', '@google-cloud/functions-framework': 'serverless', '@azure/functions': 'serverless',
  cockatiel: 'resilience', opossum: 'resilience', 'p-retry': 'resilience', 'async-retry': 'resilience',
  'axios-retry': 'resilience', 'p-limit': 'resilience',
  openai: 'llm', '@anthropic-ai/sdk': 'llm',
  ...Object.fromEntries(UI_MODULES.map((m) => [m, 'ui' as const])),
};

/**
 * A project whose package.json depends on a UI framework and on no server framework is front-end
 * code: the bundled back-end instructions (timeouts for services, retries) are not about it.
 */
export function frontEndProjectEvidence(dependencies: ReadonlySet<string>): DomainEvidence | undefined {
  if (SERVER_FRAMEWORKS.some((m) => dependencies.has(m))) return undefined;
  const ui = UI_MODULES.find((m) => dependencies.has(m));
  return ui ? { domain: 'ui', via: `package.json depends on ${ui}` } : undefined;
}

export interface DomainEvidence {
  domain: Domain;
  /** The module (or global) that showed it: `axios`, `fetch`. */
  via: string;
}

/** Node types `detectDomains` reads; the engine collects them in its single walk of the tree. */
export const DOMAIN_NODE_TYPES = ['import_statement', 'call_expression'] as const;

/**
 * Domains of a file with the import that showed each, first evidence per domain. `nodes` are the
 * file's import statements and calls in source order (other node types are ignored).
 */
export function detectDomains(file: SourceFile, nodes: readonly SyntaxNode[]): DomainEvidence[] {
  const found = new Map<Domain, string>();
  const note = (module: string) => {
    const domain =
      MODULE_DOMAINS[module] ??
      MODULE_DOMAINS[module.split('/').slice(0, module.startsWith('@') ? 2 : 1).join('/')] ??
      (CLOUD_SDK_SCOPES.some((scope) => module.startsWith(scope)) ? 'http-client' : undefined);
    if (domain && !found.has(domain)) found.set(domain, module);
  };
  const text = file.text;
  for (const node of nodes) {
    const type = node.type;
    if (type === 'import_statement') {
      const source = node.childForFieldName('source');
      const name = source ? stringValue(source) : undefined;
      if (name) note(normaliseModule(name));
      continue;
    }
    if (type !== 'call_expression') continue;
    // Read the callee's first word from the text before asking the tree: most calls are neither.
    const start = node.startIndex;
    const isRequire = text.startsWith('require', start) || text.startsWith('import', start);
    const isFetch = !isRequire && text.startsWith('fetch', start) && !found.has('http-client');
    if (!isRequire && !isFetch) continue;
    const callee = node.childForFieldName('function');
    if (callee?.type !== 'identifier' && callee?.type !== 'import') continue;
    if (isRequire) {
      const arg = node.childForFieldName('arguments')?.namedChildren[0];
      const name = arg ? stringValue(arg) : undefined;
      if (name) note(normaliseModule(name));
    } else if (callee.text === 'fetch' && !file.resolver.resolve(callee)) {
      found.set('http-client', 'fetch');
    }
  }
  if (!found.has('serverless') && MAY_EXPORT_HANDLER.test(text) && exportsHandler(file)) found.set('serverless', 'exported `handler`');
  const evidence = [...found].map(([domain, via]) => ({ domain, via }));
  const frontEnd = found.has('ui') ? undefined : (frontEndProjectEvidence(file.project.dependencies) ?? browserCodeEvidence(file));
  return frontEnd ? [...evidence, frontEnd] : evidence;
}

/** Globals only a browser defines; Node has none of them. */
const BROWSER_GLOBAL_USE = /\b(window|document|navigator|localStorage|sessionStorage)\s*\./g;
/** Code that asks whether it runs in a browser runs on both sides. */
const RUNTIME_CHECK = /\btypeof\s+(window|document)\b/;
/** Uses of a browser global looked at before giving up: a server file can have many `document.` of its own variables. */
const MAX_GLOBAL_CHECKS = 20;

/**
 * Browser code the project's dependencies do not reveal (a repository with one package.json for
 * server and client, or none at its top): a file in the project's top-level `public/` folder,
 * whose files are served to browsers as they are, or one that uses `window`, `document`,
 * `navigator` or web storage as globals, with no `typeof window` check that would make it
 * isomorphic.
 */
export function browserCodeEvidence(file: SourceFile): DomainEvidence | undefined {
  const root = file.project.root;
  if (root) {
    const inside = file.path.split(/[\\/]/).filter(Boolean).slice(root.split(/[\\/]/).filter(Boolean).length);
    if (inside.length > 1 && inside[0] === 'public') return { domain: 'ui', via: 'the file is in the public/ folder served to browsers' };
  }
  const text = file.text;
  if (RUNTIME_CHECK.test(text)) return undefined;
  let checks = 0;
  for (const match of text.matchAll(BROWSER_GLOBAL_USE)) {
    if (++checks > MAX_GLOBAL_CHECKS) break;
    const node = file.root.descendantForIndex(match.index);
    const member = node?.parent;
    if (node?.type !== 'identifier' || member?.type !== 'member_expression' || member.childForFieldName('object')?.id !== node.id) continue;
    if (!file.resolver.resolve(node)) return { domain: 'ui', via: `the file uses the browser global \`${node.text}\`` };
  }
  return undefined;
}

/**
 * A module that exports a function named `handler` is a serverless entry point (AWS Lambda's
 * convention), whether or not it imports `aws-lambda` types: `export const handler = ...`,
 * `export async function handler`, `exports.handler = ...`, `module.exports.handler = ...`.
 */
/** A cheap test on the text before the tree is asked: the only shapes `exportsHandler` accepts. */
const MAY_EXPORT_HANDLER = /\bexport\s+(?:const|let|var|async\s+function|function)\s+handler\b|\bexports\.handler\s*=/;

function exportsHandler(file: SourceFile): boolean {
  for (const statement of file.root.namedChildren) {
    if (!statement) continue;
    if (statement.type === 'export_statement') {
      const declaration = statement.childForFieldName('declaration');
      if (!declaration) continue;
      if (declaration.childForFieldName('name')?.text === 'handler') return true;
      for (const declarator of declaration.namedChildren) {
        if (declarator?.type === 'variable_declarator' && declarator.childForFieldName('name')?.text === 'handler') return true;
      }
    } else if (statement.type === 'expression_statement') {
      const assignment = statement.namedChildren[0];
      const left = assignment?.type === 'assignment_expression' ? assignment.childForFieldName('left') : null;
      if (left && (left.text === 'exports.handler' || left.text === 'module.exports.handler')) return true;
    }
  }
  return false;
}
