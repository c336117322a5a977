import { mayMakeHttpCalls, recognizeHttpCall } from '../../knowledge/httpCalls';
import { importsAnyOf } from '../../knowledge/modules';
import { BREAKER_MODULES, breakerCall, runsUnknownPolicy } from '../../knowledge/resiliencePolicies';
import { hostComesWithEachCall, sendsToLocalhost } from '../../knowledge/requestTargets';
import { isServerSideFile, isTestSupportPath, requestHandlerFor } from '../../knowledge/serverSide';
import { wrapperRunning } from '../../knowledge/wrappedFunctions';
import type { SyntaxNode } from '../../parse/parser';
import { calleeOf, FUNCTION_TYPES } from '../../parse/syntax';
import type { SourceFile } from '../../sourceFile';
import { defineRule, JS_FAMILY, type RuleVisitor } from '../rule';
import { opossumDefaultTimeout } from './opossumTimeout';

/**
 * An HTTP request made straight from a request handler (express, fastify or koa route, NestJS
 * controller method) or from a method of a service client class (`PaymentsClient`,
 * `InventoryGateway`, an `@Injectable()` service) with no circuit breaker around it: not run by a
 * cockatiel circuit breaker policy (or a `wrap` holding one), by opossum (`new CircuitBreaker(fn)`),
 * or by anything named like a breaker (`pricingBreaker.execute(...)`, `withCircuitBreaker(...)`).
 * One finding per function, on its first unguarded request.
 *
 * Deliberately silent: requests made in helper functions the handler calls (the breaker may wrap
 * the helper's caller), requests through injected clients (`this.http.get(...)`: what they are is
 * not visible here), requests to localhost, database and SDK calls, test files and test support
 * code, client classes outside server code, and client classes in a project that depends on a
 * breaker library this file does not import (the breaker may wrap the class from outside). No fix:
 * a breaker must be one instance shared per dependency, which Apply Pattern ("Circuit breaker")
 * declares and reuses; a quick fix on one call cannot.
 *
 * Also an opossum breaker created without a `timeout` option (`defaultTimeout`): opossum then
 * rejects a call only after 10 s. Fix (unsafe): add `timeout: 3_000` to its options.
 */

/** The text of a callee that registers a route or middleware: `app.get`, `router.post<Params>`. */
const ROUTE_CALLEE = /\.\s*(get|post|put|patch|delete|del|all|head|options|use|route)\s*(<[^()]*>)?\s*$/;
/** Class names of service clients: the class exists to talk to one dependency. */
const CLIENT_CLASS = /(Client|Gateway|Api|API|Adapter|Connector|Service|Sdk|SDK|Proxy)$/;
const OPOSSUM: ReadonlySet<string> = new Set(['opossum']);
/** Where the message sends the calls (the section: one breaker per dependency, per host). */
const SHARED = 'one breaker shared by the process';
const PER_HOST = 'one breaker per host, kept for the process (the URL comes with each call, so one failing host must not open it for the others)';

interface Owner {
  fn: SyntaxNode;
  kind: 'handler' | 'clientMethod';
  /** `PricingClient.getPrice` for a client method. */
  where: string;
  /** The calls that the request's callbacks are handed to, innermost first, up to the owner. */
  callbacksOf: SyntaxNode[];
}

export default defineRule({
  meta: {
    id: 'require-circuit-breaker',
    description: 'Calls to remote dependencies from request handlers and service clients go through a circuit breaker.',
    messages: {
      handler:
        '{{callee}} calls a remote dependency from a request handler with no circuit breaker: while it is down, every request still waits for the full timeout (and any retries). Send calls to it through {{breakers}}, so they fail fast while it is open.',
      clientMethod:
        '{{callee}} in {{where}} calls a remote dependency with no circuit breaker: while it is down, every caller still waits for the full timeout (and any retries). Send calls to it through {{breakers}}, so they fail fast while it is open.',
      defaultTimeout:
        'This opossum breaker sets no timeout, so opossum times out every call through it only after 10 s (its default), too long for most request paths. Set `timeout` to fit the caller\'s deadline (or `timeout: false` to turn it off on purpose).',
    },
    defaultSeverity: 'info',
    section: { instruction: 'distributed-systems', heading: 'Circuit breakers' },
    fixable: true,
    languages: JS_FAMILY,
    pattern: 'circuit-breaker',
  },
  create(context) {
    const { file } = context;
    if (isTestSupportPath(file)) return {};
    const visitor: RuleVisitor = {};
    if (importsAnyOf(file, OPOSSUM)) {
      visitor.new_expression = (construction) => {
        const found = opossumDefaultTimeout(file, construction);
        if (found) context.report({ node: found.callee, messageId: 'defaultTimeout', fixes: [found.fix] });
      };
    }
    if (!mayMakeHttpCalls(file)) return visitor;
    const reported = new Set<number>();
    /** Owners by the function a request is written in: requests in one function share it. */
    const owners = new Map<number, Owner | null>();
    return {
      ...visitor,
      call_expression(call) {
        const http = recognizeHttpCall(file, call);
        const inner = http && file.enclosing(call, FUNCTION_TYPES);
        if (!http || !inner || sendsToLocalhost(http)) return;
        let owner = owners.get(inner.id);
        if (owner === undefined) owners.set(inner.id, (owner = ownerOf(file, inner) ?? null));
        if (!owner || reported.has(owner.fn.id) || guarded(file, owner)) return;
        reported.add(owner.fn.id);
        // A URL that comes with each call (a webhook's) reaches many hosts: one failing host must not open the breaker for all.
        const breakers = hostComesWithEachCall(file, http) ? PER_HOST : SHARED;
        const data = { callee: http.callee.text.replace(/\s+/g, ''), where: owner.where, breakers };
        context.report({ node: http.callee, messageId: owner.kind, data });
      },
    };
  },
});

