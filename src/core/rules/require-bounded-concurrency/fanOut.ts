import { recognizeRemoteCall } from '../../knowledge/remoteClients';
import type { Binding } from '../../parse/bindings';
import type { SyntaxNode } from '../../parse/parser';
import { argumentsOf, calleeOf, closestAncestor, descendantsOfTypes, FUNCTION_TYPES, numberValue, unwrap } from '../../parse/syntax';
import type { SourceFile } from '../../sourceFile';

/**
 * Fan-out that starts one remote call per element of a collection at once:
 * `Promise.all(items.map(callRemote))`, or a loop that pushes remote calls into an array that
 * `Promise.all` awaits afterwards. Bounded collections (literal arrays, slices of a literal size,
 * the keys of a constant object, one chunk of a chunked list) are not fan-out worth reporting.
 */

export type FanOut =
  | { shape: 'map'; combinator: SyntaxNode; collection: SyntaxNode; map: SyntaxNode; callback: SyntaxNode }
  | { shape: 'loop'; combinator: SyntaxNode; collection: SyntaxNode };

const COMBINATORS: ReadonlySet<string> = new Set(['all', 'allSettled']);
/** Array methods whose result is no longer than their receiver. */
const SHRINKING_METHODS: ReadonlySet<string> = new Set(['filter', 'slice', 'sort', 'reverse', 'toSorted', 'toReversed']);
/** Callbacks of these run the remote call right away, on behalf of the function that passes them. */
const CONTINUATIONS: ReadonlySet<string> = new Set(['then', 'catch', 'finally']);
/** Wrappers that retry, time out or fall back: the call inside still starts at once. */
const PASS_THROUGH_HELPERS: ReadonlySet<string> = new Set(['retryWithBackoff', 'withTimeout', 'withFallback']);
const PASS_THROUGH_MODULES: ReadonlySet<string> = new Set(['p-retry', 'async-retry']);
/** A fixed configuration constant by naming convention: `REGIONS`, `SHARD_URLS`. */
const CONSTANT_NAME = /^[A-Z][A-Z0-9_]*$/;
const MAX_DEPTH = 6;

export class FanOutFinder {
  private readonly remoteFunctions = new Map<number, boolean>();

  constructor(private readonly file: SourceFile) {}

  /** The fan-out `call` awaits, when `call` is `Promise.all(...)` or `Promise.allSettled(...)` over unbounded remote work. */
  find(call: SyntaxNode): FanOut | undefined {
    const combinator = calleeOf(call);
    if (combinator?.type !== 'member_expression' || !COMBINATORS.has(combinator.childForFieldName('property')?.text ?? '')) return undefined;
    const object = combinator.childForFieldName('object');
    if (object?.type !== 'identifier' || object.text !== 'Promise' || this.file.resolver.resolve(object)) return undefined;
    const [argument] = argumentsOf(call);
    if (!argument) return undefined;
    let input = unwrap(argument);
    if (input.type === 'identifier') {
      const binding = this.file.resolver.resolve(input);
      if (binding?.kind !== 'variable' || !binding.init || binding.destructured) return undefined;
      const init = unwrap(binding.init);
      // A `let` list is fine here: any reassignment is a use other than `.push`, which ends the search.
      if (init.type === 'array' && init.namedChildCount === 0) return this.loopFanOut(call, combinator, binding);
      if (!isConst(binding)) return undefined;
      input = init;
    }
    const map = input.type === 'call_expression' ? calleeOf(input) : null;
    if (map?.type !== 'member_expression' || map.childForFieldName('property')?.text !== 'map') return undefined;
    const collection = map.childForFieldName('object');
    const [callback] = argumentsOf(input);
    if (!collection || !callback || this.isBounded(collection, 0)) return undefined;
    if (!this.callbackStartsRemoteCall(callback)) return undefined;
    return { shape: 'map', combinator, collection, map: input, callback };
  }

