import { checkFixtures } from '../fixtureTesting';
import { runRuleTests } from '../ruleTester';
import rule from './rule';

const APP = "import express from 'express';\nimport axios from 'axios';\nconst app = express();\n";
const NEST = "import { Injectable } from '@nestjs/common';\nimport axios from 'axios';\n";

runRuleTests(rule, {
  valid: [
    {
      name: 'a cockatiel circuit breaker runs the call',
      code: `${APP}import { circuitBreaker, ConsecutiveBreaker, handleAll } from 'cockatiel';
const pricing = circuitBreaker(handleAll, { halfOpenAfter: 30_000, breaker: new ConsecutiveBreaker(5) });
app.get('/price/:sku', async (req, res) => {
  res.json(await pricing.execute(() => axios.get(\`https://pricing.internal/\${req.params.sku}\`)));
});`,
    },
    {
      name: 'cockatiel wrap() holding a circuit breaker',
      code: `${APP}import { circuitBreaker, ConsecutiveBreaker, handleAll, timeout, TimeoutStrategy, wrap } from 'cockatiel';
const policy = wrap(circuitBreaker(handleAll, { halfOpenAfter: 30_000, breaker: new ConsecutiveBreaker(5) }), timeout(1_000, TimeoutStrategy.Aggressive));
app.get('/price/:sku', async (req, res) => {
  res.json(await policy.execute(({ signal }) => fetch(\`https://pricing.internal/\${req.params.sku}\`, { signal })));
});`,
    },
    {
      name: 'a cockatiel 2 breaker built with Policy.handleAll().circuitBreaker()',
      code: `${APP}import { ConsecutiveBreaker, Policy } from 'cockatiel';
const pricing = Policy.handleAll().circuitBreaker(10_000, new ConsecutiveBreaker(5));
app.get('/price/:sku', async (req, res) => {
  res.json(await pricing.execute(() => axios.get(\`https://pricing.internal/\${req.params.sku}\`)));
});`,
    },
    {
      name: "the pattern's CircuitBreaker class",
      code: `${APP}class CircuitBreaker {
  async execute<T>(operation: () => Promise<T>): Promise<T> { return operation(); }
}
const inventoryBreaker = new CircuitBreaker();
app.get('/stock/:sku', async (req, res) => {
  const stock = await inventoryBreaker.execute(() => fetch(\`https://inventory.internal/\${req.params.sku}\`));
  res.json(await stock.json());
});`,
    },
    {
      name: 'a helper named like a breaker',
      code: `${APP}import { withCircuitBreaker } from './resilience';
app.get('/stock/:sku', async (req, res) => {
  res.json(await withCircuitBreaker('inventory', () => axios.get(\`https://inventory.internal/\${req.params.sku}\`)));
});`,
    },
    {
      name: 'an opossum breaker runs the client method',
      code: `${NEST}import CircuitBreaker from 'opossum';
@Injectable()
export class PricingService {
  private readonly breaker = new CircuitBreaker(this.fetchPrice.bind(this), { timeout: 1_000 });
  async fetchPrice(sku: string) {
    return (await axios.get(\`https://pricing.internal/\${sku}\`)).data;
  }
  price(sku: string) {
    return this.breaker.fire(sku);
  }
}`,
    },
    {
      name: 'a breaker kept on the instance, in a file that uses opossum',
      code: `${NEST}import type CircuitBreakerType from 'opossum';
@Injectable()
export class StockService {
  constructor(private readonly policy: { execute<T>(f: () => Promise<T>): Promise<T> }) {}
  level(sku: string) {
    return this.policy.execute(() => axios.get(\`https://stock.internal/\${sku}\`));
  }
}`,
    },
    {
      name: 'the request is in a helper the handler calls: the breaker may wrap the helper',
      code: `${APP}
async function loadPrice(sku: string) {
  return (await axios.get(\`https://pricing.internal/\${sku}\`)).data;
}
app.get('/price/:sku', async (req, res) => {
  res.json(await loadPrice(req.params.sku));
});`,
    },
    {
      name: 'a plain exported function is neither a handler nor a client method',
      code: `import axios from 'axios';
export const price = (sku: string) => axios.get(\`https://pricing.internal/\${sku}\`);`,
    },
    {
      name: 'a client class outside server code',
      code: `import axios from 'axios';
export class PricingClient {
  price(sku: string) {
    return axios.get(\`/api/prices/\${sku}\`);
  }
}`,
    },
    {
      name: 'a class that is not a client',
      code: `${NEST}export class PriceFormatter {
  async format(sku: string) {
    const { data } = await axios.get(\`https://pricing.internal/\${sku}\`);
    return \`\${data.cents / 100} EUR\`;
  }
}`,
    },
    {
      name: 'a constructor is not where calls are made for callers',
      code: `${NEST}@Injectable()
export class ConfigService {
  constructor() {
    void axios.get('https://config.internal/flags');
  }
}`,
    },
    {
      name: 'the project uses opossum, this file does not: the class may be wrapped from outside',
      dependencies: ['opossum', '@nestjs/common'],
      code: `${NEST}@Injectable()
export class PricingClient {
  price(sku: string) {
    return axios.get(\`https://pricing.internal/\${sku}\`);
  }
}`,
    },
    {
      name: 'a test file',
      filename: '/project/src/orders.spec.ts',
      code: `${APP}app.get('/x', async (req, res) => res.json(await axios.get('http://localhost/x')));`,
    },
    {
      name: "another library's get() registers no route",
      code: `import express from 'express';
import { LRUCache } from 'lru-cache';
const cache = new LRUCache<string, string>({ max: 100, fetchMethod: async (key) => key });
cache.get('/price', { context: async () => fetch('https://pricing.internal/x') });`,
    },
    {
      name: 'a handler calling its own server on localhost',
      code: `${APP}app.get('/check', async (req, res) => {
  res.json((await axios.get('http://127.0.0.1:3000/health')).data);
});`,
    },
    {
      name: 'a shadowed axios in a handler',
      code: `${APP}app.get('/x', async (req, res) => {
  const axios = req.app.locals.client;
  res.json(await axios.get('/x'));
});`,
    },
    {
      name: 'a handler that only calls an injected service',
      code: `import Router from '@koa/router';
const router = new Router();
router.get('/price/:sku', async (ctx) => {
  ctx.body = await ctx.state.pricing.get(ctx.params.sku);
});`,
    },
  ],
  invalid: [
    {
      name: 'fetch in an express route handler',
      code: `${APP}app.get('/stock/:sku', async (req, res) => {
  const response = await fetch(\`https://inventory.internal/stock/\${req.params.sku}\`);
  res.json(await response.json());
});`,
      errors: [{ messageId: 'handler', line: 5, text: 'fetch', message: /through one breaker shared by the process,/ }],
      output: null,
    },
    {
      name: 'a webhook URL from the request body: one breaker per host',
      code: `${APP}app.post('/test-webhook', async (req, res) => {
  const response = await fetch(req.body.callbackUrl, { method: 'POST', body: '{}' });
  res.json({ status: response.status });
});`,
      errors: [{ messageId: 'handler', line: 5, text: 'fetch', message: /through one breaker per host, kept for the process/ }],
      output: null,
    },
    {
      name: 'a client method posting to a URL its caller passes, through a const template: one breaker per host',
      code: `${NEST}export class WebhookClient {
  async deliver(subscriber: { url: string }, payload: unknown) {
    const target = \`\${subscriber.url}/hooks\`;
    return axios.post(target, payload, { timeout: 5_000 });
  }
}`,
      errors: [{ messageId: 'clientMethod', line: 6, text: 'axios.post', message: /one breaker per host/ }],
      output: null,
    },
    {
      name: 'a client method whose URL starts with a module constant: one breaker shared by the process',
      code: `${NEST}const PAYMENTS_URL = process.env.PAYMENTS_URL;
export class PaymentsClient {
  async refund(id: string) {
    return axios.post(\`\${PAYMENTS_URL}/refunds/\${id}\`, {}, { timeout: 5_000 });
  }
}`,
      errors: [{ messageId: 'clientMethod', line: 6, text: 'axios.post', message: /through one breaker shared by the process,/ }],
      output: null,
    },
    {
      name: 'one finding per handler, on its first request',
      code: `${APP}app.get('/product/:id', async (req, res) => {
  const product = await axios.get(\`https://catalog.internal/\${req.params.id}\`);
  const price = await axios.get(\`https://pricing.internal/\${req.params.id}\`);
  res.json({ ...product.data, price: price.data });
});`,
      errors: [{ messageId: 'handler', line: 5, text: 'axios.get' }],
      output: null,
    },
    {
      name: 'the guarded call is fine, the other one is reported',
      code: `${APP}import { circuitBreaker, ConsecutiveBreaker, handleAll } from 'cockatiel';
const catalogBreaker = circuitBreaker(handleAll, { halfOpenAfter: 30_000, breaker: new ConsecutiveBreaker(5) });
app.get('/product/:id', async (req, res) => {
  const product = await catalogBreaker.execute(() => axios.get(\`https://catalog.internal/\${req.params.id}\`));
  const price = await axios.get(\`https://pricing.internal/\${req.params.id}\`);
  res.json({ ...product.data, price: price.data });
});`,
      errors: [{ messageId: 'handler', line: 8, text: 'axios.get' }],
      output: null,
    },
    {
      name: 'a router.post handler',
      code: `import { Router } from 'express';
import axios from 'axios';
const router = Router();
router.post('/orders', async (req, res) => {
  await axios.post('https://payments.internal/charges', req.body, { timeout: 5_000 });
  res.status(201).end();
});`,
      errors: [{ messageId: 'handler', line: 5, text: 'axios.post' }],
      output: null,
    },
    {
      name: 'a fastify route',
      code: `import Fastify from 'fastify';
const fastify = Fastify();
fastify.get('/rates', async () => {
  const response = await fetch('https://fx.internal/rates');
  return response.json();
});`,
      errors: [{ messageId: 'handler', line: 4, text: 'fetch' }],
      output: null,
    },
    {
      name: 'fastify.route({ handler })',
      code: `import fastify from 'fastify';
const server = fastify();
server.route({
  method: 'GET',
  url: '/rates',
  handler: async () => (await fetch('https://fx.internal/rates')).json(),
});`,
      errors: [{ messageId: 'handler', line: 6, text: 'fetch' }],
      output: null,
    },
    {
      name: 'a koa router handler',
      code: `import Router from '@koa/router';
import got from 'got';
const router = new Router();
router.get('/rates', async (ctx) => {
  ctx.body = await got('https://fx.internal/rates').json();
});`,
      errors: [{ messageId: 'handler', line: 5, text: 'got' }],
      output: null,
    },
    {
      name: 'a NestJS controller method',
      code: `import { Controller, Get, Param } from '@nestjs/common';
import axios from 'axios';
@Controller('orders')
export class OrdersController {
  @Get(':id')
  async find(@Param('id') id: string) {
    return (await axios.get(\`https://orders.internal/\${id}\`)).data;
  }
}`,
      errors: [{ messageId: 'handler', line: 7, text: 'axios.get' }],
      output: null,
    },
    {
      name: 'a method of an injectable service',
      code: `${NEST}@Injectable()
export class ShippingQuotes {
  async quote(weightGrams: number) {
    return (await axios.post('https://carrier.example/quotes', { weightGrams })).data;
  }
}`,
      errors: [{ messageId: 'clientMethod', line: 6, text: 'axios.post' }],
      output: null,
    },
    {
      name: 'a method of a class named ...Client, in server code',
      code: `${NEST}export class PaymentsClient {
  private readonly http = axios.create({ baseURL: 'https://payments.internal', timeout: 5_000 });
  async refund(id: string) {
    await this.http.post(\`/payments/\${id}/refunds\`);
  }
  status(id: string) {
    return axios.get(\`https://payments.internal/payments/\${id}\`);
  }
}`,
      errors: [{ messageId: 'clientMethod', line: 9, text: 'axios.get' }],
      output: null,
    },
    {
      name: 'a handler registered by name',
      code: `${APP}
async function getOrder(req, res) {
  res.json((await axios.get(\`https://orders.internal/\${req.params.id}\`)).data);
}
app.get('/orders/:id', getOrder);`,
      errors: [{ messageId: 'handler', line: 6, text: 'axios.get' }],
      output: null,
    },
    {
      name: 'a handler typed with the express Request, registered in another module',
      code: `import type { Request, Response } from 'express';
export async function getOrder(req: Request, res: Response) {
  const response = await fetch(\`https://orders.internal/\${req.params.id}\`);
  res.json(await response.json());
}`,
      errors: [{ messageId: 'handler', line: 3, text: 'fetch' }],
      output: null,
    },
    {
      name: 'requests in a callback of the handler',
      code: `${APP}app.post('/prices', async (req, res) => {
  const prices = await Promise.all(req.body.skus.map((sku: string) => axios.get(\`https://pricing.internal/\${sku}\`)));
  res.json(prices.map((p) => p.data));
});`,
      errors: [{ messageId: 'handler', line: 5, text: 'axios.get' }],
      output: null,
    },
    {
      name: 'a retry is not a breaker',
      code: `${APP}import { retryWithBackoff } from './resilience';
app.get('/stock/:sku', async (req, res) => {
  res.json(await retryWithBackoff(() => axios.get(\`https://inventory.internal/\${req.params.sku}\`)));
});`,
      errors: [{ messageId: 'handler', line: 6, text: 'axios.get' }],
      output: null,
    },
    {
      name: 'a fallback is not a breaker either',
      code: `${APP}app.get('/reviews/:sku', async (req, res) => {
  try {
    res.json((await axios.get(\`https://reviews.internal/\${req.params.sku}\`)).data);
  } catch (error) {
    console.warn('reviews unavailable', error);
    res.json([]);
  }
});`,
      errors: [{ messageId: 'handler', line: 6, text: 'axios.get' }],
      output: null,
    },
    {
      name: 'two handlers, one finding each (JavaScript)',
      filename: '/project/src/routes.js',
      code: `const express = require('express');
const app = express();
app.get('/a', async (req, res) => res.json(await (await fetch('https://a.internal/')).json()));
app.get('/b', async (req, res) => res.json(await (await fetch('https://b.internal/')).json()));`,
      errors: [
        { messageId: 'handler', line: 3, text: 'fetch' },
        { messageId: 'handler', line: 4, text: 'fetch' },
      ],
      output: null,
    },
  ],
});

