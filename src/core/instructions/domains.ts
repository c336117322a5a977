import { normaliseModule } from '../parse/bindings';
import type { SourceFile } from '../sourceFile';
import { stringValue } from '../parse/syntax';

/** What a file's imports say about the code: the domains instruction files are matched to. */
export type Domain = 'http-client' | 'http-server' | 'queue' | 'database' | 'serverless' | 'resilience' | 'llm';

export const DOMAIN_LABELS: Record<Domain, string> = {
  'http-client': 'HTTP client',
  'http-server': 'HTTP server',
  queue: 'queue or event bus',
  database: 'database',
  serverless: 'serverless handler',
  resilience: 'resilience library',
  llm: 'LLM SDK',
};

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
};

export interface DomainEvidence {
  domain: Domain;
  /** The module (or global) that showed it: `axios`, `fetch`. */
  via: string;
}

/** Domains of a file with the import that showed each, first evidence per domain. */
export function detectDomains(file: SourceFile): DomainEvidence[] {
  const found = new Map<Domain, string>();
  const note = (module: string) => {
    const domain = MODULE_DOMAINS[module] ?? MODULE_DOMAINS[module.split('/').slice(0, module.startsWith('@') ? 2 : 1).join('/')];
    if (domain && !found.has(domain)) found.set(domain, module);
  };
  for (const node of file.root.descendantsOfType(['import_statement', 'call_expression'])) {
    if (!node) continue;
    if (node.type === 'import_statement') {
      const source = node.childForFieldName('source');
      const name = source && stringValue(source);
      if (name) note(normaliseModule(name));
      continue;
    }
    const callee = node.childForFieldName('function');
    if (callee?.type !== 'identifier') continue;
    if (callee.text === 'require' || callee.text === 'import') {
      const arg = node.childForFieldName('arguments')?.namedChildren[0];
      const name = arg && stringValue(arg);
      if (name) note(normaliseModule(name));
    } else if (callee.text === 'fetch' && !found.has('http-client') && !file.resolver.resolve(callee)) {
      found.set('http-client', 'fetch');
    }
  }
  return [...found].map(([domain, via]) => ({ domain, via }));
}