  /** `const promises = []; for (const x of xs) promises.push(remote(x)); await Promise.all(promises)`. */
  private loopFanOut(call: SyntaxNode, combinator: SyntaxNode, list: Binding): FanOut | undefined {
    const home = closestAncestor(call, FUNCTION_TYPES);
    let collection: SyntaxNode | undefined;
    for (const name of descendantsOfTypes(list.scope, ['identifier'])) {
      if (name.text !== list.name || name.id === list.identifier.id || this.file.resolver.resolve(name)?.identifier.id !== list.identifier.id) continue;
      if (argumentsOf(call)[0] && unwrap(argumentsOf(call)[0]).id === name.id) continue;
      // Any use but `.push(...)` (a length check, a reset, a splice) may be batching by hand.
      const push = name.parent?.type === 'member_expression' && name.parent.childForFieldName('property')?.text === 'push' ? name.parent.parent : null;
      if (push?.type !== 'call_expression' || push.childForFieldName('function')?.id !== name.parent?.id) return undefined;
      const [pushed] = argumentsOf(push);
      if (!pushed || !this.isRemoteWork(unwrap(pushed))) continue;
      const loop = this.enclosingLoop(push, list.scope);
      if (!loop || loop.node.endIndex > call.startIndex || closestAncestor(loop.node, FUNCTION_TYPES)?.id !== home?.id) continue;
      if (loop.collection === undefined || this.isBounded(loop.collection, 0)) return undefined;
      collection ??= loop.collection;
    }
    return collection && { shape: 'loop', combinator, collection };
  }

  /** The loop around `push`, inside `scope`, and the collection it runs over (undefined when the bound cannot be read). */
  private enclosingLoop(push: SyntaxNode, scope: SyntaxNode): { node: SyntaxNode; collection?: SyntaxNode } | undefined {
    for (let node = push.parent; node && node.id !== scope.id; node = node.parent) {
      if (node.type === 'for_in_statement') return { node, collection: node.childForFieldName('right') ?? undefined };
      if (node.type === 'for_statement') return { node, collection: loopBound(node) };
      if (node.type === 'while_statement' || node.type === 'do_statement') return undefined;
      if (FUNCTION_TYPES.has(node.type)) {
        // `xs.forEach((x) => promises.push(remote(x)))` is the same loop.
        const forEach = node.parent?.type === 'arguments' ? node.parent.parent : null;
        const callee = forEach && calleeOf(forEach);
        if (callee?.type !== 'member_expression' || callee.childForFieldName('property')?.text !== 'forEach') return undefined;
        const collection = callee.childForFieldName('object');
        return forEach && collection ? { node: forEach, collection } : undefined;
      }
    }
    return undefined;
  }

  /** True when the number of elements is fixed by the code: see the module comment. */
  isBounded(expression: SyntaxNode, depth: number): boolean {
    if (depth > MAX_DEPTH) return false;
    const node = unwrap(expression);
    switch (node.type) {
      case 'array':
        return node.namedChildren.every((element) => element?.type !== 'spread_element' || (element.namedChildren[0] !== null && this.isBounded(element.namedChildren[0], depth + 1)));
      case 'string':
      case 'number':
        return true;
      case 'identifier':
        return this.isBoundedName(node, depth);
      case 'call_expression':
        return this.isBoundedCall(node, depth);
      default:
        return false;
    }
  }

  private isBoundedName(name: SyntaxNode, depth: number): boolean {
    const binding = this.file.resolver.resolve(name);
    if (!binding) return false;
    if ((binding.kind === 'import' || binding.scope.type === 'program') && CONSTANT_NAME.test(binding.name)) return true;
    if (binding.kind === 'variable') {
      if (binding.init && !binding.destructured) return isConst(binding) && this.isBounded(binding.init, depth + 1);
      // `for (const batch of chunk(items, 10))`: one chunk at a time.
      const loop = binding.identifier.parent;
      return loop?.type === 'for_in_statement' && loop.childForFieldName('left')?.id === binding.identifier.id && producesChunks(loop.childForFieldName('right'));
    }
    if (binding.kind === 'parameter') {
      const type = binding.identifier.parent?.childForFieldName('type')?.namedChildren[0];
      if (type && isTupleType(type)) return true;
      // `chunk(items, 10).map((batch) => ...)`: the callback sees one chunk at a time.
      const fn = closestAncestor(binding.identifier, FUNCTION_TYPES);
      const caller = fn?.parent?.type === 'arguments' ? fn.parent.parent : null;
      const callee = caller && calleeOf(caller);
      return callee?.type === 'member_expression' && producesChunks(callee.childForFieldName('object'));
    }
    return false;
  }

