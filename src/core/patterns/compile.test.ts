import * as assert from 'assert';
import * as path from 'path';
import * as ts from 'typescript';
import { applyEdits, selectFixes } from '../fixes';
import { runRules } from '../ruleRunner';
import boundedConcurrency from '../rules/require-bounded-concurrency/rule';
import type { InstructionLibrary } from '../instructions/library';
import { planPattern } from './applyPattern';
import { patternHelpers } from './patternHelpers';
import type { PatternId } from './catalog';
import { bundledLibrary, loadGrammars, parser, sourceFile, trimIndent } from './testing';

/**
 * Proof that what Apply Pattern inserts compiles: each pattern, with the real helper from the
 * bundled instruction file, is applied to every call of a small service, and the result is
 * type-checked by the TypeScript compiler (strict, ES2022, Node types) with no diagnostics allowed.
 */

const PROJECT = path.resolve(__dirname, '..', '..', '..');
const VIRTUAL = '/virtual/src';

/** The part of axios's typings the service uses, so the check needs no network install. */
const AXIOS_TYPES = trimIndent(`
  declare module 'axios' {
    namespace axios {
      interface AxiosRequestConfig {
        signal?: AbortSignal;
        timeout?: number;
        headers?: Record<string, string>;
      }
      interface AxiosResponse<T> {
        data: T;
        status: number;
      }
      interface AxiosInstance {
        get<T = unknown>(url: string, config?: AxiosRequestConfig): Promise<AxiosResponse<T>>;
        post<T = unknown>(url: string, data?: unknown, config?: AxiosRequestConfig): Promise<AxiosResponse<T>>;
        create(config?: AxiosRequestConfig): AxiosInstance;
      }
    }
    // \`export =\`, as axios's CommonJS typings: \`import axios from 'axios'\` and \`require('axios')\` both work.
    const axios: axios.AxiosInstance;
    export = axios;
  }
`);

/**
 * Hand-written typings of the resilience libraries, only the signatures the pattern code calls, typed
 * as their documentation and published typings give them: CommonJS packages (opossum, async-retry)
 * with `export =`, ES-module-only ones (p-retry, p-limit) with a default export.
 */
const LIBRARY_TYPES = trimIndent(`
  declare module 'cockatiel' {
    export interface IDefaultPolicyContext {
      signal: AbortSignal;
    }
    export interface IPolicy<Context extends IDefaultPolicyContext = IDefaultPolicyContext, AltReturn = never> {
      execute<T>(fn: (context: Context) => PromiseLike<T> | T, signal?: AbortSignal): Promise<T | AltReturn>;
    }
    export class Policy {
      private readonly kind: 'policy';
    }
    export const handleAll: Policy;
    export class ExponentialBackoff<S> {
      constructor(options?: { initialDelay?: number; maxDelay?: number; exponent?: number });
      private readonly state: S;
    }
    export class ConsecutiveBreaker {
      constructor(threshold: number);
    }
    export enum TimeoutStrategy {
      Cooperative = 'optimistic',
      Aggressive = 'aggressive',
    }
    export function retry(policy: Policy, options: { maxAttempts?: number; backoff?: ExponentialBackoff<unknown> }): IPolicy;
    export function circuitBreaker(policy: Policy, options: { halfOpenAfter: number; breaker: ConsecutiveBreaker }): IPolicy;
    export function timeout(duration: number, strategy: TimeoutStrategy): IPolicy;
    export function bulkhead(limit: number, queue?: number): IPolicy;
    export function wrap(...policies: IPolicy[]): IPolicy;
  }
  declare module 'opossum' {
    namespace CircuitBreaker {
      interface Options {
        timeout?: number | false;
        errorThresholdPercentage?: number;
        resetTimeout?: number;
        volumeThreshold?: number;
      }
    }
    class CircuitBreaker<TI extends unknown[] = unknown[], TR = unknown> {
      constructor(action: (...args: TI) => Promise<TR>, options?: CircuitBreaker.Options);
      fire(...args: TI): Promise<TR>;
    }
    export = CircuitBreaker;
  }
  declare module 'p-retry' {
    export interface Options {
      retries?: number;
      factor?: number;
      minTimeout?: number;
      maxTimeout?: number;
      randomize?: boolean;
      signal?: AbortSignal;
    }
    export default function pRetry<T>(input: (attemptCount: number) => PromiseLike<T> | T, options?: Options): Promise<T>;
  }
  declare module 'async-retry' {
    namespace AsyncRetry {
      interface Options {
        retries?: number;
        factor?: number;
        minTimeout?: number;
        maxTimeout?: number;
        randomize?: boolean;
      }
      type RetryFunction<T> = (bail: (error: Error) => void, attempt: number) => T | Promise<T>;
    }
    function AsyncRetry<T>(fn: AsyncRetry.RetryFunction<T>, options?: AsyncRetry.Options): Promise<T>;
    export = AsyncRetry;
  }
  declare module 'p-limit' {
    export interface LimitFunction {
      <Arguments extends unknown[], ReturnType>(fn: (...arguments_: Arguments) => PromiseLike<ReturnType> | ReturnType, ...arguments_: Arguments): Promise<ReturnType>;
      readonly activeCount: number;
      readonly pendingCount: number;
    }
    export default function pLimit(concurrency: number): LimitFunction;
  }
`);

