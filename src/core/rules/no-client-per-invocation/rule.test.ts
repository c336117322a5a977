import { checkFixtures } from '../fixtureTesting';
import { runRuleTests } from '../ruleTester';
import rule from './rule';

const JS = '/project/src/handler.js';

runRuleTests(rule, {
  valid: [
    {
      name: 'clients at module scope, used by the Lambda handler',
      code: `
import { S3Client, GetObjectCommand } from '@aws-sdk/client-s3';
import { Pool } from 'pg';
const s3 = new S3Client({});
const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 1 });
export const handler = async (event: { key: string }) => {
  await pool.query('SELECT 1');
  return s3.send(new GetObjectCommand({ Bucket: 'docs', Key: event.key }));
};`,
    },
    {
      name: 'created lazily once: ??= on a module variable',
      code: `
import { S3Client } from '@aws-sdk/client-s3';
let s3: S3Client | undefined;
export const handler = async () => {
  s3 ??= new S3Client({});
  return s3.config.region();
};`,
    },
    {
      name: 'created lazily once: if (!client) client = ...',
      code: `
const { MongoClient } = require('mongodb');
let client;
exports.handler = async (event) => {
  if (!client) {
    client = new MongoClient(process.env.MONGO_URL);
    await client.connect();
  }
  return client.db('shop').collection('orders').findOne({ _id: event.id });
};`,
      filename: JS,
    },
    {
      name: 'created lazily once: x = x ?? ..., x ?? (x = ...), a module Map of clients',
      code: `
import Redis from 'ioredis';
import { S3Client } from '@aws-sdk/client-s3';
let redis: Redis | undefined;
let backup: Redis | undefined;
const byRegion = new Map<string, S3Client>();
export const handler = async (event: { region: string }) => {
  redis = redis ?? new Redis(process.env.REDIS_URL!);
  const other = backup ?? (backup = new Redis(process.env.BACKUP_URL!));
  if (!byRegion.has(event.region)) byRegion.set(event.region, new S3Client({ region: event.region }));
  return [redis, other];
};`,
    },
    {
      name: 'a factory function that is not a handler',
      code: `
import { S3Client } from '@aws-sdk/client-s3';
export function makeS3(region: string) {
  return new S3Client({ region });
}
const s3 = makeS3('eu-west-1');
export const handler = async () => s3.config.region();`,
    },
    {
      name: 'plain objects in a handler: Date, URL, Map, commands',
      code: `
import { S3Client, PutObjectCommand } from '@aws-sdk/client-s3';
const s3 = new S3Client({});
export const handler = async (event: { url: string }) => {
  const now = new Date();
  const url = new URL(event.url);
  const seen = new Map<string, number>();
  await s3.send(new PutObjectCommand({ Bucket: 'b', Key: url.pathname, Body: now.toISOString() }));
  return seen.size;
};`,
    },
    {
      name: 'an exported function with another name in a file without Lambda types',
      code: `
import { Pool } from 'pg';
export async function migrate() {
  const pool = new Pool();
  await pool.query('SELECT 1');
  await pool.end();
}`,
    },
    {
      name: 'Express: pool and axios instance at module scope',
      code: `
import express from 'express';
import axios from 'axios';
import { Pool } from 'pg';
const pool = new Pool();
const billing = axios.create({ baseURL: 'https://billing.internal', timeout: 2_000 });
const app = express();
app.get('/orders/:id', async (req, res) => {
  const { rows } = await pool.query('SELECT * FROM orders WHERE id = $1', [req.params.id]);
  res.json({ order: rows[0], invoice: (await billing.get(\`/invoices/\${req.params.id}\`)).data });
});`,
    },
    {
      name: 'a class named like a client from a local module',
      code: `
import { Pool } from './pool';
import { createClient } from './redis';
export const handler = async () => {
  const pool = new Pool();
  const redis = createClient();
  return [pool, redis];
};`,
    },
    {
      name: 'a Lambda-looking handler in a test file',
      code: `
import { S3Client } from '@aws-sdk/client-s3';
export const handler = async () => new S3Client({});`,
      filename: '/project/src/__tests__/handler.ts',
    },
    {
      name: 'exports.fn without the functions framework is not known to be a handler',
      code: `
const { Storage } = require('@google-cloud/storage');
exports.resize = async (req, res) => {
  const storage = new Storage();
  res.send(await storage.bucket('b').exists());
};`,
      filename: JS,
    },
    {
      name: 'a local function named handler that is not exported',
      code: `
import { Pool } from 'pg';
async function handler() {
  const pool = new Pool();
  return pool.query('SELECT 1');
}
export const run = () => handler();`,
    },
    {
      name: 'Fastify: the client is created at module scope',
      code: `
import Fastify from 'fastify';
import { createClient } from 'redis';
const redis = createClient({ url: process.env.REDIS_URL });
const app = Fastify();
app.get('/sessions/:id', async (request) => redis.get(\`session:\${(request.params as { id: string }).id}\`));`,
    },
    {
      name: 'a model client at module scope; a this-cached client in a class',
      code: `
import OpenAI from 'openai';
import { S3Client } from '@aws-sdk/client-s3';
const openai = new OpenAI({ timeout: 20_000 });
export const handler = async (event: { q: string }) => openai.responses.create({ model: 'gpt-4.1', input: event.q, max_output_tokens: 200 });
export class Store {
  private s3?: S3Client;
  handler = async () => {
    this.s3 ??= new S3Client({});
    return this.s3;
  };
}`,
    },
    {
      name: 'Express: a client created inside a middleware factory, not in the handler',
      code: `
import express from 'express';
import { Pool } from 'pg';
function withPool(connectionString: string) {
  const pool = new Pool({ connectionString });
  return (req: express.Request, _res: express.Response, next: () => void) => { (req as any).pool = pool; next(); };
}
const app = express();
app.use(withPool(process.env.DATABASE_URL!));`,
    },
  ],
  invalid: [
    {
      name: 'Lambda: new S3Client in the handler, hoisted after the imports',
      code: `
import { S3Client, GetObjectCommand } from '@aws-sdk/client-s3';

export const handler = async (event: { key: string }) => {
  const s3 = new S3Client({ region: process.env.AWS_REGION });
  return s3.send(new GetObjectCommand({ Bucket: 'docs', Key: event.key }));
};`,
      errors: [{ messageId: 'perInvocation', line: 5, text: 'new S3Client' }],
      output: `
import { S3Client, GetObjectCommand } from '@aws-sdk/client-s3';

const s3 = new S3Client({ region: process.env.AWS_REGION });

export const handler = async (event: { key: string }) => {
  return s3.send(new GetObjectCommand({ Bucket: 'docs', Key: event.key }));
};`,
    },
    {
      name: 'exports.handler with a pg Pool, after the requires (JavaScript)',
      code: `
'use strict';
const { Pool } = require('pg');

exports.handler = async (event) => {
  const pool = new Pool({
    connectionString: process.env.DATABASE_URL,
    max: 1,
  });
  const { rows } = await pool.query('SELECT status FROM orders WHERE id = $1', [event.id]);
  return rows[0];
};`,
      filename: JS,
      errors: [{ messageId: 'perInvocation', line: 6, text: 'new Pool' }],
      output: `
'use strict';
const { Pool } = require('pg');

const pool = new Pool({
  connectionString: process.env.DATABASE_URL,
  max: 1,
});

exports.handler = async (event) => {
  const { rows } = await pool.query('SELECT status FROM orders WHERE id = $1', [event.id]);
  return rows[0];
};`,
    },
    {
      name: 'module.exports.handler with mysql.createPool',
      code: `
const mysql = require('mysql2/promise');
module.exports.handler = async (event) => {
  const db = mysql.createPool({ uri: process.env.DATABASE_URL });
  return db.query('SELECT 1');
};`,
      filename: JS,
      errors: [{ messageId: 'perInvocation', text: 'mysql.createPool' }],
      output: `
const mysql = require('mysql2/promise');

const db = mysql.createPool({ uri: process.env.DATABASE_URL });

module.exports.handler = async (event) => {
  return db.query('SELECT 1');
};`,
    },
    {
      name: 'export async function handler with new MongoClient and a connect per call',
      code: `
import { MongoClient } from 'mongodb';
export async function handler(event: { id: string }) {
  const client = new MongoClient(process.env.MONGO_URL!);
  await client.connect();
  return client.db('shop').collection('orders').findOne({ _id: event.id });
}`,
      errors: [{ messageId: 'perInvocation', line: 4, text: 'new MongoClient' }],
      output: `
import { MongoClient } from 'mongodb';

const client = new MongoClient(process.env.MONGO_URL!);

export async function handler(event: { id: string }) {
  await client.connect();
  return client.db('shop').collection('orders').findOne({ _id: event.id });
}`,
    },
    {
      name: 'a handler typed with an aws-lambda type, under another name; the client reads the event: no fix',
      code: `
import type { APIGatewayProxyHandlerV2 } from 'aws-lambda';
import Redis from 'ioredis';
export const getSession: APIGatewayProxyHandlerV2 = async (event) => {
  const redis = new Redis(event.stageVariables?.REDIS_URL ?? '');
  return { statusCode: 200, body: (await redis.get('s')) ?? '' };
};`,
      errors: [{ messageId: 'perInvocation', line: 5, text: 'new Redis' }],
      output: null,
    },
    {
      name: 'Google Cloud Functions: functions.http',
      code: `
import * as functions from '@google-cloud/functions-framework';
import { Firestore } from '@google-cloud/firestore';
functions.http('orders', async (req, res) => {
  const db = new Firestore();
  res.json((await db.collection('orders').doc(String(req.query.id)).get()).data());
});`,
      errors: [{ messageId: 'perInvocation', line: 5, text: 'new Firestore' }],
      output: `
import * as functions from '@google-cloud/functions-framework';
import { Firestore } from '@google-cloud/firestore';

const db = new Firestore();

functions.http('orders', async (req, res) => {
  res.json((await db.collection('orders').doc(String(req.query.id)).get()).data());
});`,
    },
    {
      name: 'Azure Functions: app.http handler; a module constant declared after the imports',
      code: `
import { app } from '@azure/functions';
import { CosmosClient } from '@azure/cosmos';
const CONNECTION = process.env.COSMOS_CONNECTION!;
app.http('orders', {
  methods: ['GET'],
  handler: async (request, context) => {
    const cosmos = new CosmosClient(CONNECTION);
    return { jsonBody: await cosmos.database('shop').container('orders').item(request.params.id).read() };
  },
});`,
      errors: [{ messageId: 'perInvocation', line: 8, text: 'new CosmosClient' }],
      output: `
import { app } from '@azure/functions';
import { CosmosClient } from '@azure/cosmos';
const CONNECTION = process.env.COSMOS_CONNECTION!;

const cosmos = new CosmosClient(CONNECTION);

app.http('orders', {
  methods: ['GET'],
  handler: async (request, context) => {
    return { jsonBody: await cosmos.database('shop').container('orders').item(request.params.id).read() };
  },
});`,
    },
    {
      name: 'Express route handler with new Pool',
      code: `
import express from 'express';
import { Pool } from 'pg';
const router = express.Router();
router.get('/orders/:id', async (req, res) => {
  const pool = new Pool();
  const { rows } = await pool.query('SELECT * FROM orders WHERE id = $1', [req.params.id]);
  res.json(rows[0]);
});
export default router;`,
      errors: [{ messageId: 'perRequest', line: 6, text: 'new Pool' }],
      output: `
import express from 'express';
import { Pool } from 'pg';

const pool = new Pool();

const router = express.Router();
router.get('/orders/:id', async (req, res) => {
  const { rows } = await pool.query('SELECT * FROM orders WHERE id = $1', [req.params.id]);
  res.json(rows[0]);
});
export default router;`,
    },
    {
      name: 'Fastify route handler with redis createClient from the request: no fix',
      code: `
import Fastify from 'fastify';
import { createClient } from 'redis';
const app = Fastify();
app.post('/cache', async (request) => {
  const redis = createClient({ url: (request.body as { url: string }).url });
  await redis.connect();
  return redis.ping();
});`,
      errors: [{ messageId: 'perRequest', line: 6, text: 'createClient' }],
      output: null,
    },
    {
      name: 'axios.create and new OpenAI in a Lambda handler',
      code: `
import axios from 'axios';
import OpenAI from 'openai';
export const handler = async (event: { text: string }) => {
  const api = axios.create({ baseURL: 'https://billing.internal', timeout: 2_000 });
  const openai = new OpenAI({ timeout: 20_000 });
  await api.post('/usage', { n: 1 });
  return openai.responses.create({ model: 'gpt-4.1', input: event.text, max_output_tokens: 100 });
};`,
      errors: [
        { messageId: 'httpInstance', line: 5, text: 'axios.create' },
        { messageId: 'perInvocation', line: 6, text: 'new OpenAI' },
      ],
      output: `
import axios from 'axios';
import OpenAI from 'openai';

const api = axios.create({ baseURL: 'https://billing.internal', timeout: 2_000 });

const openai = new OpenAI({ timeout: 20_000 });

export const handler = async (event: { text: string }) => {
  await api.post('/usage', { n: 1 });
  return openai.responses.create({ model: 'gpt-4.1', input: event.text, max_output_tokens: 100 });
};`,
    },
    {
      name: 'a middy-wrapped handler with new PrismaClient',
      code: `
import middy from '@middy/core';
import { PrismaClient } from '@prisma/client';
export const handler = middy(async (event: { id: string }) => {
  const prisma = new PrismaClient();
  return prisma.order.findUnique({ where: { id: event.id } });
}).use(jsonBodyParser());`,
      errors: [{ messageId: 'perInvocation', line: 5, text: 'new PrismaClient' }],
      output: `
import middy from '@middy/core';
import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();

export const handler = middy(async (event: { id: string }) => {
  return prisma.order.findUnique({ where: { id: event.id } });
}).use(jsonBodyParser());`,
    },
    {
      name: 'a named function exported as the handler, and module.exports = { handler }',
      code: `
const { SQSClient, SendMessageCommand } = require('@aws-sdk/client-sqs');
async function handler(event) {
  const sqs = new SQSClient({});
  await sqs.send(new SendMessageCommand({ QueueUrl: process.env.QUEUE_URL, MessageBody: event.body }));
}
module.exports = { handler };`,
      filename: JS,
      errors: [{ messageId: 'perInvocation', line: 4, text: 'new SQSClient' }],
      output: `
const { SQSClient, SendMessageCommand } = require('@aws-sdk/client-sqs');

const sqs = new SQSClient({});

async function handler(event) {
  await sqs.send(new SendMessageCommand({ QueueUrl: process.env.QUEUE_URL, MessageBody: event.body }));
}
module.exports = { handler };`,
    },
    {
      name: 'assigned to a module variable on every call (no guard), and a helper closure in the handler',
      code: `
import { S3Client } from '@aws-sdk/client-s3';
let s3: S3Client;
export const handler = async () => {
  s3 = new S3Client({});
  const other = () => new S3Client({ region: 'us-east-1' });
  return [s3, other()];
};`,
      errors: [
        { messageId: 'perInvocation', line: 5, text: 'new S3Client' },
        { messageId: 'perInvocation', line: 6, text: 'new S3Client' },
      ],
      output: null,
    },
    {
      name: 'DynamoDBDocumentClient.from(new DynamoDBClient()) is one finding',
      code: `
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
export const handler = async (event: { id: string }) => {
  const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({}));
  return ddb.send(new GetCommand({ TableName: 'orders', Key: { pk: event.id } }));
};`,
      errors: [{ messageId: 'perInvocation', line: 5, text: 'DynamoDBDocumentClient.from' }],
      output: `
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';

const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({}));

export const handler = async (event: { id: string }) => {
  return ddb.send(new GetCommand({ TableName: 'orders', Key: { pk: event.id } }));
};`,
    },
    {
      name: 'a Fastify plugin typed FastifyInstance; an https.Agent per request',
      code: `
import type { FastifyInstance } from 'fastify';
import https from 'node:https';
export default async function routes(app: FastifyInstance) {
  app.get('/health', async () => {
    const agent = new https.Agent({ keepAlive: true });
    return fetch('https://upstream.internal/health', { agent } as RequestInit);
  });
}`,
      errors: [{ messageId: 'perRequest', line: 6, text: 'new https.Agent' }],
      output: `
import type { FastifyInstance } from 'fastify';
import https from 'node:https';

const agent = new https.Agent({ keepAlive: true });

export default async function routes(app: FastifyInstance) {
  app.get('/health', async () => {
    return fetch('https://upstream.internal/health', { agent } as RequestInit);
  });
}`,
    },
    {
      name: 'a NestJS controller method (route knowledge shared with the other rules)',
      code: `
import { Controller, Get, Param } from '@nestjs/common';
import Redis from 'ioredis';
@Controller('sessions')
export class SessionsController {
  @Get(':id')
  async find(@Param('id') id: string) {
    const redis = new Redis(process.env.REDIS_URL!);
    return redis.get(\`session:\${id}\`);
  }
}`,
      errors: [{ messageId: 'perRequest', line: 8, text: 'new Redis' }],
      output: `
import { Controller, Get, Param } from '@nestjs/common';
import Redis from 'ioredis';

const redis = new Redis(process.env.REDIS_URL!);

@Controller('sessions')
export class SessionsController {
  @Get(':id')
  async find(@Param('id') id: string) {
    return redis.get(\`session:\${id}\`);
  }
}`,
    },
    {
      name: 'an outer variable of the same name blocks the move',
      code: `
import express from 'express';
import { Pool } from 'pg';
export function build(pool: Pool) {
  const app = express();
  app.get('/x', async (_req, res) => {
    const pool = new Pool();
    res.json(await pool.query('SELECT 1'));
  });
  return [app, pool];
}`,
      errors: [{ messageId: 'perRequest', line: 7, text: 'new Pool' }],
      output: null,
    },
  ],
});

checkFixtures(rule, __dirname, {
  'orders-lambda.ts': {
    findings: [
      [20, 'perInvocation', 'new DynamoDBClient'],
      [33, 'perInvocation', 'new Pool'],
    ],
  },
  'api-routes.js': {
    findings: [
      [14, 'httpInstance', 'axios.create'],
      [25, 'perRequest', 'new Redis'],
    ],
  },
});
