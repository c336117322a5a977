/**
 * What Instruction Lens knows about the resilience libraries a project may already depend on:
 * which patterns each one gives, which to prefer when a project has several, how to import them in
 * ES module and CommonJS files, and what to suggest to a project that has none. Apply Pattern writes
 * code with the library the project uses; the hover names libraries worth adopting.
 */

export type ResilienceLibrary = 'cockatiel' | 'opossum' | 'p-retry' | 'async-retry' | 'axios-retry' | 'got' | 'ky' | 'p-limit';

/** The concerns of the "Distributed systems" instruction sections that a library can take over. */
export type ResilienceConcern = 'retry' | 'circuit-breaker' | 'timeout' | 'bulkhead' | 'fallback';

export interface ResilienceLibraryInfo {
  /** Concerns the library applies around any call (a policy, a limiter, a breaker). */
  wraps: readonly ResilienceConcern[];
  /** Concerns an HTTP client library handles through its own options (got's and ky's retries), not around other calls. */
  configures: readonly ResilienceConcern[];
  /**
   * Published as an ES module only (p-retry 5+, p-limit 4+, got 12+, ky): `require()` fails on the
   * Node versions most services run, so a CommonJS file gets it only when it already requires it
   * (its authors pinned a version that works there).
   */
  esmOnly: boolean;
}

export const RESILIENCE_LIBRARIES: Readonly<Record<ResilienceLibrary, ResilienceLibraryInfo>> = {
  cockatiel: { wraps: ['retry', 'circuit-breaker', 'timeout', 'bulkhead', 'fallback'], configures: [], esmOnly: false },
  opossum: { wraps: ['circuit-breaker'], configures: [], esmOnly: false },
  'p-retry': { wraps: ['retry'], configures: [], esmOnly: true },
  'async-retry': { wraps: ['retry'], configures: [], esmOnly: false },
  'axios-retry': { wraps: [], configures: ['retry'], esmOnly: false },
  got: { wraps: [], configures: ['retry', 'timeout'], esmOnly: true },
  ky: { wraps: [], configures: ['retry', 'timeout'], esmOnly: true },
  'p-limit': { wraps: ['bulkhead'], configures: [], esmOnly: true },
};

/**
 * The libraries Apply Pattern writes code with, best first, for each concern:
 * - cockatiel first wherever it applies: one library for every policy, and its policies compose;
 * - the bulkhead prefers cockatiel because its queue is bounded (p-limit queues without limit,
 *   which the "Bulkheads" section warns only moves the problem into memory);
 * - no library for fallbacks: cockatiel's `fallback(policy, value)` calls its factory without the
 *   error, which the "Graceful degradation" section requires the fallback to log, so the
 *   dependency-free `withFallback` stays.
 */
export const PREFERRED_LIBRARIES: Readonly<Record<ResilienceConcern, readonly ResilienceLibrary[]>> = {
  retry: ['cockatiel', 'p-retry', 'async-retry'],
  'circuit-breaker': ['cockatiel', 'opossum'],
  timeout: ['cockatiel'],
  bulkhead: ['cockatiel', 'p-limit'],
  fallback: [],
};

export function isResilienceLibrary(name: string): name is ResilienceLibrary {
  return Object.prototype.hasOwnProperty.call(RESILIENCE_LIBRARIES, name);
}

/** The resilience libraries among a project's dependencies (HTTP clients with built-in retries included). */
export function resilienceLibrariesOf(dependencies: ReadonlySet<string>): ResilienceLibrary[] {
  return (Object.keys(RESILIENCE_LIBRARIES) as ResilienceLibrary[]).filter((name) => dependencies.has(name));
}

export type ModuleSystem = 'esm' | 'commonjs';

/**
 * Whether code in a file of `system` can load `library`. `alreadyLoaded`: the file imports or
 * requires it already, so whichever version the project has works there.
 */
export function canLoad(library: ResilienceLibrary, system: ModuleSystem, alreadyLoaded: boolean): boolean {
  return system === 'esm' || alreadyLoaded || !RESILIENCE_LIBRARIES[library].esmOnly;
}

/**
 * The libraries to write `concern` with, best first: those the file already loads, then the other
 * project dependencies, each group in {@link PREFERRED_LIBRARIES} order, leaving out what the file's
 * module system cannot load.
 */
export function librariesFor(
  concern: ResilienceConcern,
  project: { dependencies: ReadonlySet<string>; loaded: ReadonlySet<string>; system: ModuleSystem },
): ResilienceLibrary[] {
  const usable = PREFERRED_LIBRARIES[concern].filter((library) => {
    const loaded = project.loaded.has(library);
    return (loaded || project.dependencies.has(library)) && canLoad(library, project.system, loaded);
  });
  return [...usable.filter((l) => project.loaded.has(l)), ...usable.filter((l) => !project.loaded.has(l))];
}

/** One module's bindings a piece of code needs: `import retryDefault, { a, b as c } from 'm'`. */
export interface ImportSpec {
  module: string;
  /** Local name of the default export (`module.exports` of a CommonJS package). */
  default?: string;
  named: ReadonlyArray<{ imported: string; local: string }>;
}

export interface ImportStyle {
  quote: "'" | '"';
  semicolons: boolean;
}

/**
 * The statements that bring `spec` into a file: `import pLimit from 'p-limit';`,
 * `import { bulkhead, retry } from 'cockatiel';`, or for CommonJS
 * `const CircuitBreaker = require('opossum');` and `const { bulkhead, retry } = require('cockatiel');`.
 */
export function importSnippet(spec: ImportSpec, system: ModuleSystem, style: ImportStyle = { quote: "'", semicolons: true }): string {
  const source = `${style.quote}${spec.module}${style.quote}`;
  const end = style.semicolons ? ';' : '';
  const named = spec.named.map(({ imported, local }) => (imported === local ? local : system === 'esm' ? `${imported} as ${local}` : `${imported}: ${local}`));
  if (system === 'esm') {
    const clause = [spec.default, named.length > 0 ? `{ ${named.join(', ')} }` : undefined].filter((part) => part !== undefined).join(', ');
    return `import ${clause} from ${source}${end}`;
  }
  const lines: string[] = [];
  if (spec.default) lines.push(`const ${spec.default} = require(${source})${end}`);
  if (named.length > 0) lines.push(`const { ${named.join(', ')} } = require(${source})${end}`);
  return lines.join('\n');
}

const ADOPTION: Readonly<Partial<Record<ResilienceConcern, string>>> = {
  retry: 'cockatiel or p-retry give tested retries with backoff and jitter',
  'circuit-breaker': 'cockatiel or opossum give tested circuit breakers',
  bulkhead: 'cockatiel or p-limit give tested concurrency limits',
  fallback: 'cockatiel gives tested timeouts, retries, breakers and bulkheads that compose, with the fallback outermost',
};

/** Libraries that wrap calls in resilience policies; got and ky only configure their own requests. */
function usesPolicyLibrary(dependencies: ReadonlySet<string>): boolean {
  return resilienceLibrariesOf(dependencies).some((name) => RESILIENCE_LIBRARIES[name].wraps.length > 0 || name === 'axios-retry');
}

/**
 * One line for a project that depends on no resilience library, naming those worth adopting for
 * `concern`; undefined when the project has one, or for timeouts (`AbortSignal.timeout` needs none).
 */
export function adoptionAdvice(concern: ResilienceConcern, dependencies: ReadonlySet<string>): string | undefined {
  const advice = ADOPTION[concern];
  if (!advice || usesPolicyLibrary(dependencies)) return undefined;
  return `This project uses no resilience library; ${advice}.`;
}
