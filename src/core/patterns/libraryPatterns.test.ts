import * as assert from 'assert';
import * as path from 'path';
import { extractMarkers, libraryFromFile, loadGrammars, patternChecks, trimIndent } from './testing';

/**
 * Apply Pattern with the resilience library a project depends on (its package.json), per library
 * and per pattern, in TypeScript and JavaScript, ES modules and CommonJS; and the resilience
 * pipeline. The blocks come from the compact fixture, whose library blocks match the real ones.
 */

const library = libraryFromFile(path.join(__dirname, 'fixtures', 'compact-patterns.md'));
const { check, checkError, plan } = patternChecks(library);

const JS = '/project/src/service.js';
const CJS = '/project/src/service.cjs';
const MJS = '/project/src/service.mjs';
const with_ = (...dependencies: string[]) => ({ dependencies });

describe('planPattern with resilience libraries', () => {
  before(loadGrammars);

  describe('retry with cockatiel', () => {
    it('imports what the policy needs after the last import and calls it through one module-scope policy', () => {
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
        import { ExponentialBackoff, handleAll, retry } from 'cockatiel';

        const RETRY_MAX_ATTEMPTS = 3;

        const retryPolicy = retry(handleAll, { maxAttempts: RETRY_MAX_ATTEMPTS, backoff: new ExponentialBackoff() });

        export async function loadInvoice(id: string) {
          const response = await retryPolicy.execute(() => axios.get(\`/invoices/\${id}\`));
          return response.data;
        }
        `,
        with_('axios', 'cockatiel'),
      );
    });

    it('declares the policy once and reuses it for a second call', () => {
      check(
        'retry-backoff-jitter',
        `
        import axios from 'axios';

        export const listOrders = () => axios.get$0('/orders');
        export const listRefunds = () => axios.get$1('/refunds');
        `,
        `
        import axios from 'axios';
        import { ExponentialBackoff, handleAll, retry } from 'cockatiel';

        const RETRY_MAX_ATTEMPTS = 3;

        const retryPolicy = retry(handleAll, { maxAttempts: RETRY_MAX_ATTEMPTS, backoff: new ExponentialBackoff() });

        export const listOrders = () => retryPolicy.execute(() => axios.get('/orders'));
        export const listRefunds = () => retryPolicy.execute(() => axios.get('/refunds'));
        `,
        with_('cockatiel'),
      );
    });

    it('merges the names into the file’s import from cockatiel, never importing one twice', () => {
      check(
        'retry-backoff-jitter',
        `
        import { handleAll, isBrokenCircuitError } from 'cockatiel';

        export const ping = (url: string) => fetch$0(url).catch((e) => (isBrokenCircuitError(e) ? null : Promise.reject(e)));
        `,
        `
        import { handleAll, isBrokenCircuitError, ExponentialBackoff, retry } from 'cockatiel';

        const RETRY_MAX_ATTEMPTS = 3;

        const retryPolicy = retry(handleAll, { maxAttempts: RETRY_MAX_ATTEMPTS, backoff: new ExponentialBackoff() });

        export const ping = (url: string) => retryPolicy.execute(() => fetch(url).catch((e) => (isBrokenCircuitError(e) ? null : Promise.reject(e))));
        `,
        with_('cockatiel'),
      );
    });

    it('merges into a multi-line import, one name per line', () => {
      check(
        'retry-backoff-jitter',
        `
        import {
          handleAll,
          retry,
        } from 'cockatiel';

        export const ping = (url: string) => fetch$0(url);
        `,
        `
        import {
          handleAll,
          retry,
          ExponentialBackoff,
        } from 'cockatiel';

        const RETRY_MAX_ATTEMPTS = 3;

        const retryPolicy = retry(handleAll, { maxAttempts: RETRY_MAX_ATTEMPTS, backoff: new ExponentialBackoff() });

        export const ping = (url: string) => retryPolicy.execute(() => fetch(url));
        `,
        with_('cockatiel'),
      );
    });

    it('uses the file’s own alias of a cockatiel name in the code it writes', () => {
      check(
        'retry-backoff-jitter',
        `
        import { retry as retryPolicyOf } from 'cockatiel';

        export const ping = (url: string) => fetch$0(url);
        `,
        `
        import { retry as retryPolicyOf, ExponentialBackoff, handleAll } from 'cockatiel';

        const RETRY_MAX_ATTEMPTS = 3;

        const retryPolicy = retryPolicyOf(handleAll, { maxAttempts: RETRY_MAX_ATTEMPTS, backoff: new ExponentialBackoff() });

        export const ping = (url: string) => retryPolicy.execute(() => fetch(url));
        `,
        with_('cockatiel'),
      );
    });

    it('writes a `require` destructuring in a CommonJS file', () => {
      check(
        'retry-backoff-jitter',
        `
        'use strict';

        const axios = require('axios');

        async function load(url) {
          const response = await axios.get($0url);
          return response.data;
        }

        module.exports = { load };
        `,
        `
        'use strict';

        const axios = require('axios');
        const { ExponentialBackoff, handleAll, retry } = require('cockatiel');

        const RETRY_MAX_ATTEMPTS = 3;

        const retryPolicy = retry(handleAll, { maxAttempts: RETRY_MAX_ATTEMPTS, backoff: new ExponentialBackoff() });

        async function load(url) {
          const response = await retryPolicy.execute(() => axios.get(url));
          return response.data;
        }

        module.exports = { load };
        `,
        { filename: JS, dependencies: ['axios', 'cockatiel'] },
      );
    });

    it('merges into the `require` destructuring a CommonJS file already has', () => {
      check(
        'retry-backoff-jitter',
        `
        const { handleAll } = require('cockatiel')

        exports.ping = (url) => fetch($0url)
        `,
        `
        const { handleAll, ExponentialBackoff, retry } = require('cockatiel')

        const RETRY_MAX_ATTEMPTS = 3;

        const retryPolicy = retry(handleAll, { maxAttempts: RETRY_MAX_ATTEMPTS, backoff: new ExponentialBackoff() });

        exports.ping = (url) => retryPolicy.execute(() => fetch(url))
        `,
        { filename: JS, dependencies: ['cockatiel'] },
      );
    });

    it('writes an import in an ES module JavaScript file, with the file’s quotes and no semicolon', () => {
      check(
        'retry-backoff-jitter',
        `
        import axios from "axios"

        export const load = (url) => axios.get($0url)
        `,
        `
        import axios from "axios"
        import { ExponentialBackoff, handleAll, retry } from "cockatiel"

        const RETRY_MAX_ATTEMPTS = 3;

        const retryPolicy = retry(handleAll, { maxAttempts: RETRY_MAX_ATTEMPTS, backoff: new ExponentialBackoff() });

        export const load = (url) => retryPolicy.execute(() => axios.get(url))
        `,
        { filename: MJS, dependencies: ['cockatiel'] },
      );
    });

    it('refuses when a name cockatiel’s code needs means something else in the file', () => {
      checkError(
        'retry-backoff-jitter',
        `
        import { retry } from './legacy-retry';

        export const ping = (url: string) => fetch$0(url);
        `,
        /already declares `retry`, and the pattern needs `retry` from cockatiel/,
        with_('cockatiel'),
      );
    });

    it('refuses to wrap a call twice in the policy', () => {
      checkError(
        'retry-backoff-jitter',
        `
        import { ExponentialBackoff, handleAll, retry } from 'cockatiel';

        const RETRY_MAX_ATTEMPTS = 3;

        const retryPolicy = retry(handleAll, { maxAttempts: RETRY_MAX_ATTEMPTS, backoff: new ExponentialBackoff() });

        export const ping = (url: string) => retryPolicy.execute(() => fetch$0(url));
        `,
        /already goes through `retryPolicy.execute`/,
        with_('cockatiel'),
      );
    });
  });

  describe('retry with p-retry and async-retry', () => {
    it('calls pRetry with jitter turned on', () => {
      check(
        'retry-backoff-jitter',
        `
        import axios from 'axios';

        export const load = (url: string) => axios.get$0(url);
        `,
        `
        import axios from 'axios';
        import pRetry from 'p-retry';

        const RETRY_MAX_RETRIES = 3;

        export const load = (url: string) => pRetry(() => axios.get(url), { retries: RETRY_MAX_RETRIES, randomize: true });
        `,
        with_('axios', 'p-retry'),
      );
    });

    it('uses the name the file already gives p-retry, and adds no import', () => {
      check(
        'retry-backoff-jitter',
        `
        import withRetries from 'p-retry';

        export const load = (url: string) => fetch$0(url);
        `,
        `
        import withRetries from 'p-retry';

        const RETRY_MAX_RETRIES = 3;

        export const load = (url: string) => withRetries(() => fetch(url), { retries: RETRY_MAX_RETRIES, randomize: true });
        `,
        with_('p-retry'),
      );
    });

    it('calls async-retry with an async operation, required in a CommonJS file', () => {
      check(
        'retry-backoff-jitter',
        `
        const got = require('got');

        module.exports.load = (url) => got.get($0url).json();
        `,
        `
        const got = require('got');
        const retry = require('async-retry');

        const RETRY_MAX_RETRIES = 3;

        module.exports.load = (url) => retry(async () => got.get(url).json(), { retries: RETRY_MAX_RETRIES, randomize: true });
        `,
        { filename: JS, dependencies: ['got', 'async-retry'] },
      );
    });

    it('leaves ES-module-only p-retry out of a CommonJS file, taking the next library', () => {
      check(
        'retry-backoff-jitter',
        `
        const axios = require('axios');

        module.exports.load = (url) => axios.get($0url);
        `,
        `
        const axios = require('axios');
        const retry = require('async-retry');

        const RETRY_MAX_RETRIES = 3;

        module.exports.load = (url) => retry(async () => axios.get(url), { retries: RETRY_MAX_RETRIES, randomize: true });
        `,
        { filename: CJS, dependencies: ['p-retry', 'async-retry'] },
      );
    });

    it('falls back to the dependency-free helper when the only library cannot be loaded', () => {
      check(
        'retry-backoff-jitter',
        `
        const axios = require('axios');

        module.exports.load = (url) => axios.get($0url);
        `,
        `
        const axios = require('axios');

        async function retryWithBackoff(operation) {
          return operation();
        }

        module.exports.load = (url) => retryWithBackoff(() => axios.get(url));
        `,
        { filename: JS, dependencies: ['p-retry'] },
      );
    });

    it('uses p-retry in a CommonJS file that already requires it', () => {
      check(
        'retry-backoff-jitter',
        `
        const pRetry = require('p-retry');

        module.exports.load = (url) => fetch($0url);
        `,
        `
        const pRetry = require('p-retry');

        const RETRY_MAX_RETRIES = 3;

        module.exports.load = (url) => pRetry(() => fetch(url), { retries: RETRY_MAX_RETRIES, randomize: true });
        `,
        { filename: JS, dependencies: ['p-retry'] },
      );
    });

    it('prefers cockatiel, unless the file already uses another retry library', () => {
      const code = `import axios from 'axios';\n\nexport const load = (url: string) => axios.get$0(url);\n`;
      const { code: text, selection } = extractMarkers(code);
      const chosen = plan('retry-backoff-jitter', text, selection, with_('p-retry', 'cockatiel'));
      assert.deepStrictEqual('libraries' in chosen && chosen.libraries, ['cockatiel']);
      const importing = extractMarkers(`import pRetry from 'p-retry';\n${code}`);
      const kept = plan('retry-backoff-jitter', importing.code, importing.selection, with_('p-retry', 'cockatiel'));
      assert.deepStrictEqual('libraries' in kept && kept.libraries, ['p-retry']);
    });

    it('keeps the dependency-free helper a file already has, and writes it when asked to', () => {
      check(
        'retry-backoff-jitter',
        `
        import { retryWithBackoff } from './resilience';

        export const load = (url: string) => fetch$0(url);
        `,
        `
        import { retryWithBackoff } from './resilience';

        export const load = (url: string) => retryWithBackoff(() => fetch(url));
        `,
        with_('cockatiel'),
      );
      check(
        'retry-backoff-jitter',
        `export const load = (url: string) => fetch$0(url);\n`,
        `
        async function retryWithBackoff<T>(operation: () => Promise<T>): Promise<T> {
          return operation();
        }

        export const load = (url: string) => retryWithBackoff(() => fetch(url));
        `,
        { dependencies: ['cockatiel'], use: 'none' },
      );
    });
  });

  describe('circuit breaker', () => {
    it('with cockatiel: one breaker per dependency, declared next to the others', () => {
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
        import { circuitBreaker, ConsecutiveBreaker, handleAll } from 'cockatiel';

        const BREAKER_FAILURE_THRESHOLD = 5;
        const BREAKER_RESET_TIMEOUT_MS = 30_000;

        const axiosBreaker = circuitBreaker(handleAll, { halfOpenAfter: BREAKER_RESET_TIMEOUT_MS, breaker: new ConsecutiveBreaker(BREAKER_FAILURE_THRESHOLD) });
        const billingBreaker = circuitBreaker(handleAll, { halfOpenAfter: BREAKER_RESET_TIMEOUT_MS, breaker: new ConsecutiveBreaker(BREAKER_FAILURE_THRESHOLD) });

        export async function checkout(id: string) {
          await axiosBreaker.execute(() => axios.get(\`/orders/\${id}\`));
          await billingBreaker.execute(() => billing.charge(id));
        }
        `,
        with_('cockatiel'),
      );
    });

    it('with cockatiel: reuses the breaker of a dependency and refuses to wrap its call twice', () => {
      check(
        'circuit-breaker',
        `
        export const ping = () => fetch$0('/health');
        export const load = () => fetch$1('/orders');
        `,
        `
        import { circuitBreaker, ConsecutiveBreaker, handleAll } from 'cockatiel';

        const BREAKER_FAILURE_THRESHOLD = 5;
        const BREAKER_RESET_TIMEOUT_MS = 30_000;

        const fetchBreaker = circuitBreaker(handleAll, { halfOpenAfter: BREAKER_RESET_TIMEOUT_MS, breaker: new ConsecutiveBreaker(BREAKER_FAILURE_THRESHOLD) });

        export const ping = () => fetchBreaker.execute(() => fetch('/health'));
        export const load = () => fetchBreaker.execute(() => fetch('/orders'));
        `,
        with_('cockatiel'),
      );
      checkError(
        'circuit-breaker',
        `
        import { circuitBreaker, ConsecutiveBreaker, handleAll } from 'cockatiel';

        const fetchBreaker = circuitBreaker(handleAll, { halfOpenAfter: 1_000, breaker: new ConsecutiveBreaker(3) });

        export const ping = () => fetchBreaker.execute(() => fetch$0('/health'));
        `,
        /already goes through `fetchBreaker.execute`/,
        with_('cockatiel'),
      );
    });

    it('with opossum in TypeScript: a breaker per dependency and a typed fire', () => {
      check(
        'circuit-breaker',
        `
        import axios from 'axios';

        export const load = (url: string) => axios.get$0<string>(url);
        `,
        `
        import axios from 'axios';
        import CircuitBreaker from 'opossum';

        const BREAKER_RESET_TIMEOUT_MS = 30_000;

        function runOperation(operation: () => Promise<unknown>): Promise<unknown> {
          return operation();
        }

        function fireBreaker<T>(breaker: CircuitBreaker, operation: () => Promise<T>): Promise<T> {
          return breaker.fire(operation) as Promise<T>;
        }

        const axiosBreaker = new CircuitBreaker(runOperation, { resetTimeout: BREAKER_RESET_TIMEOUT_MS });

        export const load = (url: string) => fireBreaker(axiosBreaker, () => axios.get<string>(url));
        `,
        with_('opossum'),
      );
    });

    it('with opossum in CommonJS: required, types stripped', () => {
      check(
        'circuit-breaker',
        `
        const axios = require('axios');

        module.exports.load = (url) => axios.get($0url);
        `,
        `
        const axios = require('axios');
        const CircuitBreaker = require('opossum');

        const BREAKER_RESET_TIMEOUT_MS = 30_000;

        function runOperation(operation) {
          return operation();
        }

        function fireBreaker(breaker, operation) {
          return breaker.fire(operation);
        }

        const axiosBreaker = new CircuitBreaker(runOperation, { resetTimeout: BREAKER_RESET_TIMEOUT_MS });

        module.exports.load = (url) => fireBreaker(axiosBreaker, () => axios.get(url));
        `,
        { filename: JS, dependencies: ['opossum'] },
      );
    });

    it('refuses opossum’s name when the file has its own CircuitBreaker class', () => {
      checkError(
        'circuit-breaker',
        `
        class CircuitBreaker {}

        export const ping = () => fetch$0('/health');
        `,
        /already declares `CircuitBreaker`, and the pattern needs opossum's default export/,
        { dependencies: ['opossum'], use: 'opossum' },
      );
    });
  });

  describe('timeout with cockatiel', () => {
    it('passes the policy’s signal to the request', () => {
      check(
        'timeout',
        `
        export async function ping(url: string) {
          const response = await fetch$0(url);
          return response.ok;
        }
        `,
        `
        import { timeout, TimeoutStrategy } from 'cockatiel';

        const TIMEOUT_MS = 5_000;

        const timeoutPolicy = timeout(TIMEOUT_MS, TimeoutStrategy.Aggressive);

        export async function ping(url: string) {
          const response = await timeoutPolicy.execute(({ signal }) => fetch(url, { signal }));
          return response.ok;
        }
        `,
        with_('cockatiel'),
      );
    });

    it('renames the signal when the call has one of its own, and passes none it cannot place', () => {
      const file = (call: string) => `
        import { timeout, TimeoutStrategy } from 'cockatiel';
        import axios from 'axios';

        const TIMEOUT_MS = 5_000;

        const timeoutPolicy = timeout(TIMEOUT_MS, TimeoutStrategy.Aggressive);

        export const search = (signal: string, init: RequestInit) => ${call};
        `;
      check('timeout', file("axios.get$0('/search', { params: { signal } })"), file("timeoutPolicy.execute(({ signal: timeoutSignal }) => axios.get('/search', { params: { signal }, signal: timeoutSignal }))"), with_('cockatiel'));
      check('timeout', file("fetch$0('/search', init)"), file("timeoutPolicy.execute(() => fetch('/search', init))"), with_('cockatiel'));
    });
  });

  describe('bulkhead', () => {
    it('with cockatiel: a bulkhead per dependency, with a bounded queue', () => {
      check(
        'bulkhead',
        `
        import { pricing } from './pricing';

        export const price = (sku: string) => pricing.get$0(sku);
        `,
        `
        import { pricing } from './pricing';
        import { bulkhead } from 'cockatiel';

        const BULKHEAD_MAX_CONCURRENT = 10;
        const BULKHEAD_MAX_QUEUE = 100;

        const pricingBulkhead = bulkhead(BULKHEAD_MAX_CONCURRENT, BULKHEAD_MAX_QUEUE);

        export const price = (sku: string) => pricingBulkhead.execute(() => pricing.get(sku));
        `,
        with_('cockatiel', 'p-limit'),
      );
    });

    it('with p-limit: a limiter per dependency', () => {
      check(
        'bulkhead',
        `
        import { pricing } from './pricing';

        export const price = (sku: string) => pricing.get$0(sku);
        export const stock = (sku: string) => pricing.st$1ock(sku);
        `,
        `
        import { pricing } from './pricing';
        import pLimit from 'p-limit';

        const BULKHEAD_MAX_CONCURRENT = 10;

        const pricingLimit = pLimit(BULKHEAD_MAX_CONCURRENT);

        export const price = (sku: string) => pricingLimit(() => pricing.get(sku));
        export const stock = (sku: string) => pricingLimit(() => pricing.stock(sku));
        `,
        with_('p-limit'),
      );
    });

    it('with p-limit in a CommonJS file only when the file already requires it', () => {
      checkError('bulkhead', `const a = require('a');\nmodule.exports = () => a.get$0();\n`, /depends on neither/, { filename: JS, dependencies: ['p-limit'] });
      check(
        'bulkhead',
        `
        const pLimit = require('p-limit');

        module.exports = () => fetch$0('/a');
        `,
        `
        const pLimit = require('p-limit');

        const BULKHEAD_MAX_CONCURRENT = 10;

        const fetchLimit = pLimit(BULKHEAD_MAX_CONCURRENT);

        module.exports = () => fetchLimit(() => fetch('/a'));
        `,
        { filename: JS, dependencies: ['p-limit'] },
      );
    });

    it('explains that one call needs a library, and where the fan-out helper is', () => {
      checkError('bulkhead', `export const price = (sku: string) => pricing.get$0(sku);`, /cockatiel or p-limit.*`mapWithConcurrency`/);
    });
  });

  describe('fallback', () => {
    it('leaves the degraded answer to the user, rethrowing until then', () => {
      check(
        'fallback',
        `
        import axios from 'axios';

        export async function recommendations(userId: string) {
          const { data } = await axios.get$0(\`/recommendations/\${userId}\`);
          return data;
        }
        `,
        `
        import axios from 'axios';

        async function withFallback<T>(operation: () => Promise<T>, fallback: (error: unknown) => T | Promise<T>): Promise<T> {
          return operation().catch(fallback);
        }

        export async function recommendations(userId: string) {
          const { data } = await withFallback(() => axios.get(\`/recommendations/\${userId}\`), (error) => {
            // No fallback yet: return a degraded answer here (a cached or default value) after logging the error.
            throw error;
          });
          return data;
        }
        `,
        with_('cockatiel'),
      );
    });

    it('indents with the file’s tabs in JavaScript', () => {
      check(
        'fallback',
        'function load(url) {\n\treturn fetch($0url);\n}\n',
        'async function withFallback(operation, fallback) {\n  return operation().catch(fallback);\n}\n\nfunction load(url) {\n\treturn withFallback(() => fetch(url), (error) => {\n\t\t// No fallback yet: return a degraded answer here (a cached or default value) after logging the error.\n\t\tthrow error;\n\t});\n}\n',
        JS,
      );
    });
  });

  describe('resilience pipeline', () => {
    it('without a library: the helpers nested as the "Composing" section orders them, no bulkhead', () => {
      const before = `
        export async function getPrice(sku: string) {
          return fetch$0(\`/prices/\${sku}\`);
        }
        `;
      check(
        'resilience-pipeline',
        before,
        `
        const TIMEOUT_MS = 5_000;

        async function withTimeout<T>(operation: (signal: AbortSignal) => Promise<T>, timeoutMs = TIMEOUT_MS): Promise<T> {
          return operation(AbortSignal.timeout(timeoutMs));
        }

        async function retryWithBackoff<T>(operation: () => Promise<T>): Promise<T> {
          return operation();
        }

        class CircuitBreaker {
          private failures = 0;

          async execute<T>(operation: () => Promise<T>): Promise<T> {
            return operation();
          }
        }

        async function withFallback<T>(operation: () => Promise<T>, fallback: (error: unknown) => T | Promise<T>): Promise<T> {
          return operation().catch(fallback);
        }

        const fetchBreaker = new CircuitBreaker();

        export async function getPrice(sku: string) {
          return withFallback(() => fetchBreaker.execute(() => retryWithBackoff(() => withTimeout((signal) => fetch(\`/prices/\${sku}\`, { signal })))), (error) => {
            // No fallback yet: return a degraded answer here (a cached or default value) after logging the error.
            throw error;
          });
        }
        `,
      );
      const { code, selection } = extractMarkers(trimIndent(before));
      const planned = plan('resilience-pipeline', code, selection);
      assert.match('title' in planned ? planned.title : '', /no bulkhead: that needs cockatiel or p-limit/);
    });

    it('with cockatiel: one wrapped policy per dependency, bulkhead outermost, the fallback at the call', () => {
      check(
        'resilience-pipeline',
        `
        import axios from 'axios';

        export async function getPrice(sku: string) {
          const { data } = await axios.get$0(\`/prices/\${sku}\`);
          return data;
        }
        `,
        `
        import axios from 'axios';
        import { bulkhead, circuitBreaker, ConsecutiveBreaker, ExponentialBackoff, handleAll, retry, timeout, TimeoutStrategy, wrap } from 'cockatiel';

        const TIMEOUT_MS = 5_000;
        const RETRY_MAX_ATTEMPTS = 3;

        async function withFallback<T>(operation: () => Promise<T>, fallback: (error: unknown) => T | Promise<T>): Promise<T> {
          return operation().catch(fallback);
        }

        const axiosPolicy = wrap(
          bulkhead(10, 100),
          circuitBreaker(handleAll, { halfOpenAfter: 30_000, breaker: new ConsecutiveBreaker(5) }),
          retry(handleAll, { maxAttempts: RETRY_MAX_ATTEMPTS, backoff: new ExponentialBackoff() }),
          timeout(TIMEOUT_MS, TimeoutStrategy.Aggressive),
        );

        export async function getPrice(sku: string) {
          const { data } = await withFallback(() => axiosPolicy.execute(({ signal }) => axios.get(\`/prices/\${sku}\`, { signal })), (error) => {
            // No fallback yet: return a degraded answer here (a cached or default value) after logging the error.
            throw error;
          });
          return data;
        }
        `,
        with_('axios', 'cockatiel'),
      );
    });

    it('with cockatiel: a second dependency gets its own policy, set apart by a blank line', () => {
      check(
        'resilience-pipeline',
        `
        import { billing } from './billing';

        export const ping = () => fetch$0('/health');
        export const charge = (id: string) => billing.charge$1(id);
        `,
        `
        import { billing } from './billing';
        import { bulkhead, circuitBreaker, ConsecutiveBreaker, ExponentialBackoff, handleAll, retry, timeout, TimeoutStrategy, wrap } from 'cockatiel';

        const TIMEOUT_MS = 5_000;
        const RETRY_MAX_ATTEMPTS = 3;

        async function withFallback<T>(operation: () => Promise<T>, fallback: (error: unknown) => T | Promise<T>): Promise<T> {
          return operation().catch(fallback);
        }

        const fetchPolicy = wrap(
          bulkhead(10, 100),
          circuitBreaker(handleAll, { halfOpenAfter: 30_000, breaker: new ConsecutiveBreaker(5) }),
          retry(handleAll, { maxAttempts: RETRY_MAX_ATTEMPTS, backoff: new ExponentialBackoff() }),
          timeout(TIMEOUT_MS, TimeoutStrategy.Aggressive),
        );

        const billingPolicy = wrap(
          bulkhead(10, 100),
          circuitBreaker(handleAll, { halfOpenAfter: 30_000, breaker: new ConsecutiveBreaker(5) }),
          retry(handleAll, { maxAttempts: RETRY_MAX_ATTEMPTS, backoff: new ExponentialBackoff() }),
          timeout(TIMEOUT_MS, TimeoutStrategy.Aggressive),
        );

        export const ping = () => withFallback(() => fetchPolicy.execute(({ signal }) => fetch('/health', { signal })), (error) => {
          // No fallback yet: return a degraded answer here (a cached or default value) after logging the error.
          throw error;
        });
        export const charge = (id: string) => withFallback(() => billingPolicy.execute(() => billing.charge(id)), (error) => {
          // No fallback yet: return a degraded answer here (a cached or default value) after logging the error.
          throw error;
        });
        `,
        with_('cockatiel'),
      );
    });

    it('with cockatiel: reuses the constants and imports an earlier cockatiel pattern wrote', () => {
      check(
        'resilience-pipeline',
        `
        import { ExponentialBackoff, handleAll, retry } from 'cockatiel';

        const RETRY_MAX_ATTEMPTS = 3;

        const retryPolicy = retry(handleAll, { maxAttempts: RETRY_MAX_ATTEMPTS, backoff: new ExponentialBackoff() });

        export const ping = () => fetch$0('/health');
        `,
        `
        import { ExponentialBackoff, handleAll, retry, bulkhead, circuitBreaker, ConsecutiveBreaker, timeout, TimeoutStrategy, wrap } from 'cockatiel';

        const TIMEOUT_MS = 5_000;

        async function withFallback<T>(operation: () => Promise<T>, fallback: (error: unknown) => T | Promise<T>): Promise<T> {
          return operation().catch(fallback);
        }

        const RETRY_MAX_ATTEMPTS = 3;

        const retryPolicy = retry(handleAll, { maxAttempts: RETRY_MAX_ATTEMPTS, backoff: new ExponentialBackoff() });

        const fetchPolicy = wrap(
          bulkhead(10, 100),
          circuitBreaker(handleAll, { halfOpenAfter: 30_000, breaker: new ConsecutiveBreaker(5) }),
          retry(handleAll, { maxAttempts: RETRY_MAX_ATTEMPTS, backoff: new ExponentialBackoff() }),
          timeout(TIMEOUT_MS, TimeoutStrategy.Aggressive),
        );

        export const ping = () => withFallback(() => fetchPolicy.execute(({ signal }) => fetch('/health', { signal })), (error) => {
          // No fallback yet: return a degraded answer here (a cached or default value) after logging the error.
          throw error;
        });
        `,
        with_('cockatiel'),
      );
    });

    it('with p-limit, opossum and p-retry: each layer with its library', () => {
      check(
        'resilience-pipeline',
        `
        export const ping = () => fetch$0('/health');
        `,
        `
        import pRetry from 'p-retry';
        import CircuitBreaker from 'opossum';
        import pLimit from 'p-limit';

        const TIMEOUT_MS = 5_000;

        async function withTimeout<T>(operation: (signal: AbortSignal) => Promise<T>, timeoutMs = TIMEOUT_MS): Promise<T> {
          return operation(AbortSignal.timeout(timeoutMs));
        }

        const RETRY_MAX_RETRIES = 3;

        const BREAKER_RESET_TIMEOUT_MS = 30_000;

        function runOperation(operation: () => Promise<unknown>): Promise<unknown> {
          return operation();
        }

        function fireBreaker<T>(breaker: CircuitBreaker, operation: () => Promise<T>): Promise<T> {
          return breaker.fire(operation) as Promise<T>;
        }

        const BULKHEAD_MAX_CONCURRENT = 10;

        async function withFallback<T>(operation: () => Promise<T>, fallback: (error: unknown) => T | Promise<T>): Promise<T> {
          return operation().catch(fallback);
        }

        const fetchBreaker = new CircuitBreaker(runOperation, { resetTimeout: BREAKER_RESET_TIMEOUT_MS });

        const fetchLimit = pLimit(BULKHEAD_MAX_CONCURRENT);

        export const ping = () => withFallback(() => fetchLimit(() => fireBreaker(fetchBreaker, () => pRetry(() => withTimeout((signal) => fetch('/health', { signal })), { retries: RETRY_MAX_RETRIES, randomize: true }))), (error) => {
          // No fallback yet: return a degraded answer here (a cached or default value) after logging the error.
          throw error;
        });
        `,
        with_('p-limit', 'opossum', 'p-retry'),
      );
    });

    it('with cockatiel in CommonJS', () => {
      check(
        'resilience-pipeline',
        `
        const axios = require('axios');

        module.exports.load = (url) => axios.get($0url);
        `,
        `
        const axios = require('axios');
        const { bulkhead, circuitBreaker, ConsecutiveBreaker, ExponentialBackoff, handleAll, retry, timeout, TimeoutStrategy, wrap } = require('cockatiel');

        const TIMEOUT_MS = 5_000;
        const RETRY_MAX_ATTEMPTS = 3;

        async function withFallback(operation, fallback) {
          return operation().catch(fallback);
        }

        const axiosPolicy = wrap(
          bulkhead(10, 100),
          circuitBreaker(handleAll, { halfOpenAfter: 30_000, breaker: new ConsecutiveBreaker(5) }),
          retry(handleAll, { maxAttempts: RETRY_MAX_ATTEMPTS, backoff: new ExponentialBackoff() }),
          timeout(TIMEOUT_MS, TimeoutStrategy.Aggressive),
        );

        module.exports.load = (url) => withFallback(() => axiosPolicy.execute(({ signal }) => axios.get(url, { signal })), (error) => {
          // No fallback yet: return a degraded answer here (a cached or default value) after logging the error.
          throw error;
        });
        `,
        { filename: JS, dependencies: ['cockatiel'] },
      );
    });

    it('refuses a call already inside its fallback', () => {
      checkError(
        'resilience-pipeline',
        `
        import { withFallback } from './resilience';

        export const ping = () => withFallback(() => fetch$0('/health'), () => null);
        `,
        /already goes through `withFallback`/,
      );
    });
  });
});
