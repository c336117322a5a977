import {
  isExpressLimiterMiddleware, isFastifyRateLimitPlugin, isLimiterName, isRateLimitMiddleware,
} from '../../knowledge/rateLimiters';
import { recogniseRegister, recogniseRoute, recogniseUse, type MiddlewareUse, type RouteRegistration } from '../../knowledge/webRoutes';
import type { Binding } from '../../parse/bindings';
import type { SyntaxNode } from '../../parse/parser';
import { argumentsOf, calleeOf, dottedName, findProperty, hasSpread, unwrap } from '../../parse/syntax';
import type { SourceFile } from '../../sourceFile';
import type { Fix } from '../../types';
import { defineRule, JS_FAMILY } from '../rule';
import { insertArgument, setProperties } from '../require-timeout/insertions';
import { isAuthenticationPath } from './authPaths';

/** Methods that submit credentials; a GET of `/login` renders a form. */
const SUBMITTING_METHODS: ReadonlySet<string> = new Set(['post', 'put', 'patch', 'all']);
/** Call names that can add a route, middleware or plugin: everything else is skipped before resolving names. */
const CALL_NAMES: ReadonlySet<string> = new Set([...SUBMITTING_METHODS, 'route', 'use', 'register']);
const FASTIFY_HOOKS: readonly string[] = ['onRequest', 'preParsing', 'preValidation', 'preHandler'];
/** The section's fastify example. */
const FASTIFY_LIMIT = "{ max: 5, timeWindow: '15 minutes' }";

interface Register {
  call: SyntaxNode;
  plugin: SyntaxNode;
  options?: SyntaxNode;
}

export default defineRule({
  meta: {
    id: 'require-auth-rate-limit',
    description: 'Routes that check or issue credentials are rate limited.',
    messages: {
      express: '{{route}} checks or issues credentials, but no rate limiter runs before it: an attacker can try passwords or one-time codes as fast as the server answers. Put a per-IP and a per-account limiter on it, backed by a shared store such as Redis.',
      fastify: '{{route}} checks or issues credentials, but this file registers no @fastify/rate-limit and the route sets no config.rateLimit: an attacker can try passwords or one-time codes as fast as the server answers. Limit it per IP and per account, backed by a shared store such as Redis.',
      fastifyNotGlobal: '{{route}} checks or issues credentials but sets no config.rateLimit, and @fastify/rate-limit is registered with global: false, so this route is not limited. Give it its own limit.',
      fastifyLimitOff: '{{route}} checks or issues credentials, yet config.rateLimit: false exempts it from @fastify/rate-limit. Give it a limit instead.',
    },
    defaultSeverity: 'warning',
    section: { instruction: 'secure-backend', heading: 'Rate limiting authentication' },
    fixable: true,
    languages: JS_FAMILY,
  },
  create(context) {
    const { file } = context;
    if ((!file.text.includes('express') && !file.text.includes('fastify'))) return {};
    const routes: RouteRegistration[] = [];
    const uses: MiddlewareUse[] = [];
    const registers: Register[] = [];

    return {
      call_expression(call) {
        const callee = calleeOf(call);
        const name = callee?.type === 'member_expression' ? callee.childForFieldName('property')?.text : undefined;
        if (!name || !CALL_NAMES.has(name)) return;
        if (name === 'use') {
          const use = recogniseUse(file, call);
          if (use) uses.push(use);
        } else if (name === 'register') {
          const register = recogniseRegister(file, call);
          if (register) registers.push(register);
        } else {
          const route = recogniseRoute(file, call);
          if (route && route.methods.some((m) => SUBMITTING_METHODS.has(m)) && route.paths.some(isAuthenticationPath)) routes.push(route);
        }
      },
      // Middleware and plugins may be set up after the routes in the file: judge at the end.
      'program:exit'() {
        const judge = new Judge(file, uses, registers);
        for (const route of routes) {
          const problem = route.instance.framework === 'express' ? judge.express(route) : judge.fastify(route);
          if (!problem) continue;
          const path = route.paths.find(isAuthenticationPath) ?? '';
          const method = route.methods.find((m) => SUBMITTING_METHODS.has(m)) ?? 'post';
          const data = { route: method === 'all' ? path : `${method.toUpperCase()} ${path}` };
          context.report({ node: route.pathNode, messageId: problem.messageId, data, fixes: problem.fixes });
        }
      },
    };
  },
});

interface Problem {
  messageId: string;
  fixes: Fix[];
}

class Judge {
  constructor(
    private readonly file: SourceFile,
    private readonly uses: readonly MiddlewareUse[],
    private readonly registers: readonly Register[],
  ) {}

  express(route: RouteRegistration): Problem | undefined {
    const { file } = this;
    if (route.handlers.some((handler) => isRateLimitMiddleware(file, handler))) return undefined;
    const uncovered = route.paths.filter(isAuthenticationPath).some((path) => !this.limitedBefore(route.instance.binding, path, route.call.startIndex, 0));
    if (!uncovered) return undefined;
    return { messageId: 'express', fixes: this.addExistingLimiter(route) };
  }

