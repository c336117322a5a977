import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vm from 'vm';
import { bundledInstructionsDir } from '../instructions/bundled';
import type { SyntaxNode } from '../parse/parser';
import { PATTERNS, patternCode } from './catalog';
import { stripTypes, StripTypesError } from './stripTypes';
import { bundledLibrary, loadGrammars, parser, trimIndent } from './testing';

/** Parses JavaScript and lists the ERROR and MISSING nodes, with their text. */
function syntaxErrors(code: string): string[] {
  const tree = parser.parse('javascript', code);
  const errors: string[] = [];
  const walk = (node: SyntaxNode) => {
    if (node.isError || node.isMissing) errors.push(`${node.isMissing ? 'missing' : 'error'} at ${node.startPosition.row + 1}:${node.startPosition.column + 1}: ${node.text.slice(0, 60)}`);
    else if (node.hasError) for (const child of node.children) if (child) walk(child);
  };
  walk(tree.rootNode);
  tree.delete();
  return errors;
}

function check(before: string, after: string): void {
  const output = stripTypes(trimIndent(before), parser);
  assert.strictEqual(output, trimIndent(after));
  assert.deepStrictEqual(syntaxErrors(output), [], `the output is not JavaScript:\n${output}`);
}

/** Every ```ts block of the bundled instruction files, pattern or example, with where it starts. */
function bundledTypeScriptBlocks(): Array<{ where: string; code: string }> {
  const dir = bundledInstructionsDir();
  const blocks: Array<{ where: string; code: string }> = [];
  for (const name of fs.readdirSync(dir).filter((n) => n.endsWith('.instructions.md'))) {
    const lines = fs.readFileSync(path.join(dir, name), 'utf8').split(/\r?\n/);
    for (let i = 0; i < lines.length; i++) {
      if (!/^```(ts|typescript)\b/.test(lines[i])) continue;
      const end = lines.findIndex((l, j) => j > i && l.startsWith('```'));
      blocks.push({ where: `${name}:${i + 1}`, code: lines.slice(i + 1, end).join('\n') + '\n' });
      i = end;
    }
  }
  return blocks;
}

describe('stripTypes', () => {
  before(loadGrammars);

  it('removes annotations, return types and optional marks', () => {
    check(
      `
      function charge(orderId: string, amount?: number): Promise<void> {
        const attempts: number = 0;
        return send({ orderId, amount, attempts });
      }
      `,
      `
      function charge(orderId, amount) {
        const attempts = 0;
        return send({ orderId, amount, attempts });
      }
      `,
    );
  });

  it('removes type parameters and arguments, including on `await f<T>(x)`', () => {
    check(
      `
      async function first<T, R = T>(items: readonly T[], map: (item: T) => R): Promise<R> {
        const { data } = await axios.get<Invoice>(url);
        const seen = new Map<string, number>();
        const pick = <U,>(value: U): U => value;
        return map(pick(items[0]));
      }
      `,
      `
      async function first(items, map) {
        const { data } = await axios.get(url);
        const seen = new Map();
        const pick = (value) => value;
        return map(pick(items[0]));
      }
      `,
    );
  });

  it('keeps the expression of `as`, `satisfies`, `x!` and `<T>x`', () => {
    check(
      `
      const total = (order as Order).lines!.length satisfies number;
      const config = { retries: 3 } as const;
      const legacy = <number>value;
      let timer!: ReturnType<typeof setTimeout>;
      `,
      `
      const total = (order).lines.length;
      const config = { retries: 3 };
      const legacy = value;
      let timer;
      `,
    );
  });

  it('removes interfaces and type aliases with their doc comments, keeping other comments', () => {
    check(
      `
      // Prices, in cents.
      import type { Price } from './price';
      import { type Currency, format } from './money';

      /** What the pricing service returns. */
      export interface Quote {
        price: Price;
      }

      type Cents = number; // integer

      /** Formats a quote. */
      export function show(quote: Quote): string {
        return format(quote.price /* cents */);
      }

      export type { Cents };
      `,
      `
      // Prices, in cents.
      import { format } from './money';

      /** Formats a quote. */
      export function show(quote) {
        return format(quote.price /* cents */);
      }
      `,
    );
  });

  it('removes modifiers, `declare` fields, index signatures and abstract members', () => {
    check(
      `
      abstract class Breaker<T> extends Base<T> implements Policy {
        [key: string]: unknown;
        declare readonly kind: string;
        private state: 'open' | 'closed' = 'closed';
        protected static readonly limit = 5;
        abstract onOpen(): void;
        public override async execute<R>(operation: () => Promise<R>): Promise<R> {
          return operation();
        }
      }
      `,
      `
      class Breaker extends Base {
        state = 'closed';
        static limit = 5;
        async execute(operation) {
          return operation();
        }
      }
      `,
    );
  });

  it('turns constructor parameter properties into assignments, after `super()`', () => {
    check(
      `
      class Client extends Base {
        constructor(private readonly baseUrl: string, public retries = 3, label?: string) {
          super(label);
          this.start();
        }
      }

      class Breaker {
        constructor(
          private readonly threshold: number = 5,
          readonly resetMs: number = 30_000,
        ) {}
      }
      `,
      `
      class Client extends Base {
        constructor(baseUrl, retries = 3, label) {
          super(label);
          this.baseUrl = baseUrl;
          this.retries = retries;
          this.start();
        }
      }

      class Breaker {
        constructor(
          threshold = 5,
          resetMs = 30_000,
        ) {
          this.threshold = threshold;
          this.resetMs = resetMs;
        }
      }
      `,
    );
  });

  it('removes overload signatures, `this` parameters and ambient declarations', () => {
    check(
      `
      declare const INVENTORY_URL: string;

      function parse(text: string): number;
      function parse(text: string, radix: number): number;
      function parse(this: void, text: string, radix = 10): number {
        return Number.parseInt(text, radix);
      }
      `,
      `
      function parse(text, radix = 10) {
        return Number.parseInt(text, radix);
      }
      `,
    );
  });

  it('refuses constructs that have no JavaScript form', () => {
    assert.throws(() => stripTypes('enum State { Open, Closed }\n', parser), StripTypesError);
    assert.throws(() => stripTypes('namespace Retry { export const max = 3; }\n', parser), StripTypesError);
    assert.throws(() => stripTypes('import fs = require("fs");\n', parser), StripTypesError);
    assert.throws(() => stripTypes('const broken = (;\n', parser), StripTypesError);
  });

  it('turns every pattern block of the bundled instruction files into JavaScript', () => {
    const blocks = bundledLibrary().bundledFiles.flatMap((file) =>
      file.sections.flatMap((section) => section.patterns.map((block) => ({ where: `${section.heading} (pattern=${block.id})`, code: block.code }))),
    );
    assert.ok(blocks.length >= PATTERNS.length, `found only ${blocks.length} pattern blocks`);
    for (const { where, code } of blocks) {
      let output = '';
      assert.doesNotThrow(() => (output = stripTypes(code, parser)), `${where} cannot be stripped`);
      assert.deepStrictEqual(syntaxErrors(output), [], `${where} does not strip to JavaScript:\n${output}`);
    }
  });

  it('turns the other TypeScript examples of the bundled instruction files into JavaScript', () => {
    // Examples tree-sitter itself cannot parse (a generic tagged template after `await`) are skipped.
    const parsed = bundledTypeScriptBlocks().filter(({ code }) => {
      const tree = parser.parse('typescript', code);
      const ok = !tree.rootNode.hasError;
      tree.delete();
      return ok;
    });
    assert.ok(parsed.length >= 10, `only ${parsed.length} examples parse`);
    for (const { where, code } of parsed) {
      const output = stripTypes(code, parser);
      assert.deepStrictEqual(syntaxErrors(output), [], `${where} does not strip to JavaScript:\n${output}`);
    }
  });

  describe('the stripped helpers still work', () => {
    /** Runs the JavaScript form of a bundled pattern and returns what it declares. */
    function load(id: string, names: string[]): Record<string, unknown> {
      const helper = patternCode(bundledLibrary(), id, 'javascript', parser);
      if ('error' in helper) assert.fail(helper.error);
      // Math.random() = 0: retries wait no time, so the tests stay fast and deterministic.
      const script = `Math.random = () => 0;\n${helper.code}\n({ ${names.join(', ')} });`;
      return vm.runInNewContext(script, { setTimeout, clearTimeout, AbortSignal, Date }) as Record<string, unknown>;
    }

    it('retryWithBackoff retries until the operation succeeds', async () => {
      const { retryWithBackoff } = load('retry-backoff-jitter', ['retryWithBackoff']) as { retryWithBackoff: (op: () => Promise<string>, max?: number) => Promise<string> };
      let calls = 0;
      const result = await retryWithBackoff(async () => {
        calls++;
        if (calls < 3) throw new Error('ECONNRESET');
        return 'ok';
      }, 3);
      assert.strictEqual(result, 'ok');
      assert.strictEqual(calls, 3);
      await assert.rejects(retryWithBackoff(async () => Promise.reject(new Error('down')), 2), /down/);
    });

    it('CircuitBreaker opens after consecutive failures and then fails fast', async () => {
      const { CircuitBreaker } = load('circuit-breaker', ['CircuitBreaker']) as { CircuitBreaker: new (threshold?: number) => { execute<T>(op: () => Promise<T>): Promise<T> } };
      const breaker = new CircuitBreaker(2);
      let calls = 0;
      const failing = async () => {
        calls++;
        throw new Error('503');
      };
      await assert.rejects(breaker.execute(failing), /503/);
      await assert.rejects(breaker.execute(failing), /503/);
      await assert.rejects(breaker.execute(failing), /circuit open/);
      assert.strictEqual(calls, 2, 'the open breaker must not call the operation');
    });

    it('withTimeout rejects when the deadline passes and aborts the signal', async () => {
      const { withTimeout } = load('timeout', ['withTimeout']) as { withTimeout: <T>(op: (signal: AbortSignal) => Promise<T>, ms?: number) => Promise<T> };
      let seen: AbortSignal | undefined;
      const never = (signal: AbortSignal) => {
        seen = signal;
        return new Promise<never>(() => {});
      };
      await assert.rejects(withTimeout(never, 20), (error: Error) => error.name === 'TimeoutError');
      await new Promise((resolve) => setTimeout(resolve, 30));
      assert.ok(seen?.aborted, 'the signal the operation received was not aborted');
      assert.strictEqual(await withTimeout(async () => 'fast', 1_000), 'fast');
    });
  });
});