const SERVICE_TS = trimIndent(`
  import axios from 'axios';

  interface Invoice {
    id: string;
    totalCents: number;
  }

  export async function getInvoice(id: string): Promise<Invoice> {
    const { data } = await axios.get<Invoice>(\`https://billing.internal/invoices/\${id}\`);
    return data;
  }

  export function pingLedger(): Promise<Response> {
    return fetch('https://ledger.internal/health');
  }

  export class PaymentsClient {
    constructor(private readonly baseUrl: string) {}

    async charge(orderId: string, amountCents: number): Promise<unknown> {
      const response = await fetch(\`\${this.baseUrl}/charges\`, {
        method: 'POST',
        body: JSON.stringify({ orderId, amountCents }),
      });
      return response.json();
    }
  }
`);

const SERVICE_JS = trimIndent(`
  import axios from 'axios';

  /** @param {string} id */
  export async function getInvoice(id) {
    const { data } = await axios.get(\`https://billing.internal/invoices/\${id}\`);
    return data;
  }

  export function pingLedger() {
    return fetch('https://ledger.internal/health');
  }

  export class PaymentsClient {
    /** @param {string} baseUrl */
    constructor(baseUrl) {
      this.baseUrl = baseUrl;
    }

    /** @param {string} orderId @param {number} amountCents */
    async charge(orderId, amountCents) {
      const response = await fetch(\`\${this.baseUrl}/charges\`, {
        method: 'POST',
        body: JSON.stringify({ orderId, amountCents }),
      });
      return response.json();
    }
  }
`);

const SERVICE_CJS = trimIndent(`
  'use strict';

  const axios = require('axios');

  /** @param {string} id */
  async function getInvoice(id) {
    const { data } = await axios.get(\`https://billing.internal/invoices/\${id}\`);
    return data;
  }

  function pingLedger() {
    return fetch('https://ledger.internal/health');
  }

  class PaymentsClient {
    /** @param {string} baseUrl */
    constructor(baseUrl) {
      this.baseUrl = baseUrl;
    }

    /** @param {string} orderId @param {number} amountCents */
    async charge(orderId, amountCents) {
      const response = await fetch(\`\${this.baseUrl}/charges\`, {
        method: 'POST',
        body: JSON.stringify({ orderId, amountCents }),
      });
      return response.json();
    }
  }

  module.exports = { getInvoice, pingLedger, PaymentsClient };
`);

/** Where to put the cursor for each call, found anew in the text after each application. */
const CALLS = ['axios.get', "fetch('https://ledger", 'fetch(`${this.baseUrl}'];

function applyToEveryCall(library: InstructionLibrary, patternId: string, code: string, filename: string, dependencies: readonly string[] = []): string {
  let text = code;
  for (const call of CALLS) {
    const at = text.indexOf(call);
    assert.ok(at >= 0, `no ${call} in:\n${text}`);
    const file = sourceFile(text, filename, dependencies);
    const plan = planPattern({ file, library, patternId, selection: { start: at, end: at }, parser });
    file.tree.delete();
    if ('error' in plan) assert.fail(`${patternId} at ${call}: ${plan.error}`);
    text = applyEdits(text, plan.edits);
  }
  return text;
}

/**
 * Each pattern, without a library and with each library that has a form of it: how a wrapped call
 * starts, and whether the form also runs in a CommonJS file. A new variant is not compiled here
 * until it is added.
 */
