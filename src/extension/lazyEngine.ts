import type { EngineHost } from './engineHost';
import type { Log } from './log';

export type { EngineHost } from './engineHost';

/**
 * Loads `dist/engine.js` (the core, tree-sitter, the instruction files) the first time a document
 * needs it, never during activation. Modules other than `engineHost.ts` import the core only as
 * types; at run time they reach it through this object.
 */
export class LazyEngine {
  private host: EngineHost | undefined;

  constructor(private readonly log: Log) {}

  /** The engine host, loading it now if needed. Throws if the bundle cannot be loaded. */
  get(): EngineHost {
    if (!this.host) {
      const started = performance.now();
      // A separate bundle beside dist/extension.js; esbuild leaves this require alone.
      const module = require('./engine.js') as typeof import('./engineHost');
      this.host = module.createEngineHost();
      this.log.debug(`engine loaded in ${(performance.now() - started).toFixed(1)} ms`);
      // Problems of the bundled files are ours to fix, not the user's: kept out of their way.
      for (const file of this.host.bundledProblems) {
        for (const problem of file.problems) this.log.debug(`bundled ${file.path}:${problem.line + 1}: ${problem.message}`);
      }
    }
    return this.host;
  }

  /** The host if it is loaded already; for work that is pointless before the first analysis. */
  ifLoaded(): EngineHost | undefined {
    return this.host;
  }
}
