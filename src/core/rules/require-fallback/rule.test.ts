import { checkFixtures } from '../fixtureTesting';
import { runRuleTests } from '../ruleTester';
import rule from './rule';

const JS = '/project/src/notify.js';

runRuleTests(rule, {
  valid: [
    {
      name: 'the catch returns a fallback value',
      code: `import axios from 'axios';
export async function reviews(sku: string) {
  try {
    return (await axios.get(\`https://reviews.internal/\${sku}\`)).data;
  } catch {
    return [];
  }
}`,
    },
    {
      name: 'the catch logs',
      code: `export async function ping() {
  try {
    await fetch('https://status.internal/ping', { method: 'POST' });
  } catch (error) {
    console.warn('status ping failed', error);
  }
}`,
    },
    {
      name: 'the catch rethrows',
      code: `import axios from 'axios';
export async function charge(body: unknown) {
  try {
    return await axios.post('https://payments.internal/charges', body);
  } catch (error) {
    throw new Error('charge failed', { cause: error });
  }
}`,
    },
    {
      name: 'the catch records state',
      code: `let degraded = false;
export async function flags() {
  try {
    return await (await fetch('https://flags.internal/all')).json();
  } catch {
    degraded = true;
  }
}`,
    },
    {
      name: 'an empty catch in a retry loop means "try again"',
      code: `export async function load(url: string) {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await fetch(url);
    } catch {
      // next attempt
    }
  }
  throw new Error('unavailable');
}`,
    },
    {
      name: 'an empty catch around something that is not a request',
      code: `export function parse(text: string) {
  try {
    return JSON.parse(text);
  } catch {}
}`,
    },
    {
      name: 'closing a database connection on the way out',
      code: `import { Pool } from 'pg';
const pool = new Pool();
export async function shutdown() {
  try {
    await pool.end();
  } catch {}
}`,
    },
    {
      name: 'a request made by a function the try only declares',
      code: `export function later() {
  try {
    const load = () => fetch('https://x.internal/');
    return load;
  } catch {}
}`,
    },
    {
      name: '.catch() returning a fallback value',
      code: `export const rates = () => fetch('https://fx.internal/rates').catch(() => undefined);`,
    },
    {
      name: 'a parameter named fetch is not a request',
      code: `export async function run(fetch: () => Promise<void>) {
  try {
    await fetch();
  } catch {}
}`,
    },
    {
      name: 'browser code: a JSX component',
      filename: '/project/src/Tracker.tsx',
      code: `export function Tracker() {
  const track = async () => {
    try {
      await fetch('/api/track', { method: 'POST' });
    } catch {}
  };
  return <button onClick={track}>Go</button>;
}`,
    },
    {
      name: 'a test file',
      filename: '/project/src/client.test.ts',
      code: `it('ignores errors', async () => {
  try { await fetch('http://localhost:1/'); } catch {}
});`,
    },
    {
      name: 'opossum breaker with a fallback',
      code: `import CircuitBreaker from 'opossum';
const breaker = new CircuitBreaker((sku: string) => fetch(\`https://pricing.internal/\${sku}\`), { timeout: 1_000 });
breaker.fallback(() => ({ cents: null }));
export async function price(sku: string) {
  const value = await breaker.fire(sku);
  return value.cents;
}`,
    },
    {
      name: 'opossum breaker whose fire() is caught',
      code: `import CircuitBreaker from 'opossum';
const breaker = new CircuitBreaker(async (sku: string) => (await fetch(\`https://pricing.internal/\${sku}\`)).json());
export async function price(sku: string) {
  try {
    return await breaker.fire(sku);
  } catch (error) {
    console.warn('pricing unavailable', error);
    return null;
  }
}`,
    },
    {
      name: 'an exported opossum breaker may get its fallback elsewhere',
      code: `import CircuitBreaker from 'opossum';
export const breaker = new CircuitBreaker(async (sku: string) => (await fetch(\`https://pricing.internal/\${sku}\`)).json());
export async function price(sku: string) {
  const value = await breaker.fire(sku);
  return value;
}`,
    },
    {
      name: 'cockatiel breaker inside wrap() with a fallback policy',
      code: `import { circuitBreaker, ConsecutiveBreaker, fallback, handleAll, wrap } from 'cockatiel';
const policy = wrap(fallback(handleAll, () => null), circuitBreaker(handleAll, { halfOpenAfter: 10_000, breaker: new ConsecutiveBreaker(5) }));
export async function price(sku: string) {
  const value = await policy.execute(() => fetch(\`https://pricing.internal/\${sku}\`));
  return value;
}`,
    },
    {
      name: 'cockatiel breaker whose open state is handled',
      code: `import { circuitBreaker, ConsecutiveBreaker, handleAll, isBrokenCircuitError } from 'cockatiel';
const breaker = circuitBreaker(handleAll, { halfOpenAfter: 10_000, breaker: new ConsecutiveBreaker(5) });
export async function price(sku: string) {
  try {
    return await breaker.execute(() => fetch(\`https://pricing.internal/\${sku}\`));
  } catch (error) {
    if (isBrokenCircuitError(error)) return null;
    throw error;
  }
}`,
    },
    {
      name: 'cockatiel execute() returned to a caller who may handle it',
      code: `import { circuitBreaker, ConsecutiveBreaker, handleAll } from 'cockatiel';
const breaker = circuitBreaker(handleAll, { halfOpenAfter: 10_000, breaker: new ConsecutiveBreaker(5) });
export const price = (sku: string) => breaker.execute(() => fetch(\`https://pricing.internal/\${sku}\`));`,
    },
  ],
  invalid: [
    {
      name: 'an empty catch around fetch',
      code: `export async function notify(orderId: string) {
  try {
    await fetch('https://notifications.internal/orders', { method: 'POST', body: orderId });
  } catch (err) {}
}`,
      errors: [{ messageId: 'swallowed', line: 4, text: 'catch (err)' }],
      output: `export async function notify(orderId: string) {
  try {
    await fetch('https://notifications.internal/orders', { method: 'POST', body: orderId });
  } catch (err) {
    console.warn('fetch failed; continuing without it', err);
  }
}`,
    },
    {
      name: 'a catch with only a comment, and no binding',
      code: `import axios from 'axios';
export async function warmCache(sku: string) {
  try {
    await axios.get(\`https://pricing.internal/\${sku}\`);
  } catch {
    // best effort
  }
}`,
      errors: [{ messageId: 'swallowed', line: 5, text: 'catch' }],
      output: `import axios from 'axios';
export async function warmCache(sku: string) {
  try {
    await axios.get(\`https://pricing.internal/\${sku}\`);
  } catch (error) {
    // best effort
    console.warn('axios.get failed; continuing without it', error);
  }
}`,
    },
    {
      name: 'a typed catch binding in a class with a logger field',
      code: `import axios from 'axios';
import { Logger } from '@nestjs/common';
export class AuditClient {
  private readonly logger = new Logger(AuditClient.name);
  async record(event: object) {
    try {
      await axios.post('https://audit.internal/events', event);
    } catch (e: unknown) { /* never block the caller */ }
  }
}`,
      errors: [{ messageId: 'swallowed', line: 8, text: 'catch (e: unknown)' }],
      output: `import axios from 'axios';
import { Logger } from '@nestjs/common';
export class AuditClient {
  private readonly logger = new Logger(AuditClient.name);
  async record(event: object) {
    try {
      await axios.post('https://audit.internal/events', event);
    } catch (e: unknown) {
      /* never block the caller */
      this.logger.warn('axios.post failed; continuing without it', e);
    }
  }
}`,
    },
    {
      name: 'a logger in scope is used',
      code: `import pino from 'pino';
import got from 'got';
const logger = pino();
export async function publish(event: object) {
  try { await got.post('https://events.internal/', { json: event }); } catch {}
}`,
      errors: [{ messageId: 'swallowed', line: 5, text: 'catch' }],
      output: `import pino from 'pino';
import got from 'got';
const logger = pino();
export async function publish(event: object) {
  try { await got.post('https://events.internal/', { json: event }); } catch (error) {
    logger.warn('got.post failed; continuing without it', error);
  }
}`,
    },
    {
      name: 'a request in a callback the try runs',
      code: `import axios from 'axios';
export async function warmAll(skus: string[]) {
  try {
    await Promise.all(skus.map((sku) => axios.get(\`https://pricing.internal/\${sku}\`)));
  } catch (error) {
  }
}`,
      errors: [{ messageId: 'swallowed', line: 5, text: 'catch (error)' }],
      output: `import axios from 'axios';
export async function warmAll(skus: string[]) {
  try {
    await Promise.all(skus.map((sku) => axios.get(\`https://pricing.internal/\${sku}\`)));
  } catch (error) {
    console.warn('axios.get failed; continuing without it', error);
  }
}`,
    },
    {
      name: 'JavaScript with require',
      filename: JS,
      code: `const axios = require('axios');
async function notify(id) {
  try {
    await axios.post('https://hooks.internal/orders', { id });
  } catch (_ignored) {}
}
module.exports = { notify };`,
      errors: [{ messageId: 'swallowed', line: 5, text: 'catch (_ignored)' }],
      output: `const axios = require('axios');
async function notify(id) {
  try {
    await axios.post('https://hooks.internal/orders', { id });
  } catch (_ignored) {
    console.warn('axios.post failed; continuing without it', _ignored);
  }
}
module.exports = { notify };`,
    },
    {
      name: 'an empty .catch() callback',
      code: `export function ping() {
  fetch('https://status.internal/ping').catch(() => {});
}`,
      errors: [{ messageId: 'swallowed', line: 2, text: '() => {}' }],
      output: `export function ping() {
  fetch('https://status.internal/ping').catch((error) => {
    console.warn('fetch failed; continuing without it', error);
  });
}`,
    },
    {
      name: 'an empty .catch() after .then()',
      code: `import axios from 'axios';
export function prefetch(id: string) {
  axios.get(\`https://catalog.internal/\${id}\`).then((r) => cache.set(id, r.data)).catch((e) => {
    // ignore
  });
}`,
      errors: [{ messageId: 'swallowed', line: 3 }],
      output: `import axios from 'axios';
export function prefetch(id: string) {
  axios.get(\`https://catalog.internal/\${id}\`).then((r) => cache.set(id, r.data)).catch((e) => {
    // ignore
    console.warn('axios.get failed; continuing without it', e);
  });
}`,
    },
    {
      name: 'an empty .catch() on a chain spread over lines, with optional chaining and a comment',
      code: `import axios from 'axios';
export function prefetch(id: string) {
  axios
    .get(\`https://catalog.internal/\${id}\`)
    ?.then((r) => cache.set(id, r.data)) /* best effort */
    .catch(() => {});
}`,
      errors: [{ messageId: 'swallowed', line: 6, text: '() => {}' }],
      output: `import axios from 'axios';
export function prefetch(id: string) {
  axios
    .get(\`https://catalog.internal/\${id}\`)
    ?.then((r) => cache.set(id, r.data)) /* best effort */
    .catch((error) => {
      console.warn('axios.get failed; continuing without it', error);
    });
}`,
    },
    {
      name: 'a destructured catch binding gets no fix',
      code: `export async function ping() {
  try {
    await fetch('https://status.internal/ping');
  } catch ({ message }) {}
}`,
      errors: [{ messageId: 'swallowed', text: 'catch ({ message })' }],
      output: null,
    },
    {
      name: 'a try with finally still swallows',
      code: `export async function release(lockId: string) {
  try {
    await fetch(\`https://locks.internal/\${lockId}\`, { method: 'DELETE' });
  } catch {
  } finally {
    lockId = '';
  }
}`,
      errors: [{ messageId: 'swallowed', line: 4, text: 'catch' }],
      output: `export async function release(lockId: string) {
  try {
    await fetch(\`https://locks.internal/\${lockId}\`, { method: 'DELETE' });
  } catch (error) {
    console.warn('fetch failed; continuing without it', error);
  } finally {
    lockId = '';
  }
}`,
    },
    {
      name: 'an opossum breaker without a fallback',
      code: `import CircuitBreaker from 'opossum';
const pricingBreaker = new CircuitBreaker(async (sku: string) => (await fetch(\`https://pricing.internal/\${sku}\`)).json(), { timeout: 1_000 });
export async function price(sku: string) {
  const value = await pricingBreaker.fire(sku);
  return value.cents;
}`,
      errors: [{ messageId: 'opossumNoFallback', line: 2, text: 'new CircuitBreaker' }],
      output: null,
    },
    {
      name: 'an opossum breaker kept in a field',
      code: `import CircuitBreaker from 'opossum';
export class RatesService {
  private readonly breaker = new CircuitBreaker(() => fetch('https://fx.internal/rates'));
  async rate(currency: string) {
    const response = await this.breaker.fire();
    return (await response.json())[currency];
  }
}`,
      errors: [{ messageId: 'opossumNoFallback', line: 3 }],
      output: null,
    },
    {
      name: 'an opossum breaker assigned in the constructor (require)',
      filename: JS,
      code: `const CircuitBreaker = require('opossum');
class Rates {
  constructor() {
    this.breaker = new CircuitBreaker(() => fetch('https://fx.internal/rates'));
  }
  async get() {
    const response = await this.breaker.fire();
    return response.json();
  }
}
module.exports = Rates;`,
      errors: [{ messageId: 'opossumNoFallback', line: 4 }],
      output: null,
    },
    {
      name: 'a cockatiel breaker used in place with nothing catching it',
      code: `import { circuitBreaker, ConsecutiveBreaker, handleAll } from 'cockatiel';
const pricing = circuitBreaker(handleAll, { halfOpenAfter: 10_000, breaker: new ConsecutiveBreaker(5) });
export async function total(skus: string[]) {
  let cents = 0;
  for (const sku of skus) {
    const response = await pricing.execute(() => fetch(\`https://pricing.internal/\${sku}\`));
    cents += (await response.json()).cents;
  }
  return cents;
}`,
      errors: [{ messageId: 'cockatielNoFallback', line: 2, text: 'circuitBreaker' }],
      output: null,
    },
    {
      name: 'a cockatiel breaker imported under another name',
      code: `import { circuitBreaker as breakerFor, ConsecutiveBreaker, handleAll } from 'cockatiel';
const inventory = breakerFor(handleAll, { halfOpenAfter: 10_000, breaker: new ConsecutiveBreaker(5) });
export async function reserve(sku: string) {
  const response = await inventory.execute(() => fetch(\`https://inventory.internal/\${sku}\`, { method: 'POST' }));
  return response.ok;
}`,
      errors: [{ messageId: 'cockatielNoFallback', line: 2, text: 'breakerFor' }],
      output: null,
    },
    {
      name: 'a cockatiel breaker in wrap() without a fallback',
      code: `import { circuitBreaker, ConsecutiveBreaker, handleAll, timeout, TimeoutStrategy, wrap } from 'cockatiel';
const pricing = wrap(timeout(1_000, TimeoutStrategy.Aggressive), circuitBreaker(handleAll, { halfOpenAfter: 10_000, breaker: new ConsecutiveBreaker(5) }));
export async function price(sku: string) {
  const response = await pricing.execute(({ signal }) => fetch(\`https://pricing.internal/\${sku}\`, { signal }));
  return response.json();
}`,
      errors: [{ messageId: 'cockatielNoFallback', line: 2, text: 'circuitBreaker' }],
      output: null,
    },
  ],
});

checkFixtures(rule, __dirname, {
  // Line 34: recordView drops failures silently. The recommender fallback logs; the reviews breaker has a fallback policy.
  'recommendations.ts': { findings: [[34, 'swallowed', 'catch']] },
  // The delivery breaker has no fallback and its fire() is not caught; the empty catch in the unsubscribe loop retries.
  'webhooks.js': {
    findings: [
      [13, 'opossumNoFallback', 'new CircuitBreaker'],
      [21, 'swallowed', '() => {}'],
    ],
  },
});
