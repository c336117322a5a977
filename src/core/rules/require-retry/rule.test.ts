import { checkFixtures } from '../fixtureTesting';
import { runRuleTests } from '../ruleTester';
import rule from './rule';

const JS = '/project/src/orders.js';
/** Server code: the file imports a web framework (type-only imports count). */
const EXPRESS = "import type { Request, Response } from 'express';\n";
const HELPER = `
async function retryWithBackoff<T>(operation: () => Promise<T>): Promise<T> {
  return operation();
}
`;

runRuleTests(rule, {
  valid: [
    {
      name: 'wrapped in retryWithBackoff',
      code: `${EXPRESS}${HELPER}
export async function stock(req: Request, res: Response) {
  res.json(await retryWithBackoff(() => fetch(\`https://inventory.internal/stock/\${req.params.sku}\`)));
}`,
    },
    {
      name: 'p-retry, imported under another name',
      code: `${EXPRESS}import backoff from 'p-retry';
import axios from 'axios';
export const load = (id: string) => backoff(() => axios.get(\`https://orders.internal/\${id}\`), { retries: 3, randomize: true });`,
    },
    {
      name: 'a cockatiel retry policy runs the call',
      code: `${EXPRESS}import axios from 'axios';
import { ExponentialBackoff, handleAll, retry } from 'cockatiel';
const policy = retry(handleAll, { maxAttempts: 2, backoff: new ExponentialBackoff() });
export const load = (id: string) => policy.execute(() => axios.get(\`https://orders.internal/\${id}\`));`,
    },
    {
      name: 'cockatiel wrap() holding a retry',
      code: `${EXPRESS}import axios from 'axios';
import { circuitBreaker, ConsecutiveBreaker, ExponentialBackoff, handleAll, retry, wrap } from 'cockatiel';
const resilient = wrap(
  circuitBreaker(handleAll, { halfOpenAfter: 10_000, breaker: new ConsecutiveBreaker(5) }),
  retry(handleAll, { maxAttempts: 2, backoff: new ExponentialBackoff() }),
);
export const load = (id: string) => resilient.execute(() => axios.get(\`https://orders.internal/\${id}\`));`,
    },
    {
      name: 'a hand-written retry loop',
      code: `${EXPRESS}
export async function getStock(sku: string) {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fetch(\`https://inventory.internal/stock/\${sku}\`);
    } catch (error) {
      if (attempt >= 3) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 100 * 2 ** attempt));
    }
  }
}`,
    },
    {
      name: 'a function the file runs inside retryWithBackoff',
      code: `${EXPRESS}${HELPER}
async function fetchStock(sku: string) {
  return fetch(\`https://inventory.internal/stock/\${sku}\`);
}
export const stock = (sku: string) => retryWithBackoff(() => fetchStock(sku));`,
    },
    {
      name: 'a function whose name says it retries',
      code: `${EXPRESS}import axios from 'axios';
export async function getWithRetries(url: string) {
  return axios.get(url, { timeout: 2_000 });
}`,
    },
    {
      name: 'got retries GET twice by default',
      code: `${EXPRESS}import got from 'got';
export const rates = () => got.get('https://fx.internal/rates', { timeout: { request: 2_000 } }).json();`,
    },
    {
      name: 'ky retries by default, also through an instance',
      code: `${EXPRESS}import ky from 'ky';
const api = ky.create({ prefixUrl: 'https://orders.internal' });
export const order = (id: string) => api.get(\`orders/\${id}\`).json();`,
    },
    {
      name: 'axios-retry on axios itself, configured after the call',
      code: `${EXPRESS}import axios from 'axios';
import axiosRetry from 'axios-retry';
export const order = (id: string) => axios.get(\`https://orders.internal/\${id}\`);
axiosRetry(axios, { retries: 3, retryDelay: axiosRetry.exponentialDelay });`,
    },
    {
      name: 'axios-retry on the instance',
      code: `${EXPRESS}import axios from 'axios';
import axiosRetry from 'axios-retry';
const orders = axios.create({ baseURL: 'https://orders.internal', timeout: 2_000 });
axiosRetry(orders, { retries: 2, retryDelay: axiosRetry.exponentialDelay, retryCondition: axiosRetry.isNetworkOrIdempotentRequestError });
export const order = (id: string) => orders.get(\`/orders/\${id}\`);`,
    },
    {
      name: 'a POST is not idempotent: this rule leaves it alone',
      code: `${EXPRESS}import axios from 'axios';
export const place = (order: unknown) => axios.post('https://orders.internal/orders', order);`,
    },
    {
      name: 'not server code: no framework import, no server folder',
      code: `import axios from 'axios';
export const order = (id: string) => axios.get(\`/api/orders/\${id}\`);`,
    },
    {
      name: 'a test file',
      filename: '/project/src/orders.test.ts',
      code: `${EXPRESS}import axios from 'axios';
it('loads', async () => { await axios.get('http://localhost:3000/orders'); });`,
    },
    {
      name: "a 'use client' module",
      code: `'use client';
import axios from 'axios';
import type { NextRequest } from 'next/server';
export const order = (id: string) => axios.get(\`/api/orders/\${id}\`);`,
    },
    {
      name: 'a JSX component is not server code',
      filename: '/project/src/OrderView.tsx',
      code: `import axios from 'axios';
export function OrderView({ id }: { id: string }) {
  const load = () => axios.get(\`/api/orders/\${id}\`);
  return <button onClick={load}>Load</button>;
}`,
    },
    {
      name: 'the project retries with cockatiel, but not in this file: another layer may retry',
      dependencies: ['cockatiel', 'express'],
      code: `${EXPRESS}import axios from 'axios';
export const order = (id: string) => axios.get(\`https://orders.internal/\${id}\`);`,
    },
    {
      name: 'a parameter named fetch shadows the global',
      code: `${EXPRESS}
export const make = (fetch: (url: string) => Promise<unknown>) => (id: string) => fetch(\`/orders/\${id}\`);`,
    },
    {
      name: 'a client from another module cannot be seen',
      code: `${EXPRESS}import { api } from './http';
export const order = (id: string) => api.get(\`/orders/\${id}\`);`,
    },
    {
      name: 'a poll repeats the call on its next tick',
      code: `${EXPRESS}
setInterval(async () => {
  await fetch('https://config.internal/flags');
}, 30_000);`,
    },
    {
      name: 'a policy kept on the instance, in a file that uses cockatiel',
      code: `${EXPRESS}import type { IPolicy } from 'cockatiel';
export class Orders {
  constructor(private readonly policy: IPolicy) {}
  load(id: string) {
    return this.policy.execute(() => fetch(\`https://orders.internal/\${id}\`));
  }
}`,
    },
    {
      name: 'superagent with .retry()',
      code: `${EXPRESS}import superagent from 'superagent';
export const order = (id: string) => superagent.get(\`https://orders.internal/\${id}\`).retry(2).timeout(2_000);`,
    },
    {
      name: 'the method is decided elsewhere: options in a variable',
      code: `${EXPRESS}
export const call = (url: string, init: RequestInit) => fetch(url, init);`,
    },
    {
      name: 'a request to localhost (a test server, a sidecar)',
      code: `${EXPRESS}
export const bounce = (port: number) => fetch(\`http://localhost:\${port}/bounce\`);`,
    },
    {
      name: 'a server that end-to-end tests run against',
      filename: '/repo/dev-packages/e2e-tests/test-applications/shop/src/app.ts',
      code: `${EXPRESS}
export const rates = () => fetch('https://fx.example/rates');`,
    },
    {
      name: 'trying each mirror in turn',
      code: `${EXPRESS}
export async function download(mirrors: string[]) {
  for (const mirror of mirrors) {
    try {
      return await fetch(mirror);
    } catch {
      continue;
    }
  }
  throw new Error('no mirror answered');
}`,
    },
  ],
  invalid: [
    {
      name: 'fetch GET in an express route handler',
      code: `import express from 'express';
const app = express();
app.get('/stock/:sku', async (req, res) => {
  const response = await fetch(\`https://inventory.internal/stock/\${req.params.sku}\`);
  res.json(await response.json());
});`,
      errors: [{ messageId: 'noRetry', line: 4, text: 'fetch' }],
      output: null,
    },
    {
      name: 'axios.get',
      code: `${EXPRESS}import axios from 'axios';
export const order = (id: string) => axios.get(\`https://orders.internal/\${id}\`, { timeout: 2_000 });`,
      errors: [{ messageId: 'noRetry', line: 3, text: 'axios.get' }],
      output: null,
    },
    {
      name: 'axios.delete and axios.put are idempotent too',
      code: `${EXPRESS}import axios from 'axios';
export const remove = (id: string) => axios.delete(\`https://carts.internal/\${id}\`);
export const replace = (id: string, cart: unknown) => axios.put(\`https://carts.internal/\${id}\`, cart);`,
      errors: [
        { messageId: 'noRetry', line: 3, text: 'axios.delete' },
        { messageId: 'noRetry', line: 4, text: 'axios.put' },
      ],
      output: null,
    },
    {
      name: 'axios.head',
      code: `${EXPRESS}const axios = require('axios');
export const exists = (id: string) => axios.head(\`https://files.internal/\${id}\`);`,
      errors: [{ messageId: 'noRetry', text: 'axios.head' }],
      output: null,
    },
    {
      name: 'fetch with method PUT',
      code: `${EXPRESS}
export const save = (id: string, body: string) => fetch(\`https://profiles.internal/\${id}\`, { method: 'PUT', body });`,
      errors: [{ messageId: 'noRetry', text: 'fetch' }],
      output: null,
    },
    {
      name: "got with its retry switched off and no retry of our own",
      code: `${EXPRESS}import got from 'got';
export const rates = () => got('https://fx.internal/rates', { retry: { limit: 0 } }).json();`,
      errors: [{ messageId: 'retryDisabled', text: 'got' }],
      output: null,
    },
    {
      name: 'a got instance created with retry off',
      code: `${EXPRESS}import got from 'got';
const fx = got.extend({ prefixUrl: 'https://fx.internal', retry: { limit: 0 } });
export const rates = () => fx.get('rates').json();`,
      errors: [{ messageId: 'retryDisabled', text: 'fx.get' }],
      output: null,
    },
    {
      name: 'ky with retry: 0',
      code: `${EXPRESS}import ky from 'ky';
export const rates = () => ky.get('https://fx.internal/rates', { retry: 0 }).json();`,
      errors: [{ messageId: 'retryDisabled', text: 'ky.get' }],
      output: null,
    },
    {
      name: 'axios-retry configures another instance',
      code: `${EXPRESS}import axios from 'axios';
import axiosRetry from 'axios-retry';
const billing = axios.create({ baseURL: 'https://billing.internal' });
const catalog = axios.create({ baseURL: 'https://catalog.internal' });
axiosRetry(billing, { retries: 2, retryDelay: axiosRetry.exponentialDelay });
export const product = (id: string) => catalog.get(\`/products/\${id}\`);`,
      errors: [{ messageId: 'noRetry', text: 'catalog.get' }],
      output: null,
    },
    {
      name: 'axios-retry with retries: 0',
      code: `${EXPRESS}import axios from 'axios';
import axiosRetry from 'axios-retry';
axiosRetry(axios, { retries: 0 });
export const order = (id: string) => axios.get(\`https://orders.internal/\${id}\`);`,
      errors: [{ messageId: 'noRetry', text: 'axios.get' }],
      output: null,
    },
    {
      name: 'a serverless handler in JavaScript',
      filename: JS,
      code: `exports.handler = async (event) => {
  const response = await fetch('https://rates.internal/today');
  return { statusCode: 200, body: await response.text() };
};`,
      errors: [{ messageId: 'noRetry', line: 2, text: 'fetch' }],
      output: null,
    },
    {
      name: 'a NestJS controller calling axios',
      code: `import { Controller, Get, Param } from '@nestjs/common';
import axios from 'axios';
@Controller('orders')
export class OrdersController {
  @Get(':id')
  async find(@Param('id') id: string) {
    return (await axios.get(\`https://orders.internal/\${id}\`)).data;
  }
}`,
      errors: [{ messageId: 'noRetry', line: 7, text: 'axios.get' }],
      output: null,
    },
    {
      name: 'a try/catch is not a retry',
      code: `${EXPRESS}import axios from 'axios';
export async function price(sku: string) {
  try {
    return (await axios.get(\`https://pricing.internal/\${sku}\`)).data;
  } catch {
    return null;
  }
}`,
      errors: [{ messageId: 'noRetry', line: 5, text: 'axios.get' }],
      output: null,
    },
    {
      name: 'a loop over pages is not a retry',
      code: `${EXPRESS}import axios from 'axios';
export async function all(first: string) {
  const items: unknown[] = [];
  for (let next: string | undefined = first; next; ) {
    const page = await axios.get(next);
    items.push(...page.data.items);
    next = page.data.next;
  }
  return items;
}`,
      errors: [{ messageId: 'noRetry', line: 6, text: 'axios.get' }],
      output: null,
    },
    {
      name: 'undici request without a method is a GET',
      code: `${EXPRESS}import { request } from 'undici';
export const health = () => request('https://ledger.internal/health');`,
      errors: [{ messageId: 'noRetry', text: 'request' }],
      output: null,
    },
    {
      name: 'the file uses p-retry, but not for this call',
      dependencies: ['p-retry', 'express'],
      code: `${EXPRESS}import pRetry from 'p-retry';
import axios from 'axios';
export const a = () => pRetry(() => axios.get('https://a.internal/x'), { randomize: true });
export const b = () => axios.get('https://b.internal/y');`,
      errors: [{ messageId: 'noRetry', line: 5, text: 'axios.get' }],
      output: null,
    },
    {
      name: 'fix: wrap in the retryWithBackoff this file declares',
      code: `${EXPRESS}${HELPER}
export async function stock(sku: string) {
  const response = await fetch(\`https://inventory.internal/stock/\${sku}\`);
  return response.json();
}`,
      errors: [{ messageId: 'noRetry', line: 8, text: 'fetch' }],
      output: `${EXPRESS}${HELPER}
export async function stock(sku: string) {
  const response = await retryWithBackoff(() => fetch(\`https://inventory.internal/stock/\${sku}\`));
  return response.json();
}`,
    },
    {
      name: 'fix: a generic awaited call keeps its await outside (tree-sitter-typescript #282)',
      code: `${EXPRESS}import axios from 'axios';
import { retryWithBackoff } from './resilience';
type Order = { id: string };
export async function order(id: string) {
  const { data } = await axios.get<Order>(\`https://orders.internal/\${id}\`);
  return data;
}`,
      errors: [{ messageId: 'noRetry', line: 6, text: 'axios.get' }],
      output: `${EXPRESS}import axios from 'axios';
import { retryWithBackoff } from './resilience';
type Order = { id: string };
export async function order(id: string) {
  const { data } = await retryWithBackoff(() => axios.get<Order>(\`https://orders.internal/\${id}\`));
  return data;
}`,
    },
    {
      name: 'fix: an await inside the call needs an async arrow',
      filename: JS,
      code: `const express = require('express');
const { retryWithBackoff } = require('./resilience');
async function profile(id) {
  return fetch(\`https://profiles.internal/\${id}\`, { headers: await authHeaders() }).then((r) => r.json());
}`,
      errors: [{ messageId: 'noRetry', line: 4, text: 'fetch' }],
      output: `const express = require('express');
const { retryWithBackoff } = require('./resilience');
async function profile(id) {
  return retryWithBackoff(async () => fetch(\`https://profiles.internal/\${id}\`, { headers: await authHeaders() })).then((r) => r.json());
}`,
    },
    {
      name: 'no fix when a local retryWithBackoff hides the helper',
      code: `${EXPRESS}${HELPER}
export async function stock(sku: string, retryWithBackoff: unknown) {
  return fetch(\`https://inventory.internal/stock/\${sku}\`);
}`,
      errors: [{ messageId: 'noRetry', text: 'fetch' }],
      output: null,
    },
  ],
});