  /** True when a limiter is mounted on `binding` before `offset` for `path`, or on the app that mounts this router. */
  private limitedBefore(binding: Binding | undefined, path: string, offset: number, depth: number): boolean {
    if (!binding || depth > 3) return false;
    for (const use of this.uses) {
      if (use.instance.binding !== binding || use.call.startIndex > offset || !coversPath(use.prefix, path)) continue;
      if (use.middleware.some((m) => isRateLimitMiddleware(this.file, m))) return true;
    }
    // A router mounted here (`app.use('/auth', authLimiter, authRouter)`) is limited by what runs before it.
    for (const mount of this.uses) {
      const index = mount.middleware.findIndex((m) => unwrap(m).type === 'identifier' && this.file.resolver.resolve(unwrap(m)) === binding);
      if (index < 0) continue;
      if (mount.middleware.slice(0, index).some((m) => isRateLimitMiddleware(this.file, m))) return true;
      if (this.limitedBefore(mount.instance.binding, joinPaths(mount.prefix, path), mount.call.startIndex, depth + 1)) return true;
    }
    return false;
  }

  /** The unsafe fix: a limiter middleware this file already creates (express-rate-limit, express-slow-down), added to the route. */
  private addExistingLimiter(route: RouteRegistration): Fix[] {
    const first = route.handlers[0];
    if (!first) return [];
    const candidates = [...this.file.resolver.declarationsOf(this.file.root).values()].filter(
      (b) => b.kind === 'variable' && b.identifier.endIndex < route.call.startIndex && isExpressLimiterMiddleware(this.file, b.identifier) && this.file.resolver.lookup(b.name, route.call) === b,
    );
    const limiter = candidates.find((b) => /auth|login|sign|password|otp|token/i.test(b.name)) ?? candidates[0];
    if (!limiter) return [];
    const index = argumentsOf(route.call).findIndex((arg) => arg.id === first.id);
    const edits = insertArgument(this.file.text, route.call, index, limiter.name);
    return [{ title: `Add ${limiter.name} to this route`, edits, safe: false, preferred: true }];
  }

  fastify(route: RouteRegistration): Problem | undefined {
    const options = route.options && unwrap(route.options);
    if (options && (options.type !== 'object' || hasSpread(options))) return undefined; // options from elsewhere
    let off: SyntaxNode | undefined;
    const config = options && findProperty(options, 'config');
    const configObject = config && unwrap(config.value);
    if (configObject) {
      if (configObject.type !== 'object' || hasSpread(configObject)) return undefined;
      const limit = findProperty(configObject, 'rateLimit');
      if (limit && unwrap(limit.value).type !== 'false') return undefined;
      off = limit?.value;
    }
    for (const hook of FASTIFY_HOOKS) {
      const value = options && findProperty(options, hook)?.value;
      if (value && isRateLimitMiddleware(this.file, value)) return undefined;
    }
    const plugins = this.registers.filter((r) => isFastifyRateLimitPlugin(this.file, r.plugin) || dottedName(unwrap(r.plugin))?.some(isLimiterName));
    const fix = (): Fix[] => [this.configFix(route, options, configObject, off)];
    if (off) return plugins.length > 0 ? { messageId: 'fastifyLimitOff', fixes: fix() } : { messageId: 'fastify', fixes: [] };
    if (plugins.length === 0) return { messageId: 'fastify', fixes: [] };
    return plugins.every((p) => isNotGlobal(p.options)) ? { messageId: 'fastifyNotGlobal', fixes: fix() } : undefined;
  }

  /** Sets `config.rateLimit` on the route: the plugin is there, the route only needs its own limit. */
  private configFix(route: RouteRegistration, options: SyntaxNode | undefined, config: SyntaxNode | undefined, off: SyntaxNode | undefined): Fix {
    const text = this.file.text;
    const edits = off
      ? [{ start: off.startIndex, end: off.endIndex, text: FASTIFY_LIMIT }]
      : config
        ? setProperties(text, config, [['rateLimit', FASTIFY_LIMIT]])
        : options
          ? setProperties(text, options, [['config', `{ rateLimit: ${FASTIFY_LIMIT} }`]])
          : insertArgument(text, route.call, 1, `{ config: { rateLimit: ${FASTIFY_LIMIT} } }`);
    return { title: `Limit this route: config.rateLimit ${FASTIFY_LIMIT}`, edits, safe: false, preferred: true };
  }
}

/** `register(rateLimit, { global: false, ... })`: the plugin limits only routes that ask for it. */
function isNotGlobal(options: SyntaxNode | undefined): boolean {
  const object = options && unwrap(options);
  if (object?.type !== 'object') return false;
  return unwrap(findProperty(object, 'global')?.value ?? object).type === 'false';
}

function segments(path: string): string[] {
  return path.toLowerCase().split('/').filter(Boolean);
}

/** Express mounts `use(prefix, ...)` on every path that starts with the prefix's segments. */
function coversPath(prefix: string | undefined, path: string): boolean {
  if (prefix === undefined) return true;
  const wanted = segments(prefix);
  const actual = segments(path);
  return wanted.length <= actual.length && wanted.every((segment, i) => segment.startsWith(':') || segment === actual[i]);
}

function joinPaths(prefix: string | undefined, path: string): string {
  return `/${[...segments(prefix ?? ''), ...segments(path)].join('/')}`;
}