  private isBoundedCall(call: SyntaxNode, depth: number): boolean {
    const callee = calleeOf(call);
    if (callee?.type !== 'member_expression') return false;
    const method = callee.childForFieldName('property')?.text ?? '';
    const receiver = callee.childForFieldName('object');
    if (!receiver) return false;
    const args = argumentsOf(call);
    if (method === 'slice' && this.hasFixedLength(args)) return true;
    if (SHRINKING_METHODS.has(method)) return this.isBounded(receiver, depth + 1);
    const global = receiver.type === 'identifier' && !this.file.resolver.resolve(receiver) ? receiver.text : undefined;
    if (global === 'Object' && (method === 'keys' || method === 'values' || method === 'entries')) {
      return args[0] !== undefined && this.isConstantObject(args[0], depth + 1);
    }
    if (global === 'Array' && method === 'from' && args[0]) {
      const source = unwrap(args[0]);
      const length = source.type === 'object' ? source.namedChildren.find((p) => p?.type === 'pair' && p.childForFieldName('key')?.text === 'length') : undefined;
      const value = length?.childForFieldName('value');
      return value ? this.isLiteralNumber(value) : this.isBounded(source, depth + 1);
    }
    return false;
  }

  /** `slice(0, 10)`, `slice(i, i + 100)`, `slice(0, MAX_ITEMS)`. */
  private hasFixedLength(args: readonly SyntaxNode[]): boolean {
    const [start, end] = args.map(unwrap);
    if (!start || !end) return false;
    if (this.isLiteralNumber(start) && this.isLiteralNumber(end)) return true;
    if (end.type !== 'binary_expression' || end.childForFieldName('operator')?.type !== '+') return false;
    const left = end.childForFieldName('left');
    const right = end.childForFieldName('right');
    return left !== null && right !== null && unwrap(left).text === start.text && this.isLiteralNumber(right);
  }

  private isLiteralNumber(node: SyntaxNode): boolean {
    const n = unwrap(node);
    if (numberValue(n) !== undefined) return true;
    if (n.type !== 'identifier') return false;
    const binding = this.file.resolver.resolve(n);
    return binding !== undefined && isConst(binding) && binding.init !== undefined && !binding.destructured && numberValue(binding.init) !== undefined;
  }

  /** An object literal, or a const holding one, with no spread: its keys are written out. */
  private isConstantObject(node: SyntaxNode, depth: number): boolean {
    const n = unwrap(node);
    if (n.type === 'object') return !n.namedChildren.some((c) => c?.type === 'spread_element');
    if (n.type !== 'identifier' || depth > MAX_DEPTH) return false;
    const binding = this.file.resolver.resolve(n);
    if (!binding) return false;
    if ((binding.kind === 'import' || binding.scope.type === 'program') && CONSTANT_NAME.test(binding.name)) return true;
    return isConst(binding) && binding.init !== undefined && !binding.destructured && this.isConstantObject(binding.init, depth + 1);
  }

  /** The `.map` callback starts a remote call: an arrow or function that makes one, or a local function named there. */
  private callbackStartsRemoteCall(callback: SyntaxNode): boolean {
    const fn = unwrap(callback);
    if (FUNCTION_TYPES.has(fn.type)) return this.startsRemoteCall(fn, 0);
    const local = fn.type === 'identifier' ? localFunction(this.file, fn) : undefined;
    return local !== undefined && this.startsRemoteCall(local, 1);
  }

  /** A pushed value: a remote call, or a call of a local function that makes one. */
  private isRemoteWork(value: SyntaxNode): boolean {
    const call = value.type === 'await_expression' ? null : value;
    if (call?.type !== 'call_expression') return false;
    if (recognizeRemoteCall(this.file, call)) return true;
    const callee = calleeOf(call);
    const local = callee?.type === 'identifier' ? localFunction(this.file, callee) : undefined;
    return local !== undefined && this.startsRemoteCall(local, 1);
  }

  /**
   * True when running `fn` starts a remote call before it returns or first awaits something else:
   * calls in its body, in `.then` callbacks and in retry or timeout wrappers count; calls handed to
   * any other function (a limiter, a bulkhead, a queue) may be deferred and do not. At `depth` 0 a
   * call of a function declared in this file counts when that function makes a remote call itself.
   */
  startsRemoteCall(fn: SyntaxNode, depth: number): boolean {
    const key = fn.id * 2 + depth;
    const cached = this.remoteFunctions.get(key);
    if (cached !== undefined) return cached;
    this.remoteFunctions.set(key, false); // recursion guard
    const body = fn.childForFieldName('body');
    let found = false;
    for (const call of body ? descendantsOfTypes(body, ['call_expression']) : []) {
      if (!this.runsWith(call, fn)) continue;
      if (recognizeRemoteCall(this.file, call)) found = true;
      else if (depth === 0) {
        const callee = calleeOf(call);
        const local = callee?.type === 'identifier' ? localFunction(this.file, callee) : undefined;
        found = local !== undefined && local.id !== fn.id && this.startsRemoteCall(local, 1);
      }
      if (found) break;
    }
    this.remoteFunctions.set(key, found);
    return found;
  }

