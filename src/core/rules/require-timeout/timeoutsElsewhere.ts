import { chainedCalls, type HttpCall } from '../../knowledge/httpCalls';
import type { Value } from '../../parse/bindings';
import type { SyntaxNode } from '../../parse/parser';
import { argumentsOf, calleeOf, closestAncestor, dottedName, FUNCTION_TYPES, numberValue, unwrap } from '../../parse/syntax';
import type { SourceFile } from '../../sourceFile';

/**
 * Timeouts a call gets from somewhere other than its own options: client defaults assigned anywhere
 * in the file, a request interceptor, undici's global dispatcher, `req.setTimeout`, or a wrapper
 * such as `withTimeout(...)` around the call.
 */

/** File-level facts, learnt from calls as the tree is walked and from assignments at the end. */
export class SharedTimeouts {
  private axiosEverywhere = false;
  /** `axios.create(...)` calls (by node id) whose instances get a timeout later. */
  private readonly axiosInstances = new Set<number>();
  private dispatcherSet = false;
  private defaultsScanned = false;

  constructor(private readonly file: SourceFile) {}

  /** Learns from a call that sends no request: `setGlobalDispatcher(...)`, `api.interceptors.request.use(...)`. */
  noteCall(call: SyntaxNode, name: string | undefined): void {
    if (name === 'setGlobalDispatcher') {
      const callee = calleeOf(call);
      const value = callee ? this.file.resolver.valueOf(callee) : undefined;
      this.dispatcherSet ||= value?.kind === 'module' && value.module === 'undici' && value.path.join('.') === 'setGlobalDispatcher';
    } else if (name === 'use') {
      const path = dottedName(calleeOf(call) ?? call);
      const owner = path && path.length >= 4 && path.slice(-3).join('.') === 'interceptors.request.use' ? interceptedClient(call) : undefined;
      const [handler] = argumentsOf(call);
      if (owner && handler && mayConfigureTimeout(this.file, handler)) this.cover(this.file.resolver.valueOf(owner));
    }
  }

  /** True when the file gives this call's client a timeout somewhere else. */
  covers(http: HttpCall): boolean {
    if (this.dispatcherSet && (http.client === 'undici' || (http.client === 'fetch' && (http.source === 'global' || http.source === 'undici')))) return true;
    if (http.client !== 'axios') return false;
    this.scanDefaults();
    return this.axiosEverywhere || (http.instance !== undefined && this.axiosInstances.has(http.instance.call.id));
  }

  /** `axios.defaults.timeout = ...` and `api.defaults.timeout = ...`, anywhere in the file; read once, when first needed. */
  private scanDefaults(): void {
    if (this.defaultsScanned) return;
    this.defaultsScanned = true;
    // A text check spares a walk over every assignment of a large file that never mentions defaults;
    // what counts is still decided on the syntax tree below.
    if (!this.file.text.includes('defaults')) return;
    for (const assignment of this.file.root.descendantsOfType('assignment_expression')) {
      const path = assignment?.childForFieldName('left');
      const right = assignment?.childForFieldName('right');
      if (path?.type !== 'member_expression' || path.childForFieldName('property')?.text !== 'timeout' || !right || disablesTimeout(right)) continue;
      const defaults = path.childForFieldName('object');
      if (defaults?.type !== 'member_expression' || defaults.childForFieldName('property')?.text !== 'defaults') continue;
      const owner = defaults.childForFieldName('object');
      if (owner) this.cover(this.file.resolver.valueOf(owner));
    }
  }

  private cover(client: Value): void {
    if (client.kind === 'module' && client.module === 'axios' && client.path.length === 0) this.axiosEverywhere = true;
    if (client.kind === 'created' && client.path.length === 0 && client.by.kind === 'module' && client.by.module === 'axios') this.axiosInstances.add(client.call.id);
  }
}

/** `0` and `false` leave a client with no timeout; `undefined` falls back to the client's default. */
export function disablesTimeout(value: SyntaxNode): boolean {
  return unwrap(value).type === 'false' || numberValue(value) === 0;
}

/** node:http: `req.setTimeout(...)` chained on the call, or on the variable holding it in the same function. */
export function setsTimeoutLater(file: SourceFile, call: SyntaxNode): boolean {
  if (chainedCalls(call).some((link) => link.name === 'setTimeout')) return true;
  const parent = call.parent;
  const holder = parent?.type === 'variable_declarator' ? parent.childForFieldName('name') : parent?.type === 'assignment_expression' ? parent.childForFieldName('left') : null;
  if (holder?.type !== 'identifier') return false;
  const binding = file.resolver.resolve(holder);
  const scope = closestAncestor(call, FUNCTION_TYPES) ?? file.root;
  return scope.descendantsOfType('member_expression').some((member) => {
    const object = member?.childForFieldName('object');
    return member?.childForFieldName('property')?.text === 'setTimeout' && object?.type === 'identifier' && object.text === holder.text && file.resolver.resolve(object) === binding;
  });
}

/**
 * True when the call runs inside a wrapper that bounds it: `withTimeout(() => fetch(url))`,
 * `pTimeout(fetch(url), ...)`, `Promise.race([fetch(url), sleep(ms)])`. Callbacks passed to other
 * calls are followed outwards; a named function or method ends the search.
 */
export function insideTimeoutWrapper(file: SourceFile, call: SyntaxNode): boolean {
  // From one enclosing call or function to the next through the file's node index, not node by node.
  for (let node = file.enclosing(call, CALLS_AND_FUNCTIONS); node; node = file.enclosing(node, CALLS_AND_FUNCTIONS)) {
    if (FUNCTION_TYPES.has(node.type)) {
      // A callback handed to a call is searched through; any other function ends the search.
      const outer = file.enclosing(node, CALLS);
      if (!outer || !argumentsOf(outer).some((argument) => argument.id === node!.id)) return false;
      continue;
    }
    const args = node.childForFieldName('arguments');
    if (args?.type !== 'arguments' || call.startIndex < args.startIndex || call.endIndex > args.endIndex) continue;
    const name = dottedName(calleeOf(node) ?? args)?.join('.');
    if (name === 'Promise.race') return true;
    const last = name?.slice(name.lastIndexOf('.') + 1);
    if (last && last !== 'setTimeout' && /timeout|deadline/i.test(last)) return true;
  }
  return false;
}

const CALLS: ReadonlySet<string> = new Set(['call_expression', 'new_expression']);
const CALLS_AND_FUNCTIONS: ReadonlySet<string> = new Set([...CALLS, ...FUNCTION_TYPES]);

/** `X` in `X.interceptors.request.use(...)`. */
function interceptedClient(call: SyntaxNode): SyntaxNode | undefined {
  let node: SyntaxNode | null | undefined = calleeOf(call);
  for (let i = 0; i < 3 && node?.type === 'member_expression'; i++) node = node.childForFieldName('object');
  return node ?? undefined;
}

/** An interceptor that mentions `timeout` or `signal` may set them; one defined elsewhere may too. */
function mayConfigureTimeout(file: SourceFile, handler: SyntaxNode): boolean {
  let fn: SyntaxNode | null | undefined = unwrap(handler);
  if (fn.type === 'identifier') {
    const binding = file.resolver.resolve(fn);
    fn = binding?.kind === 'function' ? binding.identifier.parent : binding?.kind === 'variable' ? binding.init : undefined;
  }
  if (!fn || !FUNCTION_TYPES.has(unwrap(fn).type)) return true;
  return fn.descendantsOfType(['property_identifier', 'shorthand_property_identifier']).some((n) => n?.text === 'timeout' || n?.text === 'signal');
}
