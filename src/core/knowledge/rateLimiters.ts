import type { SyntaxNode } from '../parse/parser';
import { calleeOf, dottedName, FUNCTION_TYPES, stringValue, unwrap } from '../parse/syntax';
import type { SourceFile } from '../sourceFile';
import { originModule } from './modules';

/**
 * What rate limiting looks like in express and fastify code: the limiter libraries, the middleware
 * they create, and the names people give their own limiters (`loginLimiter`, `throttle(5)`).
 */

/** Modules whose values limit request rates: middleware factories, limiter classes, fastify plugins. */
export const RATE_LIMIT_MODULES: ReadonlySet<string> = new Set([
  'express-rate-limit', 'express-slow-down', 'rate-limiter-flexible', 'express-brute', 'express-limiter',
  '@fastify/rate-limit', 'fastify-rate-limit',
]);
/** The fastify plugins that limit routes once registered. */
export const FASTIFY_RATE_LIMIT_MODULES: ReadonlySet<string> = new Set(['@fastify/rate-limit', 'fastify-rate-limit']);
/** Modules whose default (or `rateLimit`/`slowDown`) export returns express middleware. */
const EXPRESS_MIDDLEWARE_MODULES: ReadonlySet<string> = new Set(['express-rate-limit', 'express-slow-down']);

/** Names that say a value limits or slows requests: `authLimiter`, `rateLimit`, `throttle`, `slowDown`, `bruteforce`. */
const LIMITER_NAME = /limit|throttl|slow_?down|brute/i;

export function isLimiterName(name: string): boolean {
  return LIMITER_NAME.test(name);
}

/**
 * True when a middleware argument limits requests: a value from a limiter module, a name that says
 * so, an array holding one, or a middleware function of this file that uses one. A spread
 * (`...authMiddleware`) cannot be seen into and counts as covered: never report on unknowns.
 */
export function isRateLimitMiddleware(file: SourceFile, node: SyntaxNode, depth = 0): boolean {
  const n = unwrap(node);
  switch (n.type) {
    case 'spread_element':
      return true;
    case 'array':
      return n.namedChildren.some((c) => c !== null && isRateLimitMiddleware(file, c, depth));
    case 'identifier':
    case 'member_expression':
    case 'call_expression': {
      const named = n.type === 'call_expression' ? calleeOf(n) : n;
      const names = named ? dottedName(named) : undefined;
      if (names?.some(isLimiterName)) return true;
      const module = originModule(file.resolver.valueOf(n));
      if (module !== undefined && RATE_LIMIT_MODULES.has(module)) return true;
      if (n.type !== 'identifier' || depth > 0) return false;
      // One step into a middleware this file defines: `const guard = async (req, res, next) => { await limiter.consume(req.ip) ... }`.
      const binding = file.resolver.resolve(n);
      const fn = binding?.kind === 'function' ? binding.identifier.parent : binding?.kind === 'variable' ? binding.init : undefined;
      return fn !== undefined && fn !== null && FUNCTION_TYPES.has(unwrap(fn).type) && usesLimiter(file, unwrap(fn));
    }
    default:
      return false;
  }
}

function usesLimiter(file: SourceFile, fn: SyntaxNode): boolean {
  return fn.descendantsOfType(['identifier', 'property_identifier']).some((name) => {
    if (!name) return false;
    if (isLimiterName(name.text)) return true;
    if (name.type !== 'identifier') return false;
    const module = originModule(file.resolver.valueOf(name));
    return module !== undefined && RATE_LIMIT_MODULES.has(module);
  });
}

/** True when `node` is express middleware made by express-rate-limit or express-slow-down (`rateLimit({...})`). */
export function isExpressLimiterMiddleware(file: SourceFile, node: SyntaxNode): boolean {
  const value = file.resolver.valueOf(node);
  if (value.kind !== 'created' || value.path.length > 0 || value.by.kind !== 'module') return false;
  const { module, path } = value.by;
  return EXPRESS_MIDDLEWARE_MODULES.has(module) && (path.length === 0 || ['rateLimit', 'slowDown'].includes(path[0]));
}

/** True when a fastify plugin argument is @fastify/rate-limit: imported, required, or `import('@fastify/rate-limit')`. */
export function isFastifyRateLimitPlugin(file: SourceFile, plugin: SyntaxNode): boolean {
  const n = unwrap(plugin);
  if (n.type === 'call_expression' && calleeOf(n)?.type === 'import') {
    const specifier = n.childForFieldName('arguments')?.namedChildren[0];
    const module = specifier ? stringValue(specifier) : undefined;
    return module !== undefined && FASTIFY_RATE_LIMIT_MODULES.has(module);
  }
  const module = originModule(file.resolver.valueOf(n));
  return module !== undefined && FASTIFY_RATE_LIMIT_MODULES.has(module);
}
