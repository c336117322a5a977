import * as assert from 'assert';
import * as path from 'path';
import { applyEdits } from '../fixes';
import { extractMarkers, libraryFromFile, loadGrammars, patternChecks } from './testing';

/**
 * rust-analyzer-style assist tests: `check(pattern, before, after)`, with `$0` marking the cursor
 * (or `$0...$0` a selection) and `$1` where a second application of the same pattern goes. The
 * helpers come from a compact fixture library so that the outputs stay readable.
 */

const library = libraryFromFile(path.join(__dirname, 'fixtures', 'compact-patterns.md'));
const JS = '/project/src/service.js';
const { check, checkError, plan } = patternChecks(library);

describe('planPattern', () => {
  before(loadGrammars);

  describe('retry-backoff-jitter', () => {
    it('wraps an awaited call and keeps the await outside', () => {
      check(
        'retry-backoff-jitter',
        `
        import axios from 'axios';

        export async function loadInvoice(id: string) {
          const response = await axios.g$0et(\`/invoices/\${id}\`);
          return response.data;
        }
        `,
        `
        import axios from 'axios';

        async function retryWithBackoff<T>(operation: () => Promise<T>): Promise<T> {
          return operation();
        }

        export async function loadInvoice(id: string) {
          const response = await retryWithBackoff(() => axios.get(\`/invoices/\${id}\`));
          return response.data;
        }
        `,
      );
    });

    it('handles `await axios.get<T>(url)`, which tree-sitter parses with the await inside the callee', () => {
      check(
        'retry-backoff-jitter',
        `
        import axios from 'axios';

        interface Invoice { id: string }

        export async function loadInvoice(url: string): Promise<Invoice> {
          const { data } = await axios.get<Invoice>(u$0rl);
          return data;
        }
        `,
        `
        import axios from 'axios';

        async function retryWithBackoff<T>(operation: () => Promise<T>): Promise<T> {
          return operation();
        }

        interface Invoice { id: string }

        export async function loadInvoice(url: string): Promise<Invoice> {
          const { data } = await retryWithBackoff(() => axios.get<Invoice>(url));
          return data;
        }
        `,
      );
    });

    it('wraps a returned call that is not awaited, in a file without imports', () => {
      check(
        'retry-backoff-jitter',
        `
        export function ping(url: string) {
          return fet$0ch(url);
        }
        `,
        `
        async function retryWithBackoff<T>(operation: () => Promise<T>): Promise<T> {
          return operation();
        }

        export function ping(url: string) {
          return retryWithBackoff(() => fetch(url));
        }
        `,
      );
    });

    it('wraps a call inside a class method, keeping `this`', () => {
      check(
        'retry-backoff-jitter',
        `
        import { HttpClient } from './http';

        export class BillingService {
          constructor(private readonly http: HttpClient) {}

          async charge(orderId: string): Promise<void> {
            await this.http.po$0st('/charges', { orderId });
          }
        }
        `,
        `
        import { HttpClient } from './http';

        async function retryWithBackoff<T>(operation: () => Promise<T>): Promise<T> {
          return operation();
        }

        export class BillingService {
          constructor(private readonly http: HttpClient) {}

          async charge(orderId: string): Promise<void> {
            await retryWithBackoff(() => this.http.post('/charges', { orderId }));
          }
        }
        `,
      );
    });

    it('keeps the indentation of a multi-line call', () => {
      check(
        'retry-backoff-jitter',
        `
        import axios from 'axios';

        export async function createOrder(order: { id: string }) {
          const response = await axios.$0post(
            '/orders',
            order,
            { headers: { 'content-type': 'application/json' } },
          );
          return response.status;
        }
        `,
        `
        import axios from 'axios';

        async function retryWithBackoff<T>(operation: () => Promise<T>): Promise<T> {
          return operation();
        }

        export async function createOrder(order: { id: string }) {
          const response = await retryWithBackoff(() => axios.post(
            '/orders',
            order,
            { headers: { 'content-type': 'application/json' } },
          ));
          return response.status;
        }
        `,
      );
    });

    it('inserts the helper once when applied to two calls of a file', () => {
      check(
        'retry-backoff-jitter',
        `
        import axios from 'axios';

        export async function listOrders() {
          return axios.get$0('/orders');
        }

        export async function listRefunds() {
          return axios.get$1('/refunds');
        }
        `,
        `
        import axios from 'axios';

        async function retryWithBackoff<T>(operation: () => Promise<T>): Promise<T> {
          return operation();
        }

        export async function listOrders() {
          return retryWithBackoff(() => axios.get('/orders'));
        }

        export async function listRefunds() {
          return retryWithBackoff(() => axios.get('/refunds'));
        }
        `,
      );
    });

    it('refuses to wrap a call that already goes through the helper', () => {
      checkError(
        'retry-backoff-jitter',
        `
        import axios from 'axios';

        async function retryWithBackoff<T>(operation: () => Promise<T>): Promise<T> {
          return operation();
        }

        export async function listOrders() {
          return retryWithBackoff(() => axios.get$0('/orders'));
        }
        `,
        /already goes through `retryWithBackoff`/,
      );
    });

    it('uses a helper the file imports instead of inserting one', () => {
      check(
        'retry-backoff-jitter',
        `
        import axios from 'axios';
        import { retryWithBackoff } from './resilience';

        export const listOrders = () => axios.get('/or$0ders');
        `,
        `
        import axios from 'axios';
        import { retryWithBackoff } from './resilience';

        export const listOrders = () => retryWithBackoff(() => axios.get('/orders'));
        `,
      );
    });

    it('goes after `use strict` and the requires of a CommonJS file, with types stripped', () => {
      check(
        'retry-backoff-jitter',
        `
        'use strict';

        const axios = require('axios');
        const { promisify } = require('util');
        async function load(url) {
          const response = await axios.get($0url);
          return response.data;
        }

        module.exports = { load, promisify };
        `,
        `
        'use strict';

        const axios = require('axios');
        const { promisify } = require('util');

        async function retryWithBackoff(operation) {
          return operation();
        }

        async function load(url) {
          const response = await retryWithBackoff(() => axios.get(url));
          return response.data;
        }

        module.exports = { load, promisify };
        `,
        JS,
      );
    });

    it('goes after a shebang, a header comment and the imports, leaving a doc comment with its function', () => {
      check(
        'retry-backoff-jitter',
        `
        #!/usr/bin/env node
        // Ledger health checks. Copyright the authors.

        import fetch from 'node-fetch'; // v2, for Node 16

        /** Pings the ledger. */
        export async function ping(url) {
          return fetch$0(url);
        }
        `,
        `
        #!/usr/bin/env node
        // Ledger health checks. Copyright the authors.

        import fetch from 'node-fetch'; // v2, for Node 16

        async function retryWithBackoff(operation) {
          return operation();
        }

        /** Pings the ledger. */
        export async function ping(url) {
          return retryWithBackoff(() => fetch(url));
        }
        `,
        JS,
      );
    });

    it('goes after a header comment, not between a doc comment and its function', () => {
      check(
        'retry-backoff-jitter',
        `
        // Ledger health checks.

        /** Pings the ledger. */
        async function ping(url) { return fetch($0url); }
        `,
        `
        // Ledger health checks.

        async function retryWithBackoff(operation) {
          return operation();
        }

        /** Pings the ledger. */
        async function ping(url) { return retryWithBackoff(() => fetch(url)); }
        `,
        JS,
      );
    });

    it('wraps the whole chain when the cursor is on the call that produces the callee', () => {
      check(
        'retry-backoff-jitter',
        `
        import { getClient } from './client';

        export async function load(url: string) {
          return getCl$0ient().get(url);
        }
        `,
        `
        import { getClient } from './client';

        async function retryWithBackoff<T>(operation: () => Promise<T>): Promise<T> {
          return operation();
        }

        export async function load(url: string) {
          return retryWithBackoff(() => getClient().get(url));
        }
        `,
      );
    });

    it('makes the arrow async when the call awaits inside its arguments', () => {
      check(
        'retry-backoff-jitter',
        `
        import { retryWithBackoff } from './resilience';

        export async function submit(url: string) {
          return fet$0ch(url, { method: 'POST', body: await buildBody() });
        }
        `,
        `
        import { retryWithBackoff } from './resilience';

        export async function submit(url: string) {
          return retryWithBackoff(async () => fetch(url, { method: 'POST', body: await buildBody() }));
        }
        `,
      );
    });

    it('wraps a selected expression, keeping a selected await outside', () => {
      check(
        'retry-backoff-jitter',
        `
        import { retryWithBackoff } from './resilience';

        export async function load(url: string) {
          const body = $0await fetch(url)$0;
          return body;
        }
        `,
        `
        import { retryWithBackoff } from './resilience';

        export async function load(url: string) {
          const body = await retryWithBackoff(() => fetch(url));
          return body;
        }
        `,
      );
    });

    it('wraps a selection of a generic call without its await', () => {
      check(
        'retry-backoff-jitter',
        `
        import axios from 'axios';
        import { retryWithBackoff } from './resilience';

        export async function load(url: string) {
          return (await $0axios.get<string>(url)$0).data;
        }
        `,
        `
        import axios from 'axios';
        import { retryWithBackoff } from './resilience';

        export async function load(url: string) {
          return (await retryWithBackoff(() => axios.get<string>(url))).data;
        }
        `,
      );
    });

    it('keeps Windows line ends', () => {
      const before = "import axios from 'axios';\r\n\r\nexport const load = () => axios.get$0('/a');\r\n";
      const { code, selection } = extractMarkers(before);
      const result = plan('retry-backoff-jitter', code, selection);
      if ('error' in result) assert.fail(result.error);
      assert.strictEqual(
        applyEdits(code, result.edits),
        "import axios from 'axios';\r\n\r\nasync function retryWithBackoff<T>(operation: () => Promise<T>): Promise<T> {\r\n  return operation();\r\n}\r\n\r\nexport const load = () => retryWithBackoff(() => axios.get('/a'));\r\n",
      );
    });

    it('takes the awaited call when the cursor is on `await`', () => {
      check(
        'retry-backoff-jitter',
        `
        import { retryWithBackoff } from './resilience';

        export const load = async (url: string) => (aw$0ait fetch(url)).json();
        `,
        `
        import { retryWithBackoff } from './resilience';

        export const load = async (url: string) => (await retryWithBackoff(() => fetch(url))).json();
        `,
      );
    });

    it('explains when the cursor is not on a call', () => {
      checkError('retry-backoff-jitter', `export const RETRIES$0 = 3;`, /no call under the cursor/);
    });

    it('does not take a callback body for the call that receives the callback', () => {
      checkError(
        'retry-backoff-jitter',
        `
        app.get('/orders/:id', async (req, res) => {
          const id = req.params.i$0d;
          res.send(id);
        });
        `,
        /no call under the cursor/,
      );
    });

    it('explains when the selection is not a whole expression', () => {
      checkError('retry-backoff-jitter', `export const load = () => $0axios.ge$0t('/a');`, /not a whole expression/);
      checkError('retry-backoff-jitter', `$0export const load = () => axios.get('/a');$0`, /not a whole expression/);
    });

    it('explains when a selection makes no call', () => {
      checkError('retry-backoff-jitter', `export const url = $0base + '/orders'$0;`, /makes no call/);
    });

    it('refuses when the helper name means something local at the call', () => {
      checkError(
        'retry-backoff-jitter',
        `
        export async function load(retryWithBackoff: unknown, url: string) {
          return fetch$0(url);
        }
        `,
        /`retryWithBackoff` is a local parameter here/,
      );
    });
  });

  describe('circuit-breaker', () => {
    it('names the breaker after the dependency and declares it once, after the helper', () => {
      check(
        'circuit-breaker',
        `
        import axios from 'axios';

        export async function loadInvoice(id: string) {
          const response = await axios.get$0(\`/invoices/\${id}\`);
          return response.data;
        }
        `,
        `
        import axios from 'axios';

        class CircuitBreaker {
          private failures = 0;

          async execute<T>(operation: () => Promise<T>): Promise<T> {
            return operation();
          }
        }

        const axiosBreaker = new CircuitBreaker();

        export async function loadInvoice(id: string) {
          const response = await axiosBreaker.execute(() => axios.get(\`/invoices/\${id}\`));
          return response.data;
        }
        `,
      );
    });

    it('reuses the breaker of a dependency for its other calls', () => {
      check(
        'circuit-breaker',
        `
        import axios from 'axios';

        export const listOrders = () => axios.get$0('/orders');
        export const createOrder = (order: object) => axios.post$1('/orders', order);
        `,
        `
        import axios from 'axios';

        class CircuitBreaker {
          private failures = 0;

          async execute<T>(operation: () => Promise<T>): Promise<T> {
            return operation();
          }
        }

        const axiosBreaker = new CircuitBreaker();

        export const listOrders = () => axiosBreaker.execute(() => axios.get('/orders'));
        export const createOrder = (order: object) => axiosBreaker.execute(() => axios.post('/orders', order));
        `,
      );
    });

    it('declares a second dependency’s breaker next to the first', () => {
      check(
        'circuit-breaker',
        `
        import axios from 'axios';
        import { billing } from './billing';

        export async function checkout(id: string) {
          await axios.get$0(\`/orders/\${id}\`);
          await billing.char$1ge(id);
        }
        `,
        `
        import axios from 'axios';
        import { billing } from './billing';

        class CircuitBreaker {
          private failures = 0;

          async execute<T>(operation: () => Promise<T>): Promise<T> {
            return operation();
          }
        }

        const axiosBreaker = new CircuitBreaker();
        const billingBreaker = new CircuitBreaker();

        export async function checkout(id: string) {
          await axiosBreaker.execute(() => axios.get(\`/orders/\${id}\`));
          await billingBreaker.execute(() => billing.charge(id));
        }
        `,
      );
    });

    it('names the breaker after the field a method call goes through', () => {
      check(
        'circuit-breaker',
        `
        import { CircuitBreaker } from './resilience';
        import type { BillingClient } from './billing';

        export class CheckoutService {
          constructor(private readonly billing: BillingClient) {}

          pay(orderId: string) {
            return this.billing.charge$0(orderId);
          }
        }
        `,
        `
        import { CircuitBreaker } from './resilience';
        import type { BillingClient } from './billing';

        const billingBreaker = new CircuitBreaker();

        export class CheckoutService {
          constructor(private readonly billing: BillingClient) {}

          pay(orderId: string) {
            return billingBreaker.execute(() => this.billing.charge(orderId));
          }
        }
        `,
      );
    });

    it('declares a breaker after the class when the file has the helper but no breaker', () => {
      check(
        'circuit-breaker',
        `
        class CircuitBreaker {
          async execute<T>(operation: () => Promise<T>): Promise<T> {
            return operation();
          }
        }

        export const ping = (url: string) => fetch($0url);
        `,
        `
        class CircuitBreaker {
          async execute<T>(operation: () => Promise<T>): Promise<T> {
            return operation();
          }
        }

        const fetchBreaker = new CircuitBreaker();

        export const ping = (url: string) => fetchBreaker.execute(() => fetch(url));
        `,
      );
    });

    it('picks a fresh name when the natural one is taken by something else', () => {
      check(
        'circuit-breaker',
        `
        import { CircuitBreaker } from './resilience';
        import { legacyBreaker } from './legacy';

        const axiosBreaker = legacyBreaker('axios');

        export const ping = () => axios.head$0('/health');
        `,
        `
        import { CircuitBreaker } from './resilience';
        import { legacyBreaker } from './legacy';

        const axiosBreaker2 = new CircuitBreaker();

        const axiosBreaker = legacyBreaker('axios');

        export const ping = () => axiosBreaker2.execute(() => axios.head('/health'));
        `,
      );
    });

    it('works in JavaScript', () => {
      check(
        'circuit-breaker',
        `
        const { randomUUID } = require('crypto');

        async function ping(url) {
          return fetch(url, { headers: { 'x-request-id': randomUUID() } }$0);
        }
        `,
        `
        const { randomUUID } = require('crypto');

        class CircuitBreaker {
          failures = 0;

          async execute(operation) {
            return operation();
          }
        }

        const fetchBreaker = new CircuitBreaker();

        async function ping(url) {
          return fetchBreaker.execute(() => fetch(url, { headers: { 'x-request-id': randomUUID() } }));
        }
        `,
        JS,
      );
    });

    it('refuses to wrap a call twice in the same breaker', () => {
      checkError(
        'circuit-breaker',
        `
        import { CircuitBreaker } from './resilience';

        const fetchBreaker = new CircuitBreaker();

        export const ping = (url: string) => fetchBreaker.execute(() => fetch($0url));
        `,
        /already goes through `fetchBreaker.execute`/,
      );
    });
  });

  describe('timeout', () => {
    it('passes the signal to fetch', () => {
      check(
        'timeout',
        `
        export async function ping(url: string) {
          const response = await fetch$0(url);
          return response.ok;
        }
        `,
        `
        const TIMEOUT_MS = 5_000;

        async function withTimeout<T>(operation: (signal: AbortSignal) => Promise<T>, timeoutMs = TIMEOUT_MS): Promise<T> {
          return operation(AbortSignal.timeout(timeoutMs));
        }

        export async function ping(url: string) {
          const response = await withTimeout((signal) => fetch(url, { signal }));
          return response.ok;
        }
        `,
      );
    });

    it('adds the signal to multi-line fetch options with a trailing comma', () => {
      check(
        'timeout',
        `
        import { withTimeout } from './resilience';

        export async function createPayment(body: string) {
          const response = await fetch$0('https://payments.internal/payments', {
            method: 'POST',
            body, // JSON
          });
          return response.json();
        }
        `,
        `
        import { withTimeout } from './resilience';

        export async function createPayment(body: string) {
          const response = await withTimeout((signal) => fetch('https://payments.internal/payments', {
            method: 'POST',
            body, // JSON
            signal,
          }));
          return response.json();
        }
        `,
      );
    });

    /** One request in a small file that imports the clients; `$0` goes before the call's `(`. */
    const requestIn = (call: string) => `
      import axios from 'axios';
      import got from 'got';
      import { billing } from './billing';
      import { withTimeout } from './resilience';

      const api = axios.create({ baseURL: 'https://orders.internal' });

      export const send = (url: string, order: object, init: RequestInit, config: object, localFetch: typeof fetch) => ${call};
      `;

    const withSignal: Array<[string, string]> = [
      ['axios.get(url)', 'axios.get(url, { signal })'],
      ['axios.get(url, { timeout: 2_000 })', 'axios.get(url, { timeout: 2_000, signal })'],
      ['axios.post(url, order)', 'axios.post(url, order, { signal })'],
      ['axios.post(url)', 'axios.post(url, undefined, { signal })'],
      ["axios({ url, method: 'GET' })", "axios({ url, method: 'GET', signal })"],
      ["axios('/orders')", "axios('/orders', { signal })"],
      ['axios(url, {})', 'axios(url, { signal })'],
      ['api.delete(url, {})', 'api.delete(url, { signal })'],
      ['got(url, { retry: { limit: 0 } })', 'got(url, { retry: { limit: 0 }, signal })'],
      ['got.post(url, { json: order })', 'got.post(url, { json: order, signal })'],
      ["fetch(new URL('/orders', url))", "fetch(new URL('/orders', url), { signal })"],
    ];
    for (const [call, wrapped] of withSignal) {
      it(`passes the signal to ${call}`, () => {
        check('timeout', requestIn(call.replace('(', '$0(')), requestIn(`withTimeout((signal) => ${wrapped})`));
      });
    }

    const withoutSignal: Array<[string, string]> = [
      ['fetch(url, init)', 'options built elsewhere'],
      ["fetch(url, { ...init, method: 'POST' })", 'options spread from elsewhere'],
      ['fetch(url, { signal: AbortSignal.timeout(1_000) })', 'a signal of its own'],
      ['axios(config)', 'one argument that may be a URL or a config'],
      ['billing.charge(url)', 'a client that is not a known HTTP library'],
      ['localFetch(url)', 'a parameter that holds some fetch function'],
    ];
    for (const [call, why] of withoutSignal) {
      it(`does not pass a signal to a call with ${why}`, () => {
        check('timeout', requestIn(call.replace('(', '$0(')), requestIn(`withTimeout(() => ${call})`));
      });
    }

    it('does not treat a parameter that shadows fetch as fetch', () => {
      check(
        'timeout',
        `
        import { withTimeout } from './resilience';

        export const send = (fetch: (url: string) => Promise<Response>, url: string) => fetch$0(url);
        `,
        `
        import { withTimeout } from './resilience';

        export const send = (fetch: (url: string) => Promise<Response>, url: string) => withTimeout(() => fetch(url));
        `,
      );
    });

    it('passes the signal in the `await axios.get<T>(url)` shape', () => {
      check(
        'timeout',
        `
        import axios from 'axios';
        import { withTimeout } from './resilience';

        export async function load(url: string) {
          const { data } = await axios.get<string>($0url);
          return data;
        }
        `,
        `
        import axios from 'axios';
        import { withTimeout } from './resilience';

        export async function load(url: string) {
          const { data } = await withTimeout((signal) => axios.get<string>(url, { signal }));
          return data;
        }
        `,
      );
    });

    it('renames the parameter when the call uses a `signal` of its own', () => {
      check(
        'timeout',
        `
        import axios from 'axios';
        import { withTimeout } from './resilience';

        export const search = (signal: string) => axios.get$0('/search', { params: { signal } });
        `,
        `
        import axios from 'axios';
        import { withTimeout } from './resilience';

        export const search = (signal: string) => withTimeout((timeoutSignal) => axios.get('/search', { params: { signal }, signal: timeoutSignal }));
        `,
      );
    });

    it('passes the signal to the request at the head of a promise chain', () => {
      check(
        'timeout',
        `
        import { withTimeout } from './resilience';

        export const load = (url: string) => fet$0ch(url).then((response) => response.json());
        `,
        `
        import { withTimeout } from './resilience';

        export const load = (url: string) => withTimeout((signal) => fetch(url, { signal }).then((response) => response.json()));
        `,
      );
    });

    it('works in JavaScript', () => {
      check(
        'timeout',
        `
        import axios from 'axios';

        export async function loadInvoice(id) {
          const { data } = await axios.get$0(\`/invoices/\${id}\`);
          return data;
        }
        `,
        `
        import axios from 'axios';

        const TIMEOUT_MS = 5_000;

        async function withTimeout(operation, timeoutMs = TIMEOUT_MS) {
          return operation(AbortSignal.timeout(timeoutMs));
        }

        export async function loadInvoice(id) {
          const { data } = await withTimeout((signal) => axios.get(\`/invoices/\${id}\`, { signal }));
          return data;
        }
        `,
        JS,
      );
    });

    it('refuses when the file already uses one of the helper’s names', () => {
      checkError(
        'timeout',
        `
        const TIMEOUT_MS = 100;

        export const ping = (url: string) => fetch$0(url);
        `,
        /already declares `TIMEOUT_MS`/,
      );
    });

    it('composes with a retry around it', () => {
      check(
        'timeout',
        `
        import { retryWithBackoff, withTimeout } from './resilience';

        export const ping = (url: string) => retryWithBackoff(() => fetch$0(url));
        `,
        `
        import { retryWithBackoff, withTimeout } from './resilience';

        export const ping = (url: string) => retryWithBackoff(() => withTimeout((signal) => fetch(url, { signal })));
        `,
      );
    });
  });

  it('explains an unknown pattern', () => {
    checkError('idempotency-key', `fetch$0(url);`, /no pattern "idempotency-key"/);
  });
});
