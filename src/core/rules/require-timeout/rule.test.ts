import { checkFixtures, type ExpectedFinding } from '../fixtureTesting';
import { runRuleTests } from '../ruleTester';
import rule from './rule';

const JS = '/project/src/client.js';

runRuleTests(rule, {
  valid: [
    {
      name: "a call in a branch that runs only when NODE_ENV is 'development'",
      code: `export async function tunnelUrl(fallback: string) {
  if (process.env.NODE_ENV === 'development' && !process.env.PUBLIC_URL) {
    const response = await fetch('http://localhost:2022/.well-known/tunnel');
    return (await response.json()).url;
  }
  if ('production' != process.env.NODE_ENV) await fetch('http://localhost:2022/ping');
  return fallback;
}`,
    },
    {
      name: 'a script in the scripts/ folder of its project',
      filename: '/project/scripts/changelog.ts',
      projectRoot: '/project',
      code: `const releases = await fetch('https://api.github.com/repos/acme/shop/releases');`,
    },
    {
      name: 'a command-line package: it prompts its user and serves nothing',
      dependencies: ['commander', 'inquirer', 'axios'],
      code: `import axios from 'axios';
export const downloadTemplate = (url: string) => axios.get(url, { responseType: 'stream' });`,
    },
    {
      name: 'fetch with AbortSignal.timeout',
      code: `export const load = (url: string) => fetch(url, { signal: AbortSignal.timeout(2_000) });`,
    },
    {
      name: 'fetch with the signal the caller passed (shorthand)',
      code: `
export async function load(url: string, signal: AbortSignal) {
  return fetch(url, { method: 'POST', signal });
}`,
    },
    {
      name: 'fetch with an AbortController signal',
      code: `
const controller = new AbortController();
setTimeout(() => controller.abort(), 5_000);
await fetch('https://ledger.internal/health', { signal: controller.signal });`,
    },
    {
      name: 'options in a variable: cannot be read, never reported',
      code: `export const send = (url: string, init: RequestInit) => fetch(url, init);`,
    },
    {
      name: 'options spread from elsewhere',
      code: `export const send = (url: string) => fetch(url, { ...defaults, method: 'POST' });`,
    },
    {
      name: 'options built by a function call',
      code: `export const send = (url: string) => fetch(url, withDeadline({ method: 'POST' }));`,
    },
    {
      name: 'a parameter named fetch shadows the global',
      code: `
export function makeLoader(fetch: (url: string) => Promise<Response>) {
  return (url: string) => fetch(url);
}`,
    },
    {
      name: 'a parameter named axios shadows the import',
      code: `
import axios from 'axios';
export function load(axios: { get(url: string): Promise<unknown> }) {
  return axios.get('/orders');
}`,
    },
    {
      name: 'a client imported from another module is unknown',
      code: `
import { api } from './http';
export const getOrder = (id: string) => api.get(\`/orders/\${id}\`);`,
    },
    {
      name: 'timeout on the shared axios instance',
      code: `
import axios from 'axios';
const billing = axios.create({ baseURL: 'https://billing.internal', timeout: 5_000 });
export const charge = (body: unknown) => billing.post('/charges', body);
export const refund = (id: string) => billing?.delete(\`/charges/\${id}\`);`,
    },
    {
      name: 'instance defaults assigned after the calls',
      code: `
import axios from 'axios';
const billing = axios.create({ baseURL: 'https://billing.internal' });
export const charge = (body: unknown) => billing.post('/charges', body);
billing.defaults.timeout = 5_000;`,
    },
    {
      name: 'axios.defaults.timeout set anywhere in the file',
      code: `
const axios = require('axios');
async function getUser(id) {
  const { data } = await axios.get('/users/' + id);
  return data;
}
axios.defaults.timeout = 3000;
module.exports = { getUser };`,
      filename: JS,
    },
    {
      name: 'instance created from a config variable',
      code: `
import axios from 'axios';
const api = axios.create(config);
export const list = () => api.get('/items');`,
    },
    {
      name: 'instance created from a spread config',
      code: `
import axios from 'axios';
const api = axios.create({ ...baseConfig, baseURL: '/v2' });
export const list = () => api.get('/items');`,
    },
    {
      name: 'axios(x): x may be a URL or a config with a timeout',
      code: `
import axios from 'axios';
export const send = (request) => axios(request);`,
    },
    {
      name: 'axios timeout from a constant and a cancel token',
      code: `
import axios from 'axios';
const TIMEOUT_MS = 2_000;
await axios.get<Invoice>('/invoices/1', { timeout: TIMEOUT_MS });
await axios.post('/invoices', body, { cancelToken: source.token });`,
    },
    {
      name: 'spread arguments are not read',
      code: `
import axios from 'axios';
export const get = (...args: [string]) => axios.get(...args);`,
    },
    {
      name: 'got with a request timeout, and a got.extend instance with one',
      code: `
import got from 'got';
const inventory = got.extend({ prefixUrl: 'https://inventory.internal', timeout: { request: 2_000 } });
export const stock = (sku: string) => inventory.get(\`stock/\${sku}\`).json();
export const reserve = (sku: string) => got.post('https://inventory.internal/reserve', { json: { sku }, timeout: { request: 1_000 } });`,
    },
    {
      name: 'undici request with headersTimeout, and a global dispatcher for fetch',
      code: `
import { request, setGlobalDispatcher, Agent } from 'undici';
await request('https://a.internal', { headersTimeout: 2_000, bodyTimeout: 2_000 });
await fetch('https://b.internal');
setGlobalDispatcher(new Agent({ headersTimeout: 5_000, bodyTimeout: 5_000 }));`,
    },
    {
      name: 'node:https with timeout and signal options',
      code: `
import https from 'node:https';
https.get('https://a.internal', { timeout: 2_000 }, (res) => res.resume());
https.request({ hostname: 'b.internal', method: 'POST', signal }, (res) => res.resume()).end();`,
    },
    {
      name: 'node:http with setTimeout chained or on the variable holding the request',
      code: `
const http = require('node:http');
function ping() {
  http.get('http://orders.internal/health', (res) => res.resume()).setTimeout(2000);
}
function post(body) {
  const req = http.request('http://orders.internal/new', (res) => res.resume());
  req.setTimeout(2000, () => req.destroy());
  req.end(body);
}`,
      filename: JS,
    },
    {
      name: 'got(x) with an untyped parameter: a URL or options with a timeout',
      code: `
const got = require('got');
module.exports.load = (target) => got(target).json();`,
      filename: JS,
    },
    {
      name: 'node:http options in a variable',
      code: `
import http from 'http';
export const send = (options: http.RequestOptions) => http.request(options, (res) => res.resume()).end();`,
    },
    {
      name: "ky keeps its default 10 s timeout; a ky instance with a timeout",
      code: `
import ky from 'ky';
const api = ky.create({ prefixUrl: 'https://api.internal', timeout: 5_000 });
export const user = (id: string) => ky.get(\`https://api.internal/users/\${id}\`).json();
export const team = (id: string) => api.get(\`teams/\${id}\`, { timeout: 2_000 }).json();`,
    },
    {
      name: 'superagent with .timeout in the chain',
      code: `
import superagent from 'superagent';
await superagent.post('https://a.internal').send(body).timeout({ deadline: 5_000 });
superagent.get('https://a.internal').timeout(2_000).end((err, res) => {});`,
    },
    {
      name: 'superagent request stored for later: its timeout may be set elsewhere',
      code: `
import superagent from 'superagent';
export function build(url: string) {
  const req = superagent.get(url);
  return req;
}`,
    },
    {
      name: 'bare calls in a test file (mocked clients)',
      code: `
import axios from 'axios';
it('loads', async () => { await axios.get('/x'); await fetch('/y'); });`,
      filename: '/project/src/orders.test.ts',
    },
    {
      name: 'bare calls under __tests__',
      code: `
const axios = require('axios');
test('loads', async () => { await axios.get('/x'); });`,
      filename: '/project/src/__tests__/orders.js',
    },
    {
      name: 'calls that are not requests, and request text in strings and comments',
      code: `
import axios from 'axios';
const cache = new Map<string, string>();
cache.get('k');
const uri = axios.getUri({ url: '/x' });
if (axios.isCancel(error)) log('axios.get(url) was cancelled');
// await fetch(url)`,
    },
    {
      name: 'fetch of a Request object that may carry its own signal',
      code: `
const request = new Request('https://a.internal', { signal: AbortSignal.timeout(1_000) });
await fetch(request);`,
    },
    {
      name: 'wrappers that bound the call: withTimeout, pTimeout, Promise.race',
      code: `
import axios from 'axios';
import pTimeout from 'p-timeout';
export const a = () => withTimeout(async () => (await fetch('https://a.internal')).json(), 2_000);
export const b = () => pTimeout(axios.get('/b'), { milliseconds: 2_000 });
export const c = () => Promise.race([fetch('https://c.internal'), sleep(2_000).then(() => { throw new Error('timeout'); })]);`,
    },
    {
      name: 'options held by a const that is mentioned again, or may change, or is shared',
      code: `
import axios from 'axios';
export const shared = { headers: { accept: 'json' } };
export async function a(body: unknown) {
  const config = { headers: { accept: 'json' } };
  config.timeout = 5_000;
  return axios.post('https://a.internal', body, config);
}
export async function b(body: unknown) {
  let config = { headers: {} };
  config = withDeadline(config);
  return axios.post('https://b.internal', body, config);
}
export async function c(body: unknown) {
  const config = { headers: {} };
  sign(config);
  return axios.post('https://c.internal', body, config);
}
export async function d(body: unknown) {
  const config = { headers: {} };
  await axios.post('https://d.internal/one', body, config);
  return axios.post('https://d.internal/two', body, config);
}
export const e = (body: unknown) => axios.post('https://e.internal', body, shared);
export async function f(body: unknown) {
  const config = { headers: {}, timeout: 2_000 };
  return axios.post('https://f.internal', body, config);
}`,
    },
    {
      name: 'a wrapper around callbacks of other calls, and around a new Promise',
      code: `
export const all = (ids: string[]) => withDeadline(() => Promise.all(ids.map((id) => fetch(\`https://a.internal/\${id}\`))), 2_000);
export const once = () => withTimeout(() => new Promise((resolve) => resolve(fetch('https://b.internal'))), 2_000);`,
    },
    {
      name: 'a request interceptor that sets the timeout or a signal',
      code: `
import axios from 'axios';
const api = axios.create({ baseURL: '/api' });
api.interceptors.request.use((config) => ({ ...config, signal: AbortSignal.timeout(budget()) }));
axios.interceptors.request.use(applyDeadline);
export const me = () => api.get('/me');
export const health = () => axios.get('/health');`,
    },
    {
      name: 'timeout: undefined on a call falls back to the instance default',
      code: `
import axios from 'axios';
const api = axios.create({ timeout: 2_000 });
export const me = (timeout?: number) => api.get('/me', { timeout: undefined });`,
    },
    {
      name: 'a method on this: the client is unknown',
      code: `
import axios from 'axios';
class Orders {
  constructor(private readonly http = axios.create({ timeout: 1_000 })) {}
  list() { return this.http.get('/orders'); }
}`,
    },
  ],
  invalid: [
    {
      name: 'options held by a const used only by this call: the timeout goes into the const',
      code: `import axios from 'axios';
export async function exchange(code: string) {
  const config = {
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
  };
  const res = await axios.post('https://slack.com/api/oauth.v2.access', { code }, config);
  return res.data;
}`,
      errors: [{ messageId: 'axios', line: 6, text: 'axios.post' }],
      output: `import axios from 'axios';
export async function exchange(code: string) {
  const config = {
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    timeout: 10_000,
  };
  const res = await axios.post('https://slack.com/api/oauth.v2.access', { code }, config);
  return res.data;
}`,
    },
    {
      name: 'a named function inside a wrapper: the wrapper bounds the call of the function, not where else it is used',
      code: `export const load = () => withTimeout(async () => {
  async function fetchPrices() { return fetch('https://prices.internal'); }
  return fetchPrices();
}, 2_000);
export const notAWrapper = () => items.map(() => fetch('https://items.internal'));`,
      errors: [
        { messageId: 'fetch', line: 2, text: 'fetch' },
        { messageId: 'fetch', line: 5, text: 'fetch' },
      ],
      output: `export const load = () => withTimeout(async () => {
  async function fetchPrices() { return fetch('https://prices.internal', { signal: AbortSignal.timeout(10_000) }); }
  return fetchPrices();
}, 2_000);
export const notAWrapper = () => items.map(() => fetch('https://items.internal', { signal: AbortSignal.timeout(10_000) }));`,
    },
    {
      name: "a production branch, and the else branch of a development check",
      code: `export async function tunnelUrl() {
  if (process.env.NODE_ENV === 'production') await fetch('https://api.internal/warm');
  if (process.env.NODE_ENV === 'development') return 'http://localhost:3000';
  else return (await fetch('https://api.internal/tunnel')).text();
}`,
      errors: [
        { messageId: 'fetch', line: 2, text: 'fetch' },
        { messageId: 'fetch', line: 4, text: 'fetch' },
      ],
      output: `export async function tunnelUrl() {
  if (process.env.NODE_ENV === 'production') await fetch('https://api.internal/warm', { signal: AbortSignal.timeout(10_000) });
  if (process.env.NODE_ENV === 'development') return 'http://localhost:3000';
  else return (await fetch('https://api.internal/tunnel', { signal: AbortSignal.timeout(10_000) })).text();
}`,
    },
    {
      name: 'a prompt library next to a server framework: the package is a service',
      dependencies: ['express', 'inquirer'],
      code: `export const loadPrices = (url: string) => fetch(url);`,
      errors: [{ messageId: 'fetch', line: 1, text: 'fetch' }],
      output: `export const loadPrices = (url: string) => fetch(url, { signal: AbortSignal.timeout(10_000) });`,
    },
    {
      name: 'a scripts/ folder above the project root says nothing',
      filename: '/srv/scripts/shop/src/client.ts',
      projectRoot: '/srv/scripts/shop',
      code: `export const load = (url: string) => fetch(url);`,
      errors: [{ messageId: 'fetch', line: 1, text: 'fetch' }],
      output: `export const load = (url: string) => fetch(url, { signal: AbortSignal.timeout(10_000) });`,
    },
    {
      name: 'fetch without options',
      code: `export const load = (url: string) => fetch(url);`,
      errors: [{ messageId: 'fetch', line: 1, text: 'fetch' }],
      output: `export const load = (url: string) => fetch(url, { signal: AbortSignal.timeout(10_000) });`,
    },
    {
      name: 'fetch with a one-line options object',
      code: `await fetch('https://a.internal/orders', { method: 'POST', body });`,
      errors: [{ messageId: 'fetch', text: 'fetch' }],
      output: `await fetch('https://a.internal/orders', { method: 'POST', body, signal: AbortSignal.timeout(10_000) });`,
    },
    {
      name: 'fetch with a multi-line options object and a trailing comma',
      code: `
async function create(order: Order) {
  const res = await fetch(\`\${BASE}/orders\`, {
    method: 'POST',
    body: JSON.stringify(order), // the whole order
  });
  return res.json();
}`,
      errors: [{ messageId: 'fetch', line: 3, text: 'fetch' }],
      output: `
async function create(order: Order) {
  const res = await fetch(\`\${BASE}/orders\`, {
    method: 'POST',
    body: JSON.stringify(order), // the whole order
    signal: AbortSignal.timeout(10_000),
  });
  return res.json();
}`,
    },
    {
      name: 'fetch with a multi-line options object without a trailing comma (JavaScript)',
      code: `
fetch(url, {
  method: 'PUT',
  headers: { 'content-type': 'application/json' }
});`,
      filename: JS,
      errors: [{ messageId: 'fetch', line: 2 }],
      output: `
fetch(url, {
  method: 'PUT',
  headers: { 'content-type': 'application/json' },
  signal: AbortSignal.timeout(10_000)
});`,
    },
    {
      name: 'globalThis.fetch and an empty options object',
      code: `await globalThis.fetch('https://a.internal', {});`,
      errors: [{ messageId: 'fetch', text: 'globalThis.fetch' }],
      output: `await globalThis.fetch('https://a.internal', { signal: AbortSignal.timeout(10_000) });`,
    },
    {
      name: 'node-fetch required in JavaScript',
      code: `
const fetch = require('node-fetch');
module.exports.health = () => fetch('http://ledger.internal/health');`,
      filename: JS,
      errors: [{ messageId: 'nodeFetch', line: 3, text: 'fetch' }],
      output: `
const fetch = require('node-fetch');
module.exports.health = () => fetch('http://ledger.internal/health', { signal: AbortSignal.timeout(10_000) });`,
    },
    {
      name: 'await axios.get<T>(url) with destructuring (the await-generic parse shape)',
      code: `
import axios from 'axios';
export default async function handler(id: string) {
  const { data } = await axios.get<Invoice>(\`/invoices/\${id}\`);
  return data;
}`,
      errors: [{ messageId: 'axios', line: 4, text: 'axios.get' }],
      output: `
import axios from 'axios';
export default async function handler(id: string) {
  const { data } = await axios.get<Invoice>(\`/invoices/\${id}\`, { timeout: 10_000 });
  return data;
}`,
    },
    {
      name: 'axios.post: config is the third argument, padded when the body is missing',
      code: `
import axios from 'axios';
await axios.post('/orders', order);
await axios.post('/ping');`,
      errors: [
        { messageId: 'axios', line: 3, text: 'axios.post' },
        { messageId: 'axios', line: 4, text: 'axios.post' },
      ],
      output: `
import axios from 'axios';
await axios.post('/orders', order, { timeout: 10_000 });
await axios.post('/ping', undefined, { timeout: 10_000 });`,
    },
    {
      name: 'axios.put with its arguments on separate lines',
      code: `
import axios from 'axios';
await axios.put(
  \`/orders/\${id}\`,
  order,
);
await axios.patch(
  '/orders/2',
  { status: 'paid' }
);`,
      errors: [
        { messageId: 'axios', line: 3, text: 'axios.put' },
        { messageId: 'axios', line: 7, text: 'axios.patch' },
      ],
      output: `
import axios from 'axios';
await axios.put(
  \`/orders/\${id}\`,
  order,
  { timeout: 10_000 },
);
await axios.patch(
  '/orders/2',
  { status: 'paid' },
  { timeout: 10_000 }
);`,
    },
    {
      name: 'axios.get with a config that has no timeout, through an alias',
      code: `
import http from 'axios';
await http.get('/orders', { headers: { accept: 'application/json' } });`,
      errors: [{ messageId: 'axios', text: 'http.get' }],
      output: `
import http from 'axios';
await http.get('/orders', { headers: { accept: 'application/json' }, timeout: 10_000 });`,
    },
    {
      name: 'axios(config), axios(url) and axios.request(config)',
      code: `
import axios from 'axios';
await axios({ url: '/orders', method: 'post', data: order });
await axios('/orders');
await axios.request({ url: '/orders' });`,
      errors: [
        { messageId: 'axios', line: 3, text: 'axios' },
        { messageId: 'axios', line: 4, text: 'axios' },
        { messageId: 'axios', line: 5, text: 'axios.request' },
      ],
      output: `
import axios from 'axios';
await axios({ url: '/orders', method: 'post', data: order, timeout: 10_000 });
await axios('/orders', { timeout: 10_000 });
await axios.request({ url: '/orders', timeout: 10_000 });`,
    },
    {
      name: 'axios timeout: 0 is no timeout, even on an instance that has one',
      code: `
import axios from 'axios';
const reports = axios.create({ timeout: 5_000 });
await axios.get('/report', { timeout: 0 });
await reports.get('/export', { timeout: false });`,
      errors: [
        { messageId: 'axiosTimeoutOff', line: 4, text: 'axios.get' },
        { messageId: 'axiosTimeoutOff', line: 5, text: 'reports.get' },
      ],
      output: `
import axios from 'axios';
const reports = axios.create({ timeout: 5_000 });
await axios.get('/report', { timeout: 10_000 });
await reports.get('/export', { timeout: 10_000 });`,
    },
    {
      name: 'an interceptor that only adds headers sets no timeout',
      code: `
import axios from 'axios';
const api = axios.create({ baseURL: '/api' });
api.interceptors.request.use((config) => {
  config.headers.authorization = \`Bearer \${token()}\`;
  return config;
});
export const me = () => api.get('/me');`,
      errors: [{ messageId: 'axios', line: 8, text: 'api.get' }],
      output: `
import axios from 'axios';
const api = axios.create({ baseURL: '/api', timeout: 10_000 });
api.interceptors.request.use((config) => {
  config.headers.authorization = \`Bearer \${token()}\`;
  return config;
});
export const me = () => api.get('/me');`,
    },
    {
      name: 'a callback of setTimeout is not a timeout wrapper',
      code: `setTimeout(async () => { await fetch('https://a.internal/ping'); }, 1_000);`,
      errors: [{ messageId: 'fetch' }],
      output: `setTimeout(async () => { await fetch('https://a.internal/ping', { signal: AbortSignal.timeout(10_000) }); }, 1_000);`,
    },
    {
      name: 'axios.defaults.timeout = 0 does not count',
      code: `
import axios from 'axios';
axios.defaults.timeout = 0;
await axios.delete('/orders/1');`,
      errors: [{ messageId: 'axios', line: 4 }],
      output: `
import axios from 'axios';
axios.defaults.timeout = 0;
await axios.delete('/orders/1', { timeout: 10_000 });`,
    },
    {
      name: 'instance without a timeout: one fix on axios.create clears every call',
      code: `
import axios from 'axios';
const billing = axios.create({
  baseURL: 'https://billing.internal',
  headers: { 'x-service': 'orders' },
});
export const charge = (body: Charge) => billing.post('/charges', body);
export const refund = (id: string) => billing?.delete(\`/charges/\${id}\`);`,
      errors: [
        { messageId: 'axios', line: 7, text: 'billing.post' },
        { messageId: 'axios', line: 8, text: 'billing?.delete' },
      ],
      output: `
import axios from 'axios';
const billing = axios.create({
  baseURL: 'https://billing.internal',
  headers: { 'x-service': 'orders' },
  timeout: 10_000,
});
export const charge = (body: Charge) => billing.post('/charges', body);
export const refund = (id: string) => billing?.delete(\`/charges/\${id}\`);`,
    },
    {
      name: 'instance created with no config, called directly',
      code: `
const axios = require('axios');
const api = axios.create();
module.exports = { list: () => api({ url: '/items' }) };`,
      filename: JS,
      errors: [{ messageId: 'axios', line: 4, text: 'api' }],
      output: `
const axios = require('axios');
const api = axios.create({ timeout: 10_000 });
module.exports = { list: () => api({ url: '/items' }) };`,
    },
    {
      name: 'a call in a class method',
      code: `
import axios from 'axios';
export class OrdersClient {
  async list(): Promise<Order[]> {
    const res = await axios.get<Order[]>('https://orders.internal/orders');
    return res.data;
  }
}`,
      errors: [{ messageId: 'axios', line: 5, text: 'axios.get' }],
      output: `
import axios from 'axios';
export class OrdersClient {
  async list(): Promise<Order[]> {
    const res = await axios.get<Order[]>('https://orders.internal/orders', { timeout: 10_000 });
    return res.data;
  }
}`,
    },
    {
      name: 'got: a call, a call with options, and a got.extend instance',
      code: `
import got from 'got';
const inventory = got.extend({ prefixUrl: 'https://inventory.internal' });
await got('https://a.internal/health');
await got.post('https://a.internal/orders', { json: order });
await inventory.get('stock');`,
      errors: [
        { messageId: 'got', line: 4, text: 'got' },
        { messageId: 'got', line: 5, text: 'got.post' },
        { messageId: 'got', line: 6, text: 'inventory.get' },
      ],
      output: `
import got from 'got';
const inventory = got.extend({ prefixUrl: 'https://inventory.internal', timeout: { request: 10_000 } });
await got('https://a.internal/health', { timeout: { request: 10_000 } });
await got.post('https://a.internal/orders', { json: order, timeout: { request: 10_000 } });
await inventory.get('stock');`,
    },
    {
      name: 'undici request keeps its 300 s defaults',
      code: `
import { request } from 'undici';
const { body } = await request('https://a.internal/orders', { method: 'POST', body: payload });`,
      errors: [{ messageId: 'undici', text: 'request' }],
      output: `
import { request } from 'undici';
const { body } = await request('https://a.internal/orders', { method: 'POST', body: payload, headersTimeout: 10_000, bodyTimeout: 10_000 });`,
    },
    {
      name: "undici's fetch",
      code: `
import { fetch } from 'undici';
await fetch('https://a.internal');`,
      errors: [{ messageId: 'fetch', text: 'fetch' }],
      output: `
import { fetch } from 'undici';
await fetch('https://a.internal', { signal: AbortSignal.timeout(10_000) });`,
    },
    {
      name: 'node:https get with a callback: the options go before it',
      code: `
import https from 'node:https';
https.get('https://a.internal/health', (res) => res.resume());`,
      errors: [{ messageId: 'nodeHttp', text: 'https.get' }],
      output: `
import https from 'node:https';
https.get('https://a.internal/health', { signal: AbortSignal.timeout(10_000) }, (res) => res.resume());`,
    },
    {
      name: 'node:http request with options, and a stored request whose setTimeout is on another request',
      code: `
const http = require('http');
function send(body) {
  const req = http.request({ hostname: 'orders.internal', method: 'POST' }, (res) => res.resume());
  const other = makeRequest();
  other.setTimeout(1000);
  req.end(body);
}`,
      filename: JS,
      errors: [{ messageId: 'nodeHttp', line: 4, text: 'http.request' }],
      output: `
const http = require('http');
function send(body) {
  const req = http.request({ hostname: 'orders.internal', method: 'POST', signal: AbortSignal.timeout(10_000) }, (res) => res.resume());
  const other = makeRequest();
  other.setTimeout(1000);
  req.end(body);
}`,
    },
    {
      name: 'ky timeout: false, per call and on an instance',
      code: `
import ky from 'ky';
const slow = ky.create({ prefixUrl: 'https://reports.internal', timeout: false });
await ky.post('https://a.internal/export', { json: query, timeout: false });`,
      errors: [
        { messageId: 'kyTimeoutDisabled', line: 3, text: 'timeout: false' },
        { messageId: 'kyTimeoutDisabled', line: 4, text: 'timeout: false' },
      ],
      output: `
import ky from 'ky';
const slow = ky.create({ prefixUrl: 'https://reports.internal', timeout: 10_000 });
await ky.post('https://a.internal/export', { json: query, timeout: 10_000 });`,
    },
    {
      name: 'superagent awaited, written over several lines',
      code: `
import superagent from 'superagent';
export async function notify(event: Event) {
  await superagent
    .post('https://hooks.internal/events')
    .set('content-type', 'application/json')
    .send(event);
}`,
      errors: [{ messageId: 'superagent', line: 5, text: 'post' }],
      output: `
import superagent from 'superagent';
export async function notify(event: Event) {
  await superagent
    .post('https://hooks.internal/events')
    .set('content-type', 'application/json')
    .send(event)
    .timeout({ response: 5_000, deadline: 10_000 });
}`,
    },
    {
      name: 'superagent sent with .then and .end: the timeout goes before them',
      code: `
const request = require('superagent');
request.get('https://a.internal/items').query({ page: 1 }).then((res) => res.body);
request('DELETE', 'https://a.internal/items/1').end(() => {});`,
      filename: JS,
      errors: [
        { messageId: 'superagent', line: 3, text: 'request.get' },
        { messageId: 'superagent', line: 4, text: 'request' },
      ],
      output: `
const request = require('superagent');
request.get('https://a.internal/items').query({ page: 1 }).timeout({ response: 5_000, deadline: 10_000 }).then((res) => res.body);
request('DELETE', 'https://a.internal/items/1').timeout({ response: 5_000, deadline: 10_000 }).end(() => {});`,
    },
    {
      name: 'a file whose name merely contains "test" is not a test file',
      code: `export const check = () => fetch('https://contest.internal/entries');`,
      filename: '/project/src/contest.ts',
      errors: [{ messageId: 'fetch' }],
      output: `export const check = () => fetch('https://contest.internal/entries', { signal: AbortSignal.timeout(10_000) });`,
    },
  ],
});

/** Line, message id and underlined text of every finding the rule reports on each realistic service file. */
const realistic: Record<string, ExpectedFinding[]> = {
  'billing-client.ts': [
    [24, 'axios', 'ledger.get'],
    [29, 'axios', 'ledger.post'],
    [43, 'fetch', 'fetch'],
    [61, 'got', 'got.post'],
  ],
  'catalog-service.js': [
    [17, 'axios', 'axios.get'],
    [31, 'nodeHttp', 'get'],
    [47, 'superagent', 'superagent.post'],
  ],
  'notifications.ts': [
    [13, 'undici', 'request'],
    [27, 'kyTimeoutDisabled', 'timeout: false'],
    [35, 'nodeFetch', 'nodeFetch'],
  ],
};

checkFixtures(rule, __dirname, Object.fromEntries(Object.entries(realistic).map(([name, findings]) => [name, { findings }])));