const CASES: ReadonlyArray<{ pattern: PatternId; dependencies: string[]; wrapper: string; commonjs?: boolean }> = [
  { pattern: 'retry-backoff-jitter', dependencies: [], wrapper: 'retryWithBackoff(' },
  { pattern: 'retry-backoff-jitter', dependencies: ['cockatiel'], wrapper: 'retryPolicy.execute(', commonjs: true },
  { pattern: 'retry-backoff-jitter', dependencies: ['p-retry'], wrapper: 'pRetry(' },
  { pattern: 'retry-backoff-jitter', dependencies: ['async-retry'], wrapper: 'retry(', commonjs: true },
  { pattern: 'circuit-breaker', dependencies: [], wrapper: 'Breaker.execute(' },
  { pattern: 'circuit-breaker', dependencies: ['cockatiel'], wrapper: 'Breaker.execute(', commonjs: true },
  { pattern: 'circuit-breaker', dependencies: ['opossum'], wrapper: 'Breaker, ', commonjs: true },
  { pattern: 'timeout', dependencies: [], wrapper: 'withTimeout(' },
  { pattern: 'timeout', dependencies: ['cockatiel'], wrapper: 'timeoutPolicy.execute(' },
  { pattern: 'bulkhead', dependencies: ['cockatiel'], wrapper: 'Bulkhead.execute(' },
  { pattern: 'bulkhead', dependencies: ['p-limit'], wrapper: 'Limit(' },
  { pattern: 'fallback', dependencies: [], wrapper: 'withFallback(' },
  { pattern: 'resilience-pipeline', dependencies: [], wrapper: 'withFallback(' },
  { pattern: 'resilience-pipeline', dependencies: ['cockatiel'], wrapper: 'withFallback(', commonjs: true },
  { pattern: 'resilience-pipeline', dependencies: ['p-limit', 'opossum', 'p-retry'], wrapper: 'withFallback(' },
];

/** Each of the three calls went through the pattern, and a timeout passed its signal on. */
function assertWrapped(result: string, patternId: PatternId, wrapper: string): void {
  // The wrapper's argument is an arrow function: `(` of `() =>` / `(signal) =>` / `({ signal }) =>`, or `async (`.
  const uses = result.split(`${wrapper}(`).length - 1 + result.split(`${wrapper}async (`).length - 1;
  assert.strictEqual(uses, CALLS.length, `expected ${CALLS.length} wrapped calls in:\n${result}`);
  if (patternId === 'timeout' || patternId === 'resilience-pipeline') {
    const passed = result.split('signal }').length - 1 + result.split('    signal,\n').length - 1 - (result.split('({ signal }) =>').length - 1);
    assert.strictEqual(passed, CALLS.length, `a call did not get the signal:\n${result}`);
  }
}

const libraries = new Map<string, ts.SourceFile>();

