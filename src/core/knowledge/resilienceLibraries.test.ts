import * as assert from 'assert';
import { adoptionAdvice, canLoad, importSnippet, librariesFor, PREFERRED_LIBRARIES, RESILIENCE_LIBRARIES, resilienceLibrariesOf } from './resilienceLibraries';

const deps = (...names: string[]) => new Set(names);

describe('resilience libraries', () => {
  it('prefers only libraries that apply the concern around a call', () => {
    for (const [concern, libraries] of Object.entries(PREFERRED_LIBRARIES)) {
      for (const library of libraries) assert.ok(RESILIENCE_LIBRARIES[library].wraps.includes(concern as never), `${library} does not wrap ${concern}`);
    }
  });

  it('finds the resilience libraries among a project’s dependencies', () => {
    assert.deepStrictEqual(resilienceLibrariesOf(deps('express', 'got', 'cockatiel', 'p-limit')), ['cockatiel', 'got', 'p-limit']);
    assert.deepStrictEqual(resilienceLibrariesOf(deps('express')), []);
  });

  it('orders the usable libraries: loaded by the file first, then the project’s, each by preference', () => {
    const esm = { loaded: deps(), system: 'esm' as const };
    assert.deepStrictEqual(librariesFor('retry', { ...esm, dependencies: deps('async-retry', 'p-retry', 'cockatiel') }), ['cockatiel', 'p-retry', 'async-retry']);
    assert.deepStrictEqual(librariesFor('retry', { ...esm, dependencies: deps('p-retry', 'cockatiel'), loaded: deps('p-retry') }), ['p-retry', 'cockatiel']);
    assert.deepStrictEqual(librariesFor('circuit-breaker', { ...esm, dependencies: deps('opossum', 'p-retry') }), ['opossum']);
    assert.deepStrictEqual(librariesFor('fallback', { ...esm, dependencies: deps('cockatiel') }), [], 'the fallback stays the helper, which receives the error');
    assert.deepStrictEqual(librariesFor('retry', { ...esm, dependencies: deps('got', 'axios-retry') }), [], 'client-level retries do not wrap a call');
  });

  it('leaves ES-module-only packages out of CommonJS files that do not require them already', () => {
    const commonjs = { dependencies: deps('p-retry', 'p-limit', 'async-retry', 'cockatiel'), loaded: deps(), system: 'commonjs' as const };
    assert.deepStrictEqual(librariesFor('retry', commonjs), ['cockatiel', 'async-retry']);
    assert.deepStrictEqual(librariesFor('bulkhead', { ...commonjs, dependencies: deps('p-limit') }), []);
    assert.deepStrictEqual(librariesFor('bulkhead', { ...commonjs, dependencies: deps('p-limit'), loaded: deps('p-limit') }), ['p-limit']);
    assert.ok(canLoad('p-retry', 'esm', false));
    assert.ok(!canLoad('p-retry', 'commonjs', false));
    assert.ok(canLoad('opossum', 'commonjs', false));
  });

  it('writes imports for ES modules and CommonJS, with aliases, quotes and semicolons', () => {
    const cockatiel = { module: 'cockatiel', named: [{ imported: 'retry', local: 'retry' }, { imported: 'handleAll', local: 'all' }] };
    assert.strictEqual(importSnippet(cockatiel, 'esm'), "import { retry, handleAll as all } from 'cockatiel';");
    assert.strictEqual(importSnippet(cockatiel, 'commonjs'), "const { retry, handleAll: all } = require('cockatiel');");
    const opossum = { module: 'opossum', default: 'CircuitBreaker', named: [] };
    assert.strictEqual(importSnippet(opossum, 'esm', { quote: '"', semicolons: false }), 'import CircuitBreaker from "opossum"');
    assert.strictEqual(importSnippet(opossum, 'commonjs'), "const CircuitBreaker = require('opossum');");
    assert.strictEqual(importSnippet({ ...cockatiel, default: 'cockatiel' }, 'esm'), "import cockatiel, { retry, handleAll as all } from 'cockatiel';");
  });

  it('suggests libraries to a project without one, once per concern, never for timeouts', () => {
    assert.strictEqual(adoptionAdvice('circuit-breaker', deps('axios')), 'This project uses no resilience library; cockatiel or opossum give tested circuit breakers.');
    assert.match(adoptionAdvice('retry', deps('got')) ?? '', /cockatiel or p-retry/);
    assert.strictEqual(adoptionAdvice('timeout', deps()), undefined);
    for (const library of ['cockatiel', 'opossum', 'p-retry', 'async-retry', 'axios-retry', 'p-limit']) {
      assert.strictEqual(adoptionAdvice('retry', deps(library)), undefined, library);
    }
  });
});
