import { checkFixtures } from '../fixtureTesting';
import { runRuleTests } from '../ruleTester';
import rule from './rule';

const JS = '/project/src/payments.js';
const HELPER = `async function retryWithBackoff<T>(operation: () => Promise<T>): Promise<T> {
  return operation();
}
`;
const KEY = 'const idempotencyKey = crypto.randomUUID(); // one key for every attempt: the server performs this write once';

runRuleTests(rule, {
  valid: [
    {
      name: 'the key is sent, created before the retry',
      code: `${HELPER}
export async function pay(orderId: string) {
  const idempotencyKey = crypto.randomUUID();
  return retryWithBackoff(() => fetch('https://payments.internal/payments', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Idempotency-Key': idempotencyKey },
    body: JSON.stringify({ orderId }),
  }));
}`,
    },
    {
      name: 'X-Idempotency-Key, lower case, on an axios POST',
      code: `import axios from 'axios';
import pRetry from 'p-retry';
export const pay = (orderId: string, key: string) =>
  pRetry(() => axios.post('https://payments.internal/payments', { orderId }, { headers: { 'x-idempotency-key': key } }), { randomize: true });`,
    },
    {
      name: 'a POST that is not retried',
      code: `import axios from 'axios';
export const pay = (orderId: string) => axios.post('https://payments.internal/payments', { orderId });`,
    },
    {
      name: "axios-retry's default condition retries idempotent methods only",
      code: `import axios from 'axios';
import axiosRetry from 'axios-retry';
axiosRetry(axios, { retries: 3, retryDelay: axiosRetry.exponentialDelay });
export const pay = (orderId: string) => axios.post('https://payments.internal/payments', { orderId });`,
    },
    {
      name: 'axios-retry with a condition that looks at the method',
      code: `import axios from 'axios';
import axiosRetry from 'axios-retry';
axiosRetry(axios, { retries: 3, retryCondition: (error) => error.config?.method === 'get' });
export const pay = (orderId: string) => axios.post('https://payments.internal/payments', { orderId });`,
    },
    {
      name: 'axios-retry on another instance',
      code: `import axios from 'axios';
import axiosRetry, { isNetworkError } from 'axios-retry';
const reads = axios.create({ baseURL: 'https://catalog.internal' });
const payments = axios.create({ baseURL: 'https://payments.internal' });
axiosRetry(reads, { retries: 3, retryCondition: isNetworkError });
export const pay = (orderId: string) => payments.post('/payments', { orderId });`,
    },
    {
      name: 'got retries POST only when retry.methods lists it',
      code: `import got from 'got';
export const pay = (orderId: string) => got.post('https://payments.internal/payments', { json: { orderId }, retry: { limit: 2 } });`,
    },
    {
      name: 'headers built elsewhere: cannot tell',
      code: `${HELPER}
export const pay = (orderId: string, headers: Record<string, string>) =>
  retryWithBackoff(() => fetch('https://payments.internal/payments', { method: 'POST', headers, body: orderId }));`,
    },
    {
      name: 'headers spread from a variable: cannot tell',
      code: `${HELPER}
export const pay = (orderId: string, auth: Record<string, string>) =>
  retryWithBackoff(() => fetch('https://payments.internal/payments', { method: 'POST', headers: { ...auth, 'Content-Type': 'application/json' }, body: orderId }));`,
    },
    {
      name: 'options in a variable: cannot tell',
      code: `${HELPER}
export const pay = (init: RequestInit) => retryWithBackoff(() => fetch('https://payments.internal/payments', init));`,
    },
    {
      name: 'a request interceptor may add the key',
      code: `import axios from 'axios';
import pRetry from 'p-retry';
const payments = axios.create({ baseURL: 'https://payments.internal' });
payments.interceptors.request.use((config) => withIdempotencyKey(config));
export const pay = (orderId: string) => pRetry(() => payments.post('/payments', { orderId }));`,
    },
    {
      name: 'the key set on the instance',
      code: `import axios from 'axios';
import pRetry from 'p-retry';
export async function pay(orderId: string) {
  const payments = axios.create({ baseURL: 'https://payments.internal', headers: { 'Idempotency-Key': orderId } });
  return pRetry(() => payments.post('/payments', { orderId }));
}`,
    },
    {
      name: 'an SDK-style idempotency option in the body',
      code: `${HELPER}
export const pay = (orderId: string, idempotencyKey: string) =>
  retryWithBackoff(() => fetch('https://payments.internal/payments', { method: 'POST', body: JSON.stringify({ orderId, idempotencyKey }) }));`,
    },
    {
      name: 'a cockatiel 2 circuit breaker alone does not retry',
      code: `import axios from 'axios';
import { ConsecutiveBreaker, Policy } from 'cockatiel';
const pricing = Policy.handleAll().circuitBreaker(10_000, new ConsecutiveBreaker(5));
export async function reprice(sku: string) {
  await pricing.execute(() => axios.post('https://pricing.internal/reprice', { sku }));
}`,
    },
    {
      name: 'a PUT is idempotent by itself',
      code: `${HELPER}
export const save = (id: string, body: string) => retryWithBackoff(() => fetch(\`https://profiles.internal/\${id}\`, { method: 'PUT', body }));`,
    },
    {
      name: 'a loop over items is not a retry',
      code: `import axios from 'axios';
export async function sendAll(events: object[]) {
  for (const event of events) {
    try {
      await axios.post('https://events.internal/', event);
    } catch (error) {
      console.warn('event dropped', error);
    }
  }
}`,
    },
    {
      name: 'a function named like a retry is not proof of one',
      code: `import axios from 'axios';
export const retryPayment = (id: string) => axios.post(\`https://payments.internal/payments/\${id}/retry\`);`,
    },
    {
      name: 'a test file',
      filename: '/project/src/payments.test.ts',
      code: `${HELPER}
it('pays', () => retryWithBackoff(() => fetch('http://localhost/payments', { method: 'POST' })));`,
    },
  ],
  invalid: [
    {
      name: 'fetch POST in retryWithBackoff',
      code: `${HELPER}
export async function pay(orderId: string) {
  const response = await retryWithBackoff(() => fetch('https://payments.internal/payments', { method: 'POST', body: orderId }));
  return response.json();
}`,
      errors: [{ messageId: 'missingKey', line: 6, text: 'fetch' }],
      output: `${HELPER}
export async function pay(orderId: string) {
  ${KEY}
  const response = await retryWithBackoff(() => fetch('https://payments.internal/payments', { method: 'POST', body: orderId, headers: { 'Idempotency-Key': idempotencyKey } }));
  return response.json();
}`,
    },
    {
      name: 'existing headers get the key',
      code: `${HELPER}
export async function pay(orderId: string) {
  return retryWithBackoff(() =>
    fetch('https://payments.internal/payments', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ orderId }),
    }),
  );
}`,
      errors: [{ messageId: 'missingKey', line: 7, text: 'fetch' }],
      output: `${HELPER}
export async function pay(orderId: string) {
  ${KEY}
  return retryWithBackoff(() =>
    fetch('https://payments.internal/payments', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': idempotencyKey },
      body: JSON.stringify({ orderId }),
    }),
  );
}`,
    },
    {
      name: 'axios.post in p-retry: the config argument is added',
      code: `import axios from 'axios';
import pRetry from 'p-retry';
export async function pay(orderId: string) {
  const { data } = await pRetry(() => axios.post('https://payments.internal/payments', { orderId }), { retries: 2, randomize: true });
  return data;
}`,
      errors: [{ messageId: 'missingKey', line: 4, text: 'axios.post' }],
      output: `import axios from 'axios';
import pRetry from 'p-retry';
export async function pay(orderId: string) {
  ${KEY}
  const { data } = await pRetry(() => axios.post('https://payments.internal/payments', { orderId }, { headers: { 'Idempotency-Key': idempotencyKey } }), { retries: 2, randomize: true });
  return data;
}`,
    },
    {
      name: 'a PATCH in a cockatiel retry policy',
      code: `import axios from 'axios';
import { ExponentialBackoff, handleAll, retry } from 'cockatiel';
const policy = retry(handleAll, { maxAttempts: 2, backoff: new ExponentialBackoff() });
export async function rename(id: string, name: string) {
  await policy.execute(() => axios.patch(\`https://accounts.internal/\${id}\`, { name }, { timeout: 2_000 }));
}`,
      errors: [{ messageId: 'missingKey', line: 5, text: 'axios.patch' }],
      output: `import axios from 'axios';
import { ExponentialBackoff, handleAll, retry } from 'cockatiel';
const policy = retry(handleAll, { maxAttempts: 2, backoff: new ExponentialBackoff() });
export async function rename(id: string, name: string) {
  ${KEY}
  await policy.execute(() => axios.patch(\`https://accounts.internal/\${id}\`, { name }, { timeout: 2_000, headers: { 'Idempotency-Key': idempotencyKey } }));
}`,
    },
    {
      name: 'a hand-written retry loop: the key goes before the loop',
      code: `import axios from 'axios';
export async function publish(event: object) {
  for (let attempt = 0; ; attempt++) {
    try {
      return await axios.post('https://events.internal/', event, { timeout: 2_000 });
    } catch (error) {
      if (attempt >= 3) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 100 * 2 ** attempt));
    }
  }
}`,
      errors: [{ messageId: 'missingKey', line: 5, text: 'axios.post' }],
      output: `import axios from 'axios';
export async function publish(event: object) {
  ${KEY}
  for (let attempt = 0; ; attempt++) {
    try {
      return await axios.post('https://events.internal/', event, { timeout: 2_000, headers: { 'Idempotency-Key': idempotencyKey } });
    } catch (error) {
      if (attempt >= 3) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 100 * 2 ** attempt));
    }
  }
}`,
    },
    {
      name: 'axios-retry with isNetworkError retries POST too: the key goes before the call',
      code: `import axios from 'axios';
import axiosRetry, { isNetworkError } from 'axios-retry';
const payments = axios.create({ baseURL: 'https://payments.internal', timeout: 5_000 });
axiosRetry(payments, { retries: 3, retryCondition: isNetworkError, retryDelay: axiosRetry.exponentialDelay });
export async function pay(orderId: string) {
  const { data } = await payments.post('/payments', { orderId });
  return data;
}`,
      errors: [{ messageId: 'missingKey', line: 6, text: 'payments.post' }],
      output: `import axios from 'axios';
import axiosRetry, { isNetworkError } from 'axios-retry';
const payments = axios.create({ baseURL: 'https://payments.internal', timeout: 5_000 });
axiosRetry(payments, { retries: 3, retryCondition: isNetworkError, retryDelay: axiosRetry.exponentialDelay });
export async function pay(orderId: string) {
  ${KEY}
  const { data } = await payments.post('/payments', { orderId });
  return data;
}`.replace("payments.post('/payments', { orderId });", "payments.post('/payments', { orderId }, { headers: { 'Idempotency-Key': idempotencyKey } });"),
    },
    {
      name: 'axios-retry with a condition of its own that ignores the method',
      code: `import axios from 'axios';
import axiosRetry from 'axios-retry';
axiosRetry(axios, { retries: 3, retryCondition: (error) => (error.response?.status ?? 500) >= 500 });
export const pay = (orderId: string) => axios.post('https://payments.internal/payments', { orderId });`,
      errors: [{ messageId: 'missingKey', line: 4, text: 'axios.post' }],
      output: null,
    },
    {
      name: 'got with POST in retry.methods',
      code: `import got from 'got';
export async function pay(orderId: string) {
  return got.post('https://payments.internal/payments', { json: { orderId }, retry: { limit: 2, methods: ['POST'] } }).json();
}`,
      errors: [{ messageId: 'missingKey', line: 3, text: 'got.post' }],
      output: `import got from 'got';
export async function pay(orderId: string) {
  ${KEY}
  return got.post('https://payments.internal/payments', { json: { orderId }, retry: { limit: 2, methods: ['POST'] }, headers: { 'Idempotency-Key': idempotencyKey } }).json();
}`,
    },
    {
      name: 'a ky instance that retries post',
      code: `import ky from 'ky';
const payments = ky.create({ prefixUrl: 'https://payments.internal', retry: { limit: 2, methods: ['post'] } });
export async function pay(orderId: string) {
  return payments.post('payments', { json: { orderId } }).json();
}`,
      errors: [{ messageId: 'missingKey', line: 4, text: 'payments.post' }],
      output: `import ky from 'ky';
const payments = ky.create({ prefixUrl: 'https://payments.internal', retry: { limit: 2, methods: ['post'] } });
export async function pay(orderId: string) {
  ${KEY}
  return payments.post('payments', { json: { orderId }, headers: { 'Idempotency-Key': idempotencyKey } }).json();
}`,
    },
    {
      name: 'a function run by a retry wrapper: no place for the key outside the retry, so no fix',
      code: `${HELPER}
async function createOrder(body: string) {
  return fetch('https://orders.internal/orders', { method: 'POST', body });
}
export const place = (body: string) => retryWithBackoff(() => createOrder(body));`,
      errors: [{ messageId: 'missingKey', line: 6, text: 'fetch' }],
      output: null,
    },
    {
      name: "the wrapper is an arrow's expression body: no statement to put the key before",
      code: `${HELPER}
export const pay = (orderId: string) => retryWithBackoff(() => fetch('https://payments.internal/payments', { method: 'POST', body: orderId }));`,
      errors: [{ messageId: 'missingKey', text: 'fetch' }],
      output: null,
    },
    {
      name: 'the name is taken: idempotencyKey2, and the imported randomUUID',
      code: `import { randomUUID } from 'node:crypto';
import pRetry from 'p-retry';
const crypto = { hash: (s: string) => s };
export async function pay(orderId: string, idempotencyKey: string) {
  await pRetry(() => fetch('https://payments.internal/payments', { method: 'POST', body: orderId }));
}`,
      errors: [{ messageId: 'missingKey', line: 5, text: 'fetch' }],
      output: `import { randomUUID } from 'node:crypto';
import pRetry from 'p-retry';
const crypto = { hash: (s: string) => s };
export async function pay(orderId: string, idempotencyKey: string) {
  const idempotencyKey2 = randomUUID(); // one key for every attempt: the server performs this write once
  await pRetry(() => fetch('https://payments.internal/payments', { method: 'POST', body: orderId, headers: { 'Idempotency-Key': idempotencyKey2 } }));
}`,
    },
    {
      name: 'the pattern helper newIdempotencyKey is used when present (JavaScript, double quotes)',
      filename: JS,
      code: `const { retryWithBackoff } = require("./resilience");
function newIdempotencyKey() {
  return globalThis.crypto.randomUUID();
}
async function refund(paymentId) {
  await retryWithBackoff(() => fetch(\`https://payments.internal/payments/\${paymentId}/refunds\`, { method: "POST" }));
}
module.exports = { refund };`,
      errors: [{ messageId: 'missingKey', line: 6, text: 'fetch' }],
      output: `const { retryWithBackoff } = require("./resilience");
function newIdempotencyKey() {
  return globalThis.crypto.randomUUID();
}
async function refund(paymentId) {
  const idempotencyKey = newIdempotencyKey(); // one key for every attempt: the server performs this write once
  await retryWithBackoff(() => fetch(\`https://payments.internal/payments/\${paymentId}/refunds\`, { method: "POST", headers: { "Idempotency-Key": idempotencyKey } }));
}
module.exports = { refund };`,
    },
    {
      name: 'a recursive retry: no fix',
      code: `import axios from 'axios';
export async function send(event: object, attempt = 0): Promise<unknown> {
  try {
    return await axios.post('https://events.internal/', event);
  } catch (error) {
    if (attempt >= 3) throw error;
    return send(event, attempt + 1);
  }
}`,
      errors: [{ messageId: 'missingKey', line: 4, text: 'axios.post' }],
      output: null,
    },
    {
      name: 'a cockatiel 2 policy built with Policy.handleAll().retry()',
      code: `import axios from 'axios';
import { Policy } from 'cockatiel';
const resilient = Policy.handleAll().retry().attempts(3).exponential();
export async function pay(orderId: string) {
  await resilient.execute(() => axios.post('https://payments.internal/payments', { orderId }));
}`,
      errors: [{ messageId: 'missingKey', line: 5, text: 'axios.post' }],
      output: `import axios from 'axios';
import { Policy } from 'cockatiel';
const resilient = Policy.handleAll().retry().attempts(3).exponential();
export async function pay(orderId: string) {
  ${KEY}
  await resilient.execute(() => axios.post('https://payments.internal/payments', { orderId }, { headers: { 'Idempotency-Key': idempotencyKey } }));
}`,
    },
    {
      name: 'axios(config) with method post in a retry',
      code: `import axios from 'axios';
import pRetry from 'p-retry';
export async function pay(orderId: string) {
  await pRetry(() => axios({ method: 'post', url: 'https://payments.internal/payments', data: { orderId } }));
}`,
      errors: [{ messageId: 'missingKey', line: 4, text: 'axios' }],
      output: `import axios from 'axios';
import pRetry from 'p-retry';
export async function pay(orderId: string) {
  ${KEY}
  await pRetry(() => axios({ method: 'post', url: 'https://payments.internal/payments', data: { orderId }, headers: { 'Idempotency-Key': idempotencyKey } }));
}`,
    },
  ],
});

checkFixtures(rule, __dirname, {
  // Line 27: refunds are retried by the cockatiel policy without a key; charge() has one; the GET and the unretried capture are fine.
  'payments-client.ts': { findings: [[27, 'missingKey', 'payments.post']], dependencies: ['axios', 'cockatiel'] },
  // Line 14: the hand-written retry loop re-sends the event; the fix declares the key before the loop.
  'order-events.js': { findings: [[14, 'missingKey', 'axios.post']] },
});