/**
 * Retries defeated by a library default: axios-retry's default retryCondition skips timeouts
 * (`timeoutNotRetried`); got retries POST and PATCH only when retry.methods lists them (`methodNotRetried`).
 */
const AXIOS_RETRY = "import axios from 'axios';\nimport axiosRetry from 'axios-retry';\n";
const GOT = "import got from 'got';\n";

runRuleTests(rule, {
  valid: [
    {
      name: 'axios-retry: a retryCondition that includes timeouts',
      code: `${AXIOS_RETRY}const orders = axios.create({ baseURL: 'https://orders.internal', timeout: 2_000 });
axiosRetry(orders, {
  retries: 2,
  retryDelay: axiosRetry.exponentialDelay,
  retryCondition: (error) => axiosRetry.isNetworkOrIdempotentRequestError(error) || error.code === 'ECONNABORTED',
});`,
    },
    {
      name: 'axios-retry: the timeout is on another instance',
      code: `${AXIOS_RETRY}const reports = axios.create({ baseURL: 'https://reports.internal', timeout: 30_000 });
const orders = axios.create({ baseURL: 'https://orders.internal' });
axiosRetry(orders, { retries: 2, retryDelay: axiosRetry.exponentialDelay });`,
    },
    {
      name: 'axios-retry: timeout: 0 is no timeout',
      code: `${AXIOS_RETRY}const orders = axios.create({ baseURL: 'https://orders.internal', timeout: 0 });
axiosRetry(orders, { retries: 2, retryDelay: axiosRetry.exponentialDelay });`,
    },
    {
      name: 'axios-retry: options held in a variable cannot be read',
      code: `${AXIOS_RETRY}import { retryOptions } from './config';
axios.defaults.timeout = 2_000;
axiosRetry(axios, retryOptions);`,
    },
    {
      name: 'axios-retry: a client passed in as a parameter cannot be traced',
      code: `${AXIOS_RETRY}import type { AxiosInstance } from 'axios';
axios.defaults.timeout = 2_000;
export function withRetries(client: AxiosInstance) {
  axiosRetry(client, { retries: 2, retryDelay: axiosRetry.exponentialDelay });
  return client;
}`,
    },
    {
      name: 'axios-retry: retries: 0 turns it off',
      code: `${AXIOS_RETRY}const orders = axios.create({ timeout: 2_000 });
axiosRetry(orders, { retries: 0 });`,
    },
    {
      name: 'a local function named axiosRetry shadows the import',
      code: `${AXIOS_RETRY}const orders = axios.create({ timeout: 2_000 });
export function install(axiosRetry: (client: unknown) => void) {
  axiosRetry(orders);
}`,
    },
    {
      name: 'got: POST listed in retry.methods',
      code: `${GOT}export const charge = (body: object) =>
  got.post('https://payments.internal/charges', { json: body, headers: { 'Idempotency-Key': 'k' }, retry: { limit: 2, methods: ['POST'] } }).json();`,
    },
    {
      name: 'got: a POST with no retry configuration',
      code: `${GOT}export const charge = (body: object) => got.post('https://payments.internal/charges', { json: body }).json();`,
    },
    {
      name: 'got: retry switched off for the POST',
      code: `${GOT}export const charge = (body: object) => got.post('https://payments.internal/charges', { json: body, retry: { limit: 0 } }).json();`,
    },
    {
      name: 'got: a PUT is retried by default',
      code: `${GOT}export const save = (body: object) => got.put('https://profiles.internal/me', { json: body, retry: { limit: 3 } }).json();`,
    },
    {
      name: 'got: retry.methods from a constant cannot be read',
      code: `${GOT}import { RETRIED_METHODS } from './config';
export const charge = (body: object) => got.post('https://payments.internal/charges', { json: body, retry: { limit: 2, methods: RETRIED_METHODS } }).json();`,
    },
    {
      name: 'got: options held in a variable cannot be read',
      code: `${GOT}import { chargeOptions } from './config';
export const charge = () => got.post('https://payments.internal/charges', chargeOptions).json();`,
    },
    {
      name: 'got: the instance lists POST, the call sets the limit (got merges them)',
      code: `${GOT}const payments = got.extend({ prefixUrl: 'https://payments.internal', retry: { methods: ['GET', 'POST'] } });
export const charge = (body: object) => payments.post('charges', { json: body, retry: { limit: 2 } }).json();`,
    },
    {
      name: 'got: an instance with a retry limit used only for GET',
      code: `${GOT}const payments = got.extend({ prefixUrl: 'https://payments.internal', retry: { limit: 2 } });
export const status = (id: string) => payments.get(\`charges/\${id}\`).json();`,
    },
    {
      name: 'got: a parameter named got shadows the import',
      code: `${GOT}export const charge = (got: { post(url: string, options: object): unknown }) => got.post('https://payments.internal/charges', { retry: { limit: 2 } });`,
    },
  ],
  invalid: [
    {
      name: 'axios-retry on an instance created with a timeout',
      code: `${AXIOS_RETRY}const orders = axios.create({ baseURL: 'https://orders.internal', timeout: 2_000 });
axiosRetry(orders, { retries: 3, retryDelay: axiosRetry.exponentialDelay });
export const order = (id: string) => orders.get(\`/orders/\${id}\`);`,
      errors: [{ messageId: 'timeoutNotRetried', line: 4, text: 'axiosRetry' }],
      output: null,
    },
    {
      name: 'axios-retry with no options, axios.defaults.timeout set later in the file',
      code: `${AXIOS_RETRY}axiosRetry(axios);
axios.defaults.timeout = 2_000;`,
      errors: [{ messageId: 'timeoutNotRetried', line: 3, text: 'axiosRetry' }],
      output: null,
    },
    {
      name: "axios-retry on axios, a request's own timeout, in server code",
      code: `${EXPRESS}${AXIOS_RETRY}axiosRetry(axios, { retries: 3, retryDelay: axiosRetry.exponentialDelay });
export const stock = (sku: string) => axios.get(\`https://inventory.internal/stock/\${sku}\`, { timeout: 1_000 });`,
      errors: [{ messageId: 'timeoutNotRetried', line: 4, text: 'axiosRetry' }],
      output: null,
    },
    {
      name: 'axios-retry imported under another name, instance.defaults.timeout',
      code: `import axios from 'axios';
import retryPlugin from 'axios-retry';
const orders = axios.create({ baseURL: 'https://orders.internal' });
orders.defaults.timeout = 2_500;
retryPlugin(orders, { retries: 2, retryDelay: retryPlugin.exponentialDelay });`,
      errors: [{ messageId: 'timeoutNotRetried', line: 5, text: 'retryPlugin' }],
      output: null,
    },
    {
      name: 'axios-retry required in JavaScript',
      filename: '/project/src/orders-client.js',
      code: `const axios = require('axios');
const axiosRetry = require('axios-retry');
const orders = axios.create({ baseURL: 'https://orders.internal', timeout: 2_000 });
axiosRetry(orders, { retries: 2 });
module.exports = { orders };`,
      errors: [{ messageId: 'timeoutNotRetried', line: 4, text: 'axiosRetry' }],
      output: null,
    },
    {
      name: 'got: a POST with a retry limit and no retry.methods',
      code: `${GOT}export const charge = (body: object) => got.post('https://payments.internal/charges', { json: body, retry: { limit: 3 } }).json();`,
      errors: [{ messageId: 'methodNotRetried', line: 2, text: 'retry: { limit: 3 }' }],
      output: null,
    },
    {
      name: 'got: retry.methods leaves out PATCH',
      code: `${GOT}export const rename = (name: string) =>
  got.patch('https://profiles.internal/me', { json: { name }, retry: { limit: 2, methods: ['GET', 'PUT'] } }).json();`,
      errors: [{ messageId: 'methodNotRetried', line: 3, text: "retry: { limit: 2, methods: ['GET', 'PUT'] }" }],
      output: null,
    },
    {
      name: 'got: the method given in the options',
      code: `${GOT}export const charge = (body: object) => got('https://payments.internal/charges', { method: 'POST', json: body, retry: { limit: 2 } });`,
      errors: [{ messageId: 'methodNotRetried', text: 'retry: { limit: 2 }' }],
      output: null,
    },
    {
      name: 'got: an instance with a retry limit, two POSTs through it: one finding on the instance',
      code: `${GOT}const payments = got.extend({ prefixUrl: 'https://payments.internal', retry: { limit: 2 } });
export const charge = (body: object) => payments.post('charges', { json: body }).json();
export const refund = (body: object) => payments.post('refunds', { json: body }).json();`,
      errors: [{ messageId: 'methodNotRetried', line: 2, text: 'retry: { limit: 2 }' }],
      output: null,
    },
    {
      name: 'got imported under another name',
      filename: '/project/src/payments.js',
      code: `const request = require('got');
exports.charge = (body) => request.post('https://payments.internal/charges', { json: body, retry: { limit: 4, methods: ['GET'] } }).json();`,
      errors: [{ messageId: 'methodNotRetried', line: 2, text: "retry: { limit: 4, methods: ['GET'] }" }],
      output: null,
    },
  ],
});

checkFixtures(rule, __dirname, {
  // Line 29: a price lookup with no retry; line 42: an idempotent DELETE. The handler's other calls are retried.
  'catalog-routes.ts': {
    findings: [
      [29, 'noRetry', 'pricing.get'],
      [42, 'noRetry', 'axios.delete'],
    ],
    dependencies: ['express', 'axios', 'got', 'p-retry'],
  },
  // Line 14 is fixed by wrapping in the retryWithBackoff the file already requires.
  'stock-handler.js': { findings: [[14, 'noRetry', 'inventory.get']] },
});