/**
 * The handler or client method that a request written in the function `innermost` is made in,
 * looking out through callbacks (`items.map(...)`, `.then(...)`); undefined for any other function.
 */
function ownerOf(file: SourceFile, innermost: SyntaxNode): Owner | undefined {
  const callbacksOf: SyntaxNode[] = [];
  // From function to enclosing function: the file's node index answers without climbing the tree.
  for (let fn: SyntaxNode | null = innermost; fn; fn = file.enclosing(fn, FUNCTION_TYPES)) {
    const callback = fn.parent?.type === 'arguments' ? fn.parent.parent : null;
    // A callback is a handler only when handed to a route method (`app.get(path, fn)`), not to `map` or `then`.
    if ((!callback || registersRoutes(file, callback)) && requestHandlerFor(file, fn)) return { fn, kind: 'handler', where: '', callbacksOf };
    if (fn.type === 'method_definition') return clientMethod(file, fn, callbacksOf);
    if (!callback) return undefined;
    callbacksOf.push(callback);
  }
  return undefined;
}

/** `app.get(`, `router.post(`: read from the text of the callee, before the arguments. */
function registersRoutes(file: SourceFile, call: SyntaxNode): boolean {
  const args = call.childForFieldName('arguments');
  return args !== null && ROUTE_CALLEE.test(file.text.slice(call.startIndex, args.startIndex));
}

function clientMethod(file: SourceFile, method: SyntaxNode, callbacksOf: SyntaxNode[]): Owner | undefined {
  const name = method.childForFieldName('name')?.text;
  const body = method.parent;
  const declaration = body?.type === 'class_body' ? body.parent : undefined;
  const className = declaration?.childForFieldName('name')?.text;
  if (!name || name === 'constructor' || !declaration || !className) return undefined;
  if (!CLIENT_CLASS.test(className) && !isInjectable(declaration)) return undefined;
  if (!isServerSideFile(file) || breakersLiveElsewhere(file)) return undefined;
  return { fn: method, kind: 'clientMethod', where: `${className}.${name}`, callbacksOf };
}

/** `@Injectable()` on the class (or on the `export` that holds it). */
function isInjectable(declaration: SyntaxNode): boolean {
  const holders = declaration.parent?.type === 'export_statement' ? [declaration, declaration.parent] : [declaration];
  return holders.some((holder) =>
    holder.namedChildren.some((child) => {
      const expression = child?.type === 'decorator' ? child.namedChildren[0] : null;
      const name = expression?.type === 'call_expression' ? calleeOf(expression) : expression;
      return name?.type === 'identifier' && name.text === 'Injectable';
    }),
  );
}

function breakersLiveElsewhere(file: SourceFile): boolean {
  return [...file.project.dependencies].some((d) => BREAKER_MODULES.has(d)) && !importsAnyOf(file, BREAKER_MODULES);
}

/**
 * True when a breaker runs the request: a callback between it and its owner is passed to a breaker
 * (or to a policy this file cannot trace, in a file that uses breakers), or the owner itself is a
 * function some breaker of this file runs (`new CircuitBreaker(this.getPrice.bind(this))`).
 */
function guarded(file: SourceFile, owner: Owner): boolean {
  if (owner.callbacksOf.some((outer) => breakerCall(file, outer) || (usesBreakers(file) && runsUnknownPolicy(file, outer)))) return true;
  // A handler is run by its framework; a client method may be run by a breaker of this file (by its name: a sign is enough).
  return owner.kind === 'clientMethod' && wrapperRunning(file, owner.fn, 'breaker', true) !== undefined;
}

function usesBreakers(file: SourceFile): boolean {
  return importsAnyOf(file, BREAKER_MODULES);
}