  /** True when `call` runs as part of running `fn`: every function between them is a pass-through callback. */
  private runsWith(call: SyntaxNode, fn: SyntaxNode): boolean {
    for (let node = call.parent; node && node.id !== fn.id; node = node.parent) {
      if (!FUNCTION_TYPES.has(node.type)) continue;
      const holder = node.parent?.type === 'arguments' ? node.parent.parent : null;
      if (!holder || !this.isPassThrough(holder)) return false;
    }
    return true;
  }

  private isPassThrough(holder: SyntaxNode): boolean {
    if (holder.type === 'new_expression') {
      const constructor = holder.childForFieldName('constructor');
      return constructor?.type === 'identifier' && constructor.text === 'Promise' && !this.file.resolver.resolve(constructor);
    }
    const callee = calleeOf(holder);
    if (callee?.type === 'member_expression') return CONTINUATIONS.has(callee.childForFieldName('property')?.text ?? '');
    if (callee?.type !== 'identifier') return false;
    const value = this.file.resolver.valueOf(callee);
    if (value.kind === 'module') return PASS_THROUGH_MODULES.has(value.module) && value.path.length === 0;
    return PASS_THROUGH_HELPERS.has(callee.text) && this.file.resolver.resolve(callee) !== undefined;
  }
}

/** The function a name declares in this file: `function load() {}` or `const load = async () => {}`. */
export function localFunction(file: SourceFile, name: SyntaxNode): SyntaxNode | undefined {
  const binding = file.resolver.resolve(name);
  if (binding?.kind === 'function') {
    const declaration = binding.identifier.parent;
    return declaration && FUNCTION_TYPES.has(declaration.type) ? declaration : undefined;
  }
  if (binding?.kind === 'variable' && binding.init && !binding.destructured && isConst(binding)) {
    const init = unwrap(binding.init);
    return FUNCTION_TYPES.has(init.type) ? init : undefined;
  }
  return undefined;
}

/** What bounds a counting loop: `i < ids.length` → `ids`, `i < limit` → `limit`; undefined when it cannot be read. */
function loopBound(loop: SyntaxNode): SyntaxNode | undefined {
  const condition = loop.childForFieldName('condition');
  if (condition?.type !== 'binary_expression') return undefined;
  const operator = condition.childForFieldName('operator')?.type;
  if (operator !== '<' && operator !== '<=') return undefined;
  const right = condition.childForFieldName('right');
  if (!right) return undefined;
  const bound = unwrap(right);
  if (bound.type === 'member_expression' && bound.childForFieldName('property')?.text === 'length') return bound.childForFieldName('object') ?? undefined;
  return bound;
}

/** `chunk(items, 10)`, `_.chunk(...)`, `inBatches(...)`: a call whose name says it splits a list. */
function producesChunks(node: SyntaxNode | null): boolean {
  const call = node && unwrap(node);
  if (call?.type !== 'call_expression') return false;
  const callee = calleeOf(call);
  const name = callee?.type === 'member_expression' ? callee.childForFieldName('property')?.text : callee?.type === 'identifier' ? callee.text : undefined;
  return name !== undefined && /chunk|batch/i.test(name);
}

function isTupleType(type: SyntaxNode): boolean {
  if (type.type === 'tuple_type') return true;
  return type.type === 'readonly_type' && type.namedChildren.some((c) => c?.type === 'tuple_type');
}

function isConst(binding: Binding): boolean {
  const declaration = binding.identifier.parent?.type === 'variable_declarator' ? binding.identifier.parent.parent : closestDeclaration(binding.identifier);
  return declaration?.type === 'lexical_declaration' && declaration.childForFieldName('kind')?.text === 'const';
}

function closestDeclaration(node: SyntaxNode): SyntaxNode | null {
  for (let p = node.parent; p; p = p.parent) {
    if (p.type === 'lexical_declaration' || p.type === 'variable_declaration') return p;
    if (p.type === 'statement_block' || p.type === 'program') return null;
  }
  return null;
}
