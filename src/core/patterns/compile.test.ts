import * as assert from 'assert';
import * as path from 'path';
import * as ts from 'typescript';
import { applyEdits } from '../fixes';
import type { InstructionLibrary } from '../instructions/library';
import { planPattern } from './applyPattern';
import { PATTERNS, type PatternId } from './catalog';
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
    export interface AxiosRequestConfig {
      signal?: AbortSignal;
      timeout?: number;
      headers?: Record<string, string>;
    }
    export interface AxiosResponse<T> {
      data: T;
      status: number;
    }
    export interface AxiosInstance {
      get<T = unknown>(url: string, config?: AxiosRequestConfig): Promise<AxiosResponse<T>>;
      post<T = unknown>(url: string, data?: unknown, config?: AxiosRequestConfig): Promise<AxiosResponse<T>>;
      create(config?: AxiosRequestConfig): AxiosInstance;
    }
    const axios: AxiosInstance;
    export default axios;
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

/** Where to put the cursor for each call, found anew in the text after each application. */
const CALLS = ['axios.get', "fetch('https://ledger", 'fetch(`${this.baseUrl}'];

function applyToEveryCall(library: InstructionLibrary, patternId: string, code: string, filename: string): string {
  let text = code;
  for (const call of CALLS) {
    const at = text.indexOf(call);
    assert.ok(at >= 0, `no ${call} in:\n${text}`);
    const file = sourceFile(text, filename);
    const plan = planPattern({ file, library, patternId, selection: { start: at, end: at }, parser });
    file.tree.delete();
    if ('error' in plan) assert.fail(`${patternId} at ${call}: ${plan.error}`);
    text = applyEdits(text, plan.edits);
  }
  return text;
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

  for (const pattern of PATTERNS) {
    it(`${pattern.id} in TypeScript`, () => {
      const result = applyToEveryCall(library, pattern.id, SERVICE_TS, `${VIRTUAL}/service.ts`);
      assertWrapped(result, pattern.id);
      const problems = diagnostics({ [`${VIRTUAL}/service.ts`]: result, [`${VIRTUAL}/axios.d.ts`]: AXIOS_TYPES }, false);
      assert.deepStrictEqual(problems, [], `the result does not compile:\n${result}`);
    });

    it(`${pattern.id} in JavaScript (checkJs)`, () => {
      const result = applyToEveryCall(library, pattern.id, SERVICE_JS, `${VIRTUAL}/service.js`);
      assertWrapped(result, pattern.id);
      const problems = diagnostics({ [`${VIRTUAL}/service.js`]: result, [`${VIRTUAL}/axios.d.ts`]: AXIOS_TYPES }, true);
      assert.deepStrictEqual(problems, [], `the result does not compile:\n${result}`);
    });
  }

  it('a broken helper is caught (the check is not vacuous)', () => {
    const result = applyToEveryCall(library, 'retry-backoff-jitter', SERVICE_TS, `${VIRTUAL}/service.ts`).replace('return await operation();', 'return operation;');
    assert.notDeepStrictEqual(diagnostics({ [`${VIRTUAL}/service.ts`]: result, [`${VIRTUAL}/axios.d.ts`]: AXIOS_TYPES }, false), []);
  });
});

/** How a wrapped call starts, per pattern; a new pattern does not compile here until it is added. */
const WRAPPER_TEXT: Record<PatternId, string> = {
  'retry-backoff-jitter': 'retryWithBackoff(',
  'circuit-breaker': '.execute(',
  timeout: 'withTimeout(',
};

/** Each of the three calls went through the pattern, and the timeout passed its signal on. */
function assertWrapped(result: string, patternId: PatternId): void {
  const wrapper = WRAPPER_TEXT[patternId];
  // The wrapper's argument is an arrow function: `(` of `() =>` / `(signal) =>`, or `async (`.
  const uses = result.split(`${wrapper}(`).length - 1 + result.split(`${wrapper}async (`).length - 1;
  assert.strictEqual(uses, CALLS.length, `expected ${CALLS.length} wrapped calls in:\n${result}`);
  if (patternId === 'timeout') assert.strictEqual(result.split('signal }').length - 1 + result.split('    signal,\n').length - 1, CALLS.length, `a call did not get the signal:\n${result}`);
}