/** opossum's `timeout` defaults to 10 s (`defaultTimeout`). */
const OPOSSUM = "import CircuitBreaker from 'opossum';\nimport { fetchPrice } from './pricing';\n";

runRuleTests(rule, {
  valid: [
    {
      name: 'opossum: a timeout that fits the caller',
      code: `${OPOSSUM}export const pricingBreaker = new CircuitBreaker(fetchPrice, { timeout: 1_000, resetTimeout: 30_000 });`,
    },
    {
      name: 'opossum: timeout: false switches it off on purpose',
      code: `${OPOSSUM}export const pricingBreaker = new CircuitBreaker(fetchPrice, { timeout: false, resetTimeout: 30_000 });`,
    },
    {
      name: 'opossum: timeout as a shorthand property, from a constant',
      code: `${OPOSSUM}const timeout = 1_500;
export const pricingBreaker = new CircuitBreaker(fetchPrice, { timeout, volumeThreshold: 10 });`,
    },
    {
      name: 'opossum: options held in a variable cannot be read',
      code: `${OPOSSUM}import { breakerOptions } from './config';
export const pricingBreaker = new CircuitBreaker(fetchPrice, breakerOptions);`,
    },
    {
      name: 'opossum: options spread from shared defaults may carry the timeout',
      code: `${OPOSSUM}import { breakerDefaults } from './config';
export const pricingBreaker = new CircuitBreaker(fetchPrice, { ...breakerDefaults, resetTimeout: 10_000 });`,
    },
    {
      name: "a home-made CircuitBreaker class (the pattern's) is not opossum",
      code: `class CircuitBreaker {
  constructor(private readonly failureThreshold = 5) {}
}
export const inventoryBreaker = new CircuitBreaker();
export const pricingBreaker = new CircuitBreaker(3);`,
    },
    {
      name: 'a parameter named CircuitBreaker shadows the opossum import',
      code: `${OPOSSUM}export function breakerFor(CircuitBreaker: new (fn: unknown) => unknown) {
  return new CircuitBreaker(fetchPrice);
}`,
    },
    {
      name: 'opossum in a test file',
      filename: '/project/src/pricing.test.ts',
      code: `${OPOSSUM}const breaker = new CircuitBreaker(fetchPrice);`,
    },
  ],
  invalid: [
    {
      name: 'opossum with no options: the fix creates them',
      code: `${OPOSSUM}export const pricingBreaker = new CircuitBreaker(fetchPrice);`,
      errors: [{ messageId: 'defaultTimeout', line: 3, text: 'CircuitBreaker' }],
      output: `${OPOSSUM}export const pricingBreaker = new CircuitBreaker(fetchPrice, { timeout: 3_000 });`,
    },
    {
      name: 'opossum options on one line without timeout',
      code: `${OPOSSUM}export const pricingBreaker = new CircuitBreaker(fetchPrice, { errorThresholdPercentage: 50, resetTimeout: 30_000 });`,
      errors: [{ messageId: 'defaultTimeout', text: 'CircuitBreaker' }],
      output: `${OPOSSUM}export const pricingBreaker = new CircuitBreaker(fetchPrice, { errorThresholdPercentage: 50, resetTimeout: 30_000, timeout: 3_000 });`,
    },
    {
      name: 'multi-line opossum options keep their layout and trailing comma',
      code: `${OPOSSUM}export const pricingBreaker = new CircuitBreaker(fetchPrice, {
  resetTimeout: 30_000,
  volumeThreshold: 10,
});`,
      errors: [{ messageId: 'defaultTimeout', line: 3, text: 'CircuitBreaker' }],
      output: `${OPOSSUM}export const pricingBreaker = new CircuitBreaker(fetchPrice, {
  resetTimeout: 30_000,
  volumeThreshold: 10,
  timeout: 3_000,
});`,
    },
    {
      name: 'opossum required under another name, empty options, in a file that makes no HTTP call',
      filename: '/project/src/ledger.js',
      code: `const Breaker = require('opossum');
const { pool } = require('./db');
const ledgerBreaker = new Breaker((id) => pool.query('SELECT * FROM ledger WHERE id = $1', [id]), {});
module.exports = { ledgerBreaker };`,
      errors: [{ messageId: 'defaultTimeout', line: 3, text: 'Breaker' }],
      output: `const Breaker = require('opossum');
const { pool } = require('./db');
const ledgerBreaker = new Breaker((id) => pool.query('SELECT * FROM ledger WHERE id = $1', [id]), { timeout: 3_000 });
module.exports = { ledgerBreaker };`,
    },
    {
      name: 'two opossum breakers, one with a timeout',
      code: `${OPOSSUM}import { fetchStock } from './inventory';
export const pricingBreaker = new CircuitBreaker(fetchPrice, { timeout: 1_000 });
export const stockBreaker = new CircuitBreaker(fetchStock, { resetTimeout: 30_000 });`,
      errors: [{ messageId: 'defaultTimeout', line: 5, text: 'CircuitBreaker' }],
      output: `${OPOSSUM}import { fetchStock } from './inventory';
export const pricingBreaker = new CircuitBreaker(fetchPrice, { timeout: 1_000 });
export const stockBreaker = new CircuitBreaker(fetchStock, { resetTimeout: 30_000, timeout: 3_000 });`,
    },
  ],
});

checkFixtures(rule, __dirname, {
  // /checkout/quote and /checkout/rates go through pricingBreaker; /checkout/pay calls payments directly (one finding for two calls).
  'checkout-routes.ts': { findings: [[33, 'handler', 'payments.post']], dependencies: ['express', 'axios', 'cockatiel'] },
  // POST /quotes fires the opossum breaker; GET /tracking/:id calls the carrier directly.
  'shipping-routes.js': { findings: [[27, 'handler', 'fetch']], dependencies: ['@koa/router', 'opossum'] },
});
