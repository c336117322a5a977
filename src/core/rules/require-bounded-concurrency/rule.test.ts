import { checkFixtures } from '../fixtureTesting';
import { runRuleTests } from '../ruleTester';
import rule from './rule';

const JS = '/project/src/worker.js';
const P_LIMIT = ['p-limit'];

/** The helper of the "Bulkheads and bounded concurrency" section, as the fix writes it into a TypeScript file... */
const TS_HELPER = `const BULKHEAD_MAX_CONCURRENT = 10;

/**
 * Like Promise.all(items.map(worker)), but with at most \`limit\` workers running
 * at once. Results keep the order of \`items\`. After the first rejection no new
 * items are started, and the returned promise rejects with that error.
 */
async function mapWithConcurrency<T, R>(
  items: readonly T[],
  worker: (item: T) => Promise<R>,
  limit = BULKHEAD_MAX_CONCURRENT,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let nextIndex = 0;
  let failed = false;
  const runWorker = async (): Promise<void> => {
    while (!failed && nextIndex < items.length) {
      const index = nextIndex++;
      try {
        results[index] = await worker(items[index] as T);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  const width = Math.min(items.length, Math.max(1, Math.floor(limit) || 1));
  const workers: Promise<void>[] = [];
  for (let i = 0; i < width; i++) {
    workers.push(runWorker());
  }
  await Promise.all(workers);
  return results;
}`;

/** ...and into a JavaScript file, its types stripped. */
const JS_HELPER = `const BULKHEAD_MAX_CONCURRENT = 10;

/**
 * Like Promise.all(items.map(worker)), but with at most \`limit\` workers running
 * at once. Results keep the order of \`items\`. After the first rejection no new
 * items are started, and the returned promise rejects with that error.
 */
async function mapWithConcurrency(
  items,
  worker,
  limit = BULKHEAD_MAX_CONCURRENT,
) {
  const results = new Array(items.length);
  let nextIndex = 0;
  let failed = false;
  const runWorker = async () => {
    while (!failed && nextIndex < items.length) {
      const index = nextIndex++;
      try {
        results[index] = await worker(items[index]);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  const width = Math.min(items.length, Math.max(1, Math.floor(limit) || 1));
  const workers = [];
  for (let i = 0; i < width; i++) {
    workers.push(runWorker());
  }
  await Promise.all(workers);
  return results;
}`;