/** Type-checks in-memory files against the real lib and Node typings. */
function diagnostics(files: Record<string, string>, javascript: boolean): string[] {
  const options: ts.CompilerOptions = {
    strict: true,
    // Plain JavaScript has no parameter types to infer from; everything else is checked as strictly.
    noImplicitAny: !javascript,
    target: ts.ScriptTarget.ES2022,
    lib: ['lib.es2022.d.ts'],
    types: ['node'],
    typeRoots: [path.join(PROJECT, 'node_modules', '@types')],
    module: ts.ModuleKind.ES2022,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    allowJs: javascript,
    checkJs: javascript,
    noEmit: true,
    skipLibCheck: true,
  };
  const host = ts.createCompilerHost(options, true);
  const { fileExists, readFile, getSourceFile } = host;
  host.getCurrentDirectory = () => PROJECT;
  host.fileExists = (name) => name in files || fileExists.call(host, name);
  host.readFile = (name) => files[name] ?? readFile.call(host, name);
  host.getSourceFile = (name, version, onError) => {
    if (name in files) return ts.createSourceFile(name, files[name], version, true);
    let cached = libraries.get(name);
    if (!cached) {
      cached = getSourceFile.call(host, name, version, onError);
      if (cached) libraries.set(name, cached);
    }
    return cached;
  };
  const program = ts.createProgram({ rootNames: Object.keys(files), options, host });
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file && d.start !== undefined ? `${path.basename(d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start).line + 1}: ` : '';
    return `${where}${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
}

describe('applied patterns compile', function () {
  this.timeout(60_000);
  const library = bundledLibrary();

  before(loadGrammars);

  it('the service compiles before any pattern is applied', () => {
    assert.deepStrictEqual(diagnostics({ [`${VIRTUAL}/service.ts`]: SERVICE_TS, [`${VIRTUAL}/axios.d.ts`]: AXIOS_TYPES }, false), []);
  });

  const files = (name: string, code: string) => ({ [`${VIRTUAL}/${name}`]: code, [`${VIRTUAL}/axios.d.ts`]: AXIOS_TYPES, [`${VIRTUAL}/libraries.d.ts`]: LIBRARY_TYPES });

  for (const { pattern, dependencies, wrapper, commonjs } of CASES) {
    const using = dependencies.length > 0 ? ` with ${dependencies.join(', ')}` : ' without a library';
    it(`${pattern}${using} in TypeScript`, () => {
      const result = applyToEveryCall(library, pattern, SERVICE_TS, `${VIRTUAL}/service.ts`, dependencies);
      assertWrapped(result, pattern, wrapper);
      assert.deepStrictEqual(diagnostics(files('service.ts', result), false), [], `the result does not compile:\n${result}`);
    });

    it(`${pattern}${using} in JavaScript (checkJs)`, () => {
      const result = applyToEveryCall(library, pattern, SERVICE_JS, `${VIRTUAL}/service.js`, dependencies);
      assertWrapped(result, pattern, wrapper);
      assert.deepStrictEqual(diagnostics(files('service.js', result), true), [], `the result does not compile:\n${result}`);
    });

    if (commonjs) {
      it(`${pattern}${using} in CommonJS (checkJs)`, () => {
        const result = applyToEveryCall(library, pattern, SERVICE_CJS, `${VIRTUAL}/service.cjs`, dependencies);
        assertWrapped(result, pattern, wrapper);
        assert.match(result, /require\(/);
        assert.doesNotMatch(result, /^import /m);
        assert.deepStrictEqual(diagnostics(files('service.cjs', result), true), [], `the result does not compile:\n${result}`);
      });
    }
  }

  // A rule's fix that writes a pattern helper: the fan-out becomes mapWithConcurrency, helper included.
  const FAN_OUT_TS = trimIndent(`
    import axios from 'axios';

    export async function prices(skus: readonly string[]): Promise<number[]> {
      const responses = await Promise.all(skus.map((sku) => axios.get<number>(\`https://pricing.internal/\${sku}\`)));
      return responses.map((response) => response.data);
    }

    export const stock = (ids: string[]) => Promise.all(ids.map(async (id) => ({ id, level: (await axios.get<number>(\`https://stock.internal/\${id}\`)).data })));
  `);
  const FAN_OUT_JS = FAN_OUT_TS.replace('(skus: readonly string[]): Promise<number[]>', '(skus)').replace('(ids: string[])', '(ids)').replace(/<number>/g, '');

  for (const [name, code, javascript] of [['service.ts', FAN_OUT_TS, false], ['service.js', FAN_OUT_JS, true]] as const) {
    it(`require-bounded-concurrency's mapWithConcurrency fix in ${javascript ? 'JavaScript (checkJs)' : 'TypeScript'}`, () => {
      const file = sourceFile(code, `${VIRTUAL}/${name}`);
      const { findings } = runRules(file, [boundedConcurrency], { enable: true, rules: {} }, patternHelpers(library, file.language, parser));
      file.tree.delete();
      assert.strictEqual(findings.length, 2, 'both fan-outs are reported');
      const result = applyEdits(code, selectFixes(findings));
      assert.strictEqual(result.split('function mapWithConcurrency').length - 1, 1, `the helper once:\n${result}`);
      assert.match(result, /await mapWithConcurrency\(skus, \(sku\) => /);
      assert.match(result, /=> mapWithConcurrency\(ids, async \(id\) => /);
      assert.deepStrictEqual(diagnostics(files(name, result), javascript), [], `the result does not compile:\n${result}`);
    });
  }

  it('the library typings catch a wrong call (the check is not vacuous)', () => {
    const result = applyToEveryCall(library, 'retry-backoff-jitter', SERVICE_TS, `${VIRTUAL}/service.ts`, ['p-retry']).replace('randomize: true', 'randomize: 1');
    assert.notDeepStrictEqual(diagnostics(files('service.ts', result), false), []);
  });

  it('a broken helper is caught (the check is not vacuous)', () => {
    const result = applyToEveryCall(library, 'retry-backoff-jitter', SERVICE_TS, `${VIRTUAL}/service.ts`).replace('return await operation();', 'return operation;');
    assert.notDeepStrictEqual(diagnostics({ [`${VIRTUAL}/service.ts`]: result, [`${VIRTUAL}/axios.d.ts`]: AXIOS_TYPES }, false), []);
  });
});