runRuleTests(rule, {
  valid: [
    {
      name: 'a one-off backfill in the scripts/ folder of its project',
      filename: '/project/scripts/backfill-avatars.ts',
      projectRoot: '/project',
      code: `
export async function backfill(ids: string[]) {
  return Promise.all(ids.map((id) => fetch(\`https://users.internal/users/\${id}/avatar\`)));
}`,
    },
    {
      name: 'p-limit wraps every call inside the map',
      code: `
import pLimit from 'p-limit';
const limit = pLimit(5);
export const load = (urls: string[]) => Promise.all(urls.map((url) => limit(() => fetch(url))));`,
    },
    {
      name: 'a cockatiel bulkhead executes each call',
      code: `
import axios from 'axios';
import { bulkhead } from 'cockatiel';
const pricing = bulkhead(20, 100);
export const prices = (skus: string[]) => Promise.all(skus.map((sku) => pricing.execute(() => axios.get(\`/prices/\${sku}\`))));`,
    },
    {
      name: 'mapWithConcurrency, p-map with concurrency and async.mapLimit instead of Promise.all',
      code: `
import pMap from 'p-map';
import async from 'async';
export async function run(ids: string[]) {
  await mapWithConcurrency(ids, (id) => fetch(\`/a/\${id}\`), 8);
  await pMap(ids, (id) => fetch(\`/b/\${id}\`), { concurrency: 4 });
  await async.mapLimit(ids, 4, async (id) => fetch(\`/c/\${id}\`));
}`,
    },
    {
      name: 'one chunk at a time: the inner map is over a chunk',
      code: `
import { chunk } from 'lodash';
export async function notifyAll(userIds: string[]) {
  for (const batch of chunk(userIds, 10)) {
    await Promise.all(batch.map((id) => fetch(\`https://notify.internal/users/\${id}\`, { method: 'POST' })));
  }
}`,
    },
    {
      name: 'hand-made batches: slice(i, i + 100)',
      code: `
import axios from 'axios';
export async function priceAll(skus: string[]) {
  for (let i = 0; i < skus.length; i += 100) {
    const batch = skus.slice(i, i + 100);
    await Promise.all(batch.map((sku) => axios.get(\`/prices/\${sku}\`)));
  }
}`,
    },
    {
      name: 'a literal array and a const holding one',
      code: `
const HEALTH = ['https://a.internal/health', 'https://b.internal/health'];
export async function health() {
  const targets = ['https://c.internal/health', ...HEALTH];
  await Promise.all(targets.map((url) => fetch(url)));
  await Promise.all(['https://d.internal', 'https://e.internal'].map((url) => fetch(url)));
}`,
    },
    {
      name: 'Object.keys of a constant object, and an imported constant list',
      code: `
import { REGIONS } from './config';
const SHARDS = { eu: 'https://eu.internal', us: 'https://us.internal' };
export async function warm() {
  await Promise.all(Object.keys(SHARDS).map((name) => fetch(\`https://\${name}.internal/warm\`)));
  await Promise.all(REGIONS.map((region) => fetch(\`https://\${region}.internal/warm\`)));
}`,
    },
    {
      name: 'slice with a literal size, and a fixed-size tuple',
      code: `
const MAX_PREVIEW = 5;
export async function preview(ids: string[], [primary, replica]: [string, string], pair: readonly [string, string]) {
  await Promise.all(ids.slice(0, MAX_PREVIEW).map((id) => fetch(\`/items/\${id}\`)));
  await Promise.all(pair.map((host) => fetch(host)));
  return [primary, replica];
}`,
    },
    {
      name: 'CPU work in the map: nothing remote',
      code: `
import axios from 'axios';
export async function digest(files: Buffer[]) {
  const hashes = await Promise.all(files.map(async (file) => crypto.subtle.digest('SHA-256', file)));
  const cache = new Map<string, string>();
  await Promise.all(files.map((file) => cache.get(file.toString())));
  return hashes;
}`,
    },
    {
      name: 'a parameter named fetch shadows the global',
      code: `
export function makeLoader(fetch: (url: string) => Promise<Response>) {
  return (urls: string[]) => Promise.all(urls.map((url) => fetch(url)));
}`,
    },
    {
      name: 'a client from another module, and a client on this: unknown',
      code: `
import { api } from './http';
export class Orders {
  constructor(private readonly client: { get(url: string): Promise<unknown> }) {}
  all(ids: string[]) { return Promise.all(ids.map((id) => this.client.get(\`/orders/\${id}\`))); }
  viaApi(ids: string[]) { return Promise.all(ids.map((id) => api.get(\`/orders/\${id}\`))); }
}`,
    },
    {
      name: 'a sequential loop: for await, and await inside for...of',
      code: `
export async function sync(ids: AsyncIterable<string>, more: string[]) {
  for await (const id of ids) await fetch(\`/sync/\${id}\`);
  for (const id of more) await fetch(\`/sync/\${id}\`);
}`,
    },
    {
      name: 'a wrapper from another module may bound the call',
      code: `
import { withBulkhead } from './resilience';
export const load = (ids: string[]) => Promise.all(ids.map((id) => withBulkhead(() => fetch(\`/items/\${id}\`))));`,
    },
    {
      name: 'a loop that awaits every 10 pushes batches by hand',
      code: `
import { Pool } from 'pg';
const pool = new Pool();
export async function archive(ids: string[]) {
  const pending: Promise<unknown>[] = [];
  for (const id of ids) {
    pending.push(pool.query('UPDATE orders SET archived = true WHERE id = $1', [id]));
    if (pending.length >= 10) await Promise.all(pending.splice(0));
  }
  await Promise.all(pending);
}`,
    },
    {
      name: 'Promise.race and Promise.any are not fan-out over a collection',
      code: `
export const fastest = (mirrors: string[]) => Promise.any(mirrors.map((m) => fetch(m)));
export const first = (mirrors: string[]) => Promise.race(mirrors.map((m) => fetch(m)));`,
    },
    {
      name: 'a local Promise class is not the global',
      code: `
import Promise from './myPromise';
export const load = (ids: string[]) => Promise.all(ids.map((id) => fetch(\`/items/\${id}\`)));`,
    },
    {
      name: 'fan-out in a test file talks to mocks',
      code: `
it('loads', async () => { await Promise.all(ids.map((id) => fetch(\`/items/\${id}\`))); });`,
      filename: '/project/src/orders.test.ts',
    },
    {
      name: 'a let list reset after each batch',
      code: `
export async function ping(urls: string[]) {
  let batch: Promise<Response>[] = [];
  for (const url of urls) {
    batch.push(fetch(url));
    if (batch.length === 10) { await Promise.all(batch); batch = []; }
  }
  await Promise.all(batch);
}`,
    },
    {
      name: 'a loop with a literal bound',
      code: `
export async function ping() {
  const probes = [];
  for (let i = 0; i < 3; i++) probes.push(fetch('https://a.internal/health'));
  await Promise.all(probes);
}`,
    },
  ],
  invalid: [
    {
      name: 'fetch per id; the project has p-limit: import, limiter and wrap',
      code: `
export async function loadAll(ids: string[]) {
  return Promise.all(ids.map((id) => fetch(\`https://orders.internal/orders/\${id}\`)));
}`,
      dependencies: P_LIMIT,
      errors: [{ messageId: 'unboundedMap', line: 3, text: 'Promise.all' }],
      output: `import pLimit from 'p-limit';

export async function loadAll(ids: string[]) {
  const limit = pLimit(10);
  return Promise.all(ids.map((id) => limit(() => fetch(\`https://orders.internal/orders/\${id}\`))));
}`,
    },
    {
      name: 'axios through an alias, without p-limit in the project: the section\'s helper, written after the imports',
      code: `
import http from 'axios';
export const prices = (skus: string[]) => Promise.all(skus.map((sku) => http.get(\`/prices/\${sku}\`)));`,
      errors: [{ messageId: 'unboundedMap', line: 3 }],
      output: `
import http from 'axios';

${TS_HELPER}

export const prices = (skus: string[]) => mapWithConcurrency(skus, (sku) => http.get(\`/prices/\${sku}\`));`,
    },
    {
      name: 'pg pool.query per id, after the imports',
      code: `
import { Pool } from 'pg';

const pool = new Pool();

export async function lockAll(ids: string[]) {
  await Promise.all(ids.map((id) => pool.query('SELECT pg_advisory_lock($1)', [id])));
}`,
      dependencies: P_LIMIT,
      errors: [{ messageId: 'unboundedMap', line: 7 }],
      output: `
import { Pool } from 'pg';
import pLimit from 'p-limit';

const pool = new Pool();

export async function lockAll(ids: string[]) {
  const limit = pLimit(10);
  await Promise.all(ids.map((id) => limit(() => pool.query('SELECT pg_advisory_lock($1)', [id]))));
}`,
    },
    {
      name: 'a local function that makes the call, passed by name',
      code: `
import axios from 'axios';
import pLimit from 'p-limit';
async function loadOrder(id: string) {
  const { data } = await axios.get(\`/orders/\${id}\`, { timeout: 2_000 });
  return data;
}
export const loadOrders = async (ids: string[]) => {
  const orders = await Promise.all(ids.map(loadOrder));
  return orders;
};`,
      dependencies: P_LIMIT,
      errors: [{ messageId: 'unboundedMap', line: 9 }],
      output: `
import axios from 'axios';
import pLimit from 'p-limit';
async function loadOrder(id: string) {
  const { data } = await axios.get(\`/orders/\${id}\`, { timeout: 2_000 });
  return data;
}
export const loadOrders = async (ids: string[]) => {
  const limit = pLimit(10);
  const orders = await Promise.all(ids.map((item) => limit(() => loadOrder(item))));
  return orders;
};`,
    },
    {
      name: 'an async block callback: async moves into the limited function',
      code: `
import pLimit from 'p-limit';
export async function enrich(users: User[]) {
  return Promise.all(
    users.map(async (user) => {
      const res = await fetch(\`https://profiles.internal/\${user.id}\`);
      return { ...user, profile: await res.json() };
    }),
  );
}`,
      dependencies: P_LIMIT,
      errors: [{ messageId: 'unboundedMap', line: 4 }],
      output: `
import pLimit from 'p-limit';
export async function enrich(users: User[]) {
  const limit = pLimit(10);
  return Promise.all(
    users.map((user) => limit(async () => {
      const res = await fetch(\`https://profiles.internal/\${user.id}\`);
      return { ...user, profile: await res.json() };
    })),
  );
}`,
    },
    {
      name: 'Promise.allSettled over the request body',
      code: `
import express from 'express';
const app = express();
app.post('/notify', async (req, res) => {
  const results = await Promise.allSettled(req.body.recipients.map((to: string) => fetch('https://mail.internal/send', { method: 'POST', body: to })));
  res.json(results);
});`,
      errors: [{ messageId: 'unboundedMap', line: 5, text: 'Promise.allSettled' }],
      output: null,
    },
    {
      name: 'the mapped promises held in a const first',
      code: `
import { S3Client, GetObjectCommand } from '@aws-sdk/client-s3';
const s3 = new S3Client({});
export async function download(keys: string[]) {
  const downloads = keys.map((Key) => s3.send(new GetObjectCommand({ Bucket: 'docs', Key })));
  return Promise.all(downloads);
}`,
      dependencies: P_LIMIT,
      errors: [{ messageId: 'unboundedMap', line: 6 }],
      output: `
import { S3Client, GetObjectCommand } from '@aws-sdk/client-s3';
import pLimit from 'p-limit';
const s3 = new S3Client({});
export async function download(keys: string[]) {
  const limit = pLimit(10);
  const downloads = keys.map((Key) => limit(() => s3.send(new GetObjectCommand({ Bucket: 'docs', Key }))));
  return Promise.all(downloads);
}`,
    },
    {
      name: 'a for...of loop pushing queries, awaited after the loop',
      code: `
import mysql from 'mysql2/promise';
const pool = mysql.createPool({ uri: process.env.DATABASE_URL });
export async function touch(rows: Row[]) {
  const updates: Promise<unknown>[] = [];
  for (const row of rows) {
    updates.push(pool.execute('UPDATE carts SET seen_at = NOW() WHERE id = ?', [row.id]));
  }
  await Promise.all(updates);
}`,
      errors: [{ messageId: 'unboundedLoop', line: 9, text: 'Promise.all' }],
      output: null,
    },
    {
      name: 'forEach pushing calls, and a counting loop up to length into a let list',
      code: `
import Redis from 'ioredis';
const redis = new Redis();
export async function expire(keys: string[]) {
  const a = [];
  keys.forEach((key) => a.push(redis.expire(key, 60)));
  await Promise.all(a);
  let b: Promise<number>[] = [];
  for (let i = 0; i < keys.length; i++) b.push(redis.persist(keys[i]));
  await Promise.all(b);
}`,
      errors: [
        { messageId: 'unboundedLoop', line: 7 },
        { messageId: 'unboundedLoop', line: 10 },
      ],
      output: null,
    },
    {
      name: 'a MongoDB collection query per id',
      code: `
import { MongoClient } from 'mongodb';
const client = new MongoClient(process.env.MONGO_URL!);
const orders = client.db('shop').collection('orders');
export const find = (ids: string[]) => Promise.all(ids.map((id) => orders.findOne({ _id: id })));`,
      dependencies: P_LIMIT,
      errors: [{ messageId: 'unboundedMap', line: 5 }],
      output: `
import { MongoClient } from 'mongodb';
import pLimit from 'p-limit';
const client = new MongoClient(process.env.MONGO_URL!);
const orders = client.db('shop').collection('orders');
const limit = pLimit(10);
export const find = (ids: string[]) => Promise.all(ids.map((id) => limit(() => orders.findOne({ _id: id }))));`,
    },
    {
      name: 'a retry wrapper does not bound concurrency; two fixes write the helper once',
      code: `
import pRetry from 'p-retry';
export const load = (urls: string[]) => Promise.all(urls.map((url) => pRetry(() => fetch(url), { retries: 3 })));
export const again = (urls: string[]) => Promise.all(urls.map((url) => retryWithBackoff(() => fetch(url))));
async function retryWithBackoff<T>(op: () => Promise<T>): Promise<T> { return op(); }`,
      errors: [
        { messageId: 'unboundedMap', line: 3 },
        { messageId: 'unboundedMap', line: 4 },
      ],
      output: `
import pRetry from 'p-retry';

${TS_HELPER}

export const load = (urls: string[]) => mapWithConcurrency(urls, (url) => pRetry(() => fetch(url), { retries: 3 }));
export const again = (urls: string[]) => mapWithConcurrency(urls, (url) => retryWithBackoff(() => fetch(url)));
async function retryWithBackoff<T>(op: () => Promise<T>): Promise<T> { return op(); }`,
    },
    {
      name: 'CommonJS without p-limit required: no fix, even with the dependency',
      code: `
const axios = require('axios');
module.exports.load = (ids) => Promise.all(ids.map((id) => axios.get('/items/' + id)));`,
      filename: JS,
      dependencies: P_LIMIT,
      errors: [{ messageId: 'unboundedMap', line: 3 }],
      output: null,
    },
    {
      name: 'CommonJS that requires p-limit: its name is reused',
      code: `
const axios = require('axios');
const limiter = require('p-limit');
async function load(ids) {
  return Promise.all(ids.map((id) => axios.get('/items/' + id)));
}
module.exports = { load };`,
      filename: JS,
      dependencies: P_LIMIT,
      errors: [{ messageId: 'unboundedMap', line: 5 }],
      output: `
const axios = require('axios');
const limiter = require('p-limit');
async function load(ids) {
  const limit = limiter(10);
  return Promise.all(ids.map((id) => limit(() => axios.get('/items/' + id))));
}
module.exports = { load };`,
    },
    {
      name: 'a call inside a .then continuation, and filter over an unbounded list',
      code: `
export async function send(events: Event[]) {
  await Promise.all(events.filter((e) => e.ready).map((e) => token().then((t) => fetch('https://hooks.internal', { headers: { t } }))));
}`,
      errors: [{ messageId: 'unboundedMap', line: 3, text: 'Promise.all' }],
      output: `${TS_HELPER}

export async function send(events: Event[]) {
  await mapWithConcurrency(events.filter((e) => e.ready), (e) => token().then((t) => fetch('https://hooks.internal', { headers: { t } })));
}`,
    },
    {
      name: 'slice with a size from a parameter is not bounded',
      code: `
export const head = (ids: string[], n: number) => Promise.all(ids.slice(0, n).map((id) => fetch(\`/items/\${id}\`)));`,
      errors: [{ messageId: 'unboundedMap' }],
      output: `${TS_HELPER}

export const head = (ids: string[], n: number) => mapWithConcurrency(ids.slice(0, n), (id) => fetch(\`/items/\${id}\`));`,
    },
    {
      name: 'Prisma queries; a name limit already taken gives limit2; no semicolons',
      code: `
import { PrismaClient } from '@prisma/client'
const prisma = new PrismaClient()
export async function users(ids: string[], limit: number) {
  return Promise.all(ids.slice(0, limit).map((id) => prisma.user.findUnique({ where: { id } })))
}`,
      dependencies: P_LIMIT,
      errors: [{ messageId: 'unboundedMap', line: 5 }],
      output: `
import { PrismaClient } from '@prisma/client'
import pLimit from 'p-limit'
const prisma = new PrismaClient()
export async function users(ids: string[], limit: number) {
  const limit2 = pLimit(10)
  return Promise.all(ids.slice(0, limit).map((id) => limit2(() => prisma.user.findUnique({ where: { id } }))))
}`,
    },
    {
      name: 'the await-generic parse shape inside the callback',
      code: `
import axios from 'axios';
export async function load(ids: string[]) {
  return Promise.all(ids.map(async (id) => (await axios.get<Order>(\`/orders/\${id}\`)).data));
}`,
      errors: [{ messageId: 'unboundedMap', line: 4 }],
      output: `
import axios from 'axios';

${TS_HELPER}

export async function load(ids: string[]) {
  return mapWithConcurrency(ids, async (id) => (await axios.get<Order>(\`/orders/\${id}\`)).data);
}`,
    },
    {
      name: 'CommonJS without p-limit: the helper, types stripped, after the requires',
      code: `'use strict';
const axios = require('axios');

async function syncAll(users) {
  // one call per user
  await Promise.all(users.map(async (user) => {
    await axios.post('/sync', { id: user.id });
  }));
}
module.exports = { syncAll };
`,
      filename: JS,
      errors: [{ messageId: 'unboundedMap', line: 6 }],
      output: `'use strict';
const axios = require('axios');

${JS_HELPER}

async function syncAll(users) {
  // one call per user
  await mapWithConcurrency(users, async (user) => {
    await axios.post('/sync', { id: user.id });
  });
}
module.exports = { syncAll };
`,
    },
    {
      name: 'a local function passed by name, and mapWithConcurrency imported from a shared module: no helper written',
      code: `
import axios from 'axios';
import { mapWithConcurrency } from './concurrency';
const load = async (id: string) => (await axios.get(\`/items/\${id}\`)).data;
export const all = (ids: string[]) => Promise.all(ids.map(load));`,
      errors: [{ messageId: 'unboundedMap', line: 5 }],
      output: `
import axios from 'axios';
import { mapWithConcurrency } from './concurrency';
const load = async (id: string) => (await axios.get(\`/items/\${id}\`)).data;
export const all = (ids: string[]) => mapWithConcurrency(ids, load);`,
    },
    {
      name: 'a callback that uses the index: mapWithConcurrency passes only the item, so no fix',
      code: `
export const all = (ids: string[]) => Promise.all(ids.map((id, i) => fetch(\`/items/\${id}?n=\${i}\`)));`,
      errors: [{ messageId: 'unboundedMap' }],
      output: null,
    },
    {
      name: 'map with a thisArg: the helper takes none, so no fix',
      code: `
export const all = (ids: string[], context: object) => Promise.all(ids.map((id) => fetch(\`/items/\${id}\`), context));`,
      errors: [{ messageId: 'unboundedMap' }],
      output: null,
    },
    {
      name: 'a comment in the text the rewrite would replace: no fix, the comment is not lost',
      code: `
export const all = (ids: string[]) => Promise.all(/* every id at once */ ids.map((id) => fetch(\`/items/\${id}\`)));`,
      errors: [{ messageId: 'unboundedMap' }],
      output: null,
    },
    {
      name: 'the file has a mapWithConcurrency with other parameters: no fix',
      code: `
async function mapWithConcurrency<T>(limit: number, items: T[], fn: (item: T) => Promise<unknown>) { return Promise.all(items.slice(0, limit).map(fn)); }
export const all = (ids: string[]) => Promise.all(ids.map((id) => fetch(\`/items/\${id}\`)));`,
      errors: [{ messageId: 'unboundedMap', line: 3 }],
      output: null,
    },
  ],
});

checkFixtures(rule, __dirname, {
  'price-sync.ts': {
    dependencies: P_LIMIT,
    findings: [
      [22, 'unboundedMap', 'Promise.all'],
      [33, 'unboundedLoop', 'Promise.all'],
      [43, 'unboundedMap', 'Promise.allSettled'],
    ],
  },
  'webhook-fanout.js': {
    findings: [
      [12, 'unboundedMap', 'Promise.all'],
      [29, 'unboundedLoop', 'Promise.all'],
    ],
  },
});
