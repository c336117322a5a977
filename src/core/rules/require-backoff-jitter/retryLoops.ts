import type { Binding, BindingResolver } from '../../parse/bindings';
import type { SyntaxNode } from '../../parse/parser';
import { FUNCTION_TYPES, LOOP_TYPES, argumentsOf, calleeOf, closestAncestor, numberValue, unwrap } from '../../parse/syntax';

/**
 * Hand-written retry loops: a `for`, `while` or `do` loop whose body tries an awaited call, leaves
 * the loop when it succeeds, and goes round again when it fails. Also how the loop waits between
 * attempts and how that wait grows.
 */

export interface Counter {
  binding: Binding;
  name: string;
  direction: 'up' | 'down';
}

/** A recognised wait: `await sleep(ms)`, `await new Promise((r) => setTimeout(r, ms))`, timers/promises. */
export interface Wait {
  /** The argument that says how long; undefined when the call gives none. */
  duration?: SyntaxNode;
  /** Further arguments (`sleep(ms, { jitter: true })`). */
  extra: SyntaxNode[];
  /** Recognised by the helper's name (`sleep`, `delay`), not as `setTimeout`: its argument may not be a duration. */
  byName: boolean;
}

export interface RetryLoop {
  loop: SyntaxNode;
  catchClause: SyntaxNode;
  /** Variables the loop counts attempts with, declared outside its body. */
  counters: Counter[];
  waits: Wait[];
  /** An awaited call outside the attempt that may wait in a way this file does not show. */
  unseenWait: boolean;
}

/** How a delay behaves across attempts. */
export type DelayShape = 'constant' | 'growing' | 'unknown' | 'jittered';

const FUNCTIONS_AND_LOOPS: ReadonlySet<string> = new Set([...FUNCTION_TYPES, ...LOOP_TYPES]);
const RETRYING_LOOPS: ReadonlySet<string> = new Set(['for_statement', 'while_statement', 'do_statement']);
const SLEEP_NAMES = new Set(['sleep', 'delay', 'wait', 'pause', 'snooze', 'sleepms', 'delayms', 'waitms', 'settimeoutasync', 'settimeoutpromise']);
/** Helpers whose own body may wait (and jitter): a delay coming from one of them is trusted. */
const WAITING_HELPER = /backoff|jitter|retry|delay|sleep|wait|pause|throttle/i;
const RANDOM_NAME = /jitter|random/i;
/** Names that say "a duration": `RETRY_DELAY_MS`, `options.retryInterval`, `this.backoffMs`. */
const DURATION_NAME = /delay|milli|second|interval|timeout|backoff|wait|sleep|pause|period|cooldown/i;
/** A milliseconds suffix, case-sensitive so that `items` is not one. */
const MS_SUFFIX = /(?:[a-z0-9]Ms|_MS|_ms)\b/;
/** Global functions that only transform their arguments. */
const TRANSPARENT_CALLS = new Set(['Math.min', 'Math.max', 'Math.pow', 'Math.floor', 'Math.ceil', 'Math.round', 'Math.trunc', 'Math.abs', 'Number', 'parseInt', 'parseFloat']);
const SHAPE_ORDER: readonly DelayShape[] = ['constant', 'growing', 'unknown', 'jittered'];
const MAX_DEPTH = 8;

/**
 * The retry loop `attempt` (a `try` statement) is the attempt of, or undefined when it is not one.
 * Starting from the `try` keeps the cost off the many loops that have none.
 */
export function retryLoopOf(attempt: SyntaxNode, resolver: BindingResolver): RetryLoop | undefined {
  const loop = closestAncestor(attempt, FUNCTIONS_AND_LOOPS);
  const body = loop?.childForFieldName('body');
  const catchClause = attempt.childForFieldName('handler');
  // for...of / for...in walk over items: a failed item is not tried again.
  if (!loop || !body || !catchClause || !RETRYING_LOOPS.has(loop.type) || !isAttempt(attempt, loop)) return undefined;
  const { waits, unseenWait } = findWaits(body, attempt.childForFieldName('body'), resolver);
  return { loop, catchClause, counters: findCounters(loop, body, resolver), waits, unseenWait };
}

/** `try { await op(); return / break / done = true } catch { ...no give-up... }`; cheapest checks first. */
function isAttempt(attempt: SyntaxNode, loop: SyntaxNode): boolean {
  const block = attempt.childForFieldName('body');
  const handlerBody = attempt.childForFieldName('handler')?.childForFieldName('body');
  if (!block || !handlerBody) return false;
  const givesUp = statementsOf(handlerBody).some((s) => s.type === 'throw_statement' || s.type === 'return_statement' || s.type === 'break_statement');
  const leavesOnSuccess = (s: SyntaxNode) =>
    s.type === 'return_statement' ||
    s.type === 'throw_statement' ||
    (s.type === 'break_statement' && breaksOut(s, attempt, loop)) ||
    setsLoopCondition(s, loop);
  return !givesUp && statementsOf(block).some(leavesOnSuccess) && ownDescendants(block, 'await_expression').length > 0;
}

/** `done = true;` where the loop runs `while (!done)`. */
function setsLoopCondition(statement: SyntaxNode, loop: SyntaxNode): boolean {
  const assignment = statement.type === 'expression_statement' ? statement.namedChildren[0] : null;
  const left = assignment?.type === 'assignment_expression' ? assignment.childForFieldName('left') : null;
  const condition = loop.childForFieldName('condition');
  if (left?.type !== 'identifier' || !condition) return false;
  return condition.descendantsOfType('identifier').some((n) => n?.text === left.text);
}

function breaksOut(statement: SyntaxNode, attempt: SyntaxNode, loop: SyntaxNode): boolean {
  const label = statement.childForFieldName('label');
  if (label) return loop.parent?.type === 'labeled_statement' && loop.parent.childForFieldName('label')?.text === label.text;
  for (let p = attempt.parent; p && p.id !== loop.id; p = p.parent) if (p.type === 'switch_statement') return false;
  return true;
}

function findCounters(loop: SyntaxNode, body: SyntaxNode, resolver: BindingResolver): Counter[] {
  const counters: Counter[] = [];
  for (const step of ownDescendants(loop, ['update_expression', 'augmented_assignment_expression'])) {
    const target = step.childForFieldName(step.type === 'update_expression' ? 'argument' : 'left');
    const operator = step.childForFieldName('operator')?.text ?? '';
    const right = step.childForFieldName('right');
    const byOne = step.type === 'update_expression' || (right !== null && numberValue(right) === 1 && (operator === '+=' || operator === '-='));
    if (target?.type !== 'identifier' || !byOne) continue;
    const binding = resolver.resolve(target);
    if (!binding || (binding.kind !== 'variable' && binding.kind !== 'parameter') || within(binding.identifier, body)) continue;
    if (counters.some((c) => c.binding.identifier.id === binding.identifier.id)) continue;
    const direction = step.text.includes('++') || operator === '+=' ? 'up' : 'down';
    counters.push({ binding, name: target.text, direction });
  }
  return counters;
}

function findWaits(body: SyntaxNode, attemptBlock: SyntaxNode | null, resolver: BindingResolver): { waits: Wait[]; unseenWait: boolean } {
  const waits: Wait[] = [];
  let unseenWait = false;
  for (const awaited of ownDescendants(body, 'await_expression')) {
    const inner = awaited.namedChildren[0] ? unwrap(awaited.namedChildren[0]) : null;
    const wait = inner && recogniseWait(inner, resolver);
    if (wait) waits.push(wait);
    else if (inner?.type === 'call_expression' && WAITING_HELPER.test(lastName(inner) ?? '')) unseenWait = true;
    else if (!attemptBlock || !within(awaited, attemptBlock)) unseenWait = true;
  }
  return { waits, unseenWait };
}

function recogniseWait(expression: SyntaxNode, resolver: BindingResolver): Wait | undefined {
  if (expression.type === 'new_expression') {
    const constructor = expression.childForFieldName('constructor');
    const executor = argumentsOf(expression)[0];
    if (constructor?.text !== 'Promise' || !executor || !FUNCTION_TYPES.has(executor.type)) return undefined;
    if (resolver.valueOf(constructor).kind !== 'global') return undefined;
    for (const call of executor.descendantsOfType('call_expression')) {
      const callee = call && calleeOf(call);
      if (!call || callee?.text !== 'setTimeout' || resolver.valueOf(callee).kind !== 'global') continue;
      const [, duration, ...extra] = argumentsOf(call);
      return { duration, extra, byName: false };
    }
    return undefined;
  }
  if (expression.type !== 'call_expression') return undefined;
  const name = lastName(expression);
  const args = argumentsOf(expression);
  if (name === 'setTimeout') {
    const value = resolver.valueOf(calleeOf(expression)!);
    return value.kind === 'module' && value.module === 'timers/promises' ? { duration: args[0], extra: args.slice(1), byName: false } : undefined;
  }
  return name && SLEEP_NAMES.has(name.toLowerCase()) ? { duration: args[0], extra: args.slice(1), byName: true } : undefined;
}

/** How `wait` behaves across attempts of `retry`. */
export function shapeOfWait(wait: Wait, retry: RetryLoop, resolver: BindingResolver): DelayShape {
  if (!wait.duration) return 'unknown';
  const context: ShapeContext = { retry, resolver, inProgress: new Set() };
  const extra = wait.extra.some((arg) => [arg, ...arg.descendantsOfType(['identifier', 'property_identifier'])].some((n) => n && RANDOM_NAME.test(n.text)));
  if (extra) return 'jittered';
  const shape = shapeOf(wait.duration, context, 0);
  // `await wait(job)` calls a helper named like a sleep but passes no duration: nothing to judge.
  if (shape === 'constant' && wait.byName && !looksLikeDuration(wait.duration, resolver)) return 'unknown';
  return shape;
}

function looksLikeDuration(node: SyntaxNode, resolver: BindingResolver): boolean {
  return constantMilliseconds(node, resolver) !== undefined || DURATION_NAME.test(node.text) || MS_SUFFIX.test(node.text);
}

/** The milliseconds a constant delay denotes: a number literal, or a variable initialised with one. */
export function constantMilliseconds(node: SyntaxNode, resolver: BindingResolver): number | undefined {
  const literal = numberValue(node);
  if (literal !== undefined || unwrap(node).type !== 'identifier') return literal;
  const binding = resolver.resolve(unwrap(node));
  return binding?.kind === 'variable' && binding.init && !binding.destructured ? numberValue(binding.init) : undefined;
}

interface ShapeContext {
  retry: RetryLoop;
  resolver: BindingResolver;
  /** Variables being followed: meeting one again means it is computed from itself, so it compounds. */
  inProgress: Set<number>;
}

function shapeOf(input: SyntaxNode, context: ShapeContext, depth: number): DelayShape {
  if (depth > MAX_DEPTH) return 'unknown';
  const node = unwrap(input);
  switch (node.type) {
    case 'number':
    case 'string':
    case 'true':
    case 'false':
    case 'null':
    case 'undefined':
    case 'this':
      return 'constant';
    case 'identifier':
      return shapeOfName(node, context, depth);
    case 'member_expression': {
      if (RANDOM_NAME.test(node.childForFieldName('property')?.text ?? '')) return 'jittered';
      const assigned = assignmentsTo(node, context);
      const object = node.childForFieldName('object');
      return combine([object ? shapeOf(object, context, depth + 1) : 'unknown', ...assigned.map((a) => shapeOfAssignment(a, context, depth))]);
    }
    case 'call_expression': {
      const callee = calleeOf(node);
      const name = callee?.text ?? '';
      if (RANDOM_NAME.test(lastName(node) ?? '')) return 'jittered';
      const root = callee?.type === 'member_expression' ? callee.childForFieldName('object') : callee;
      const global = root?.type === 'identifier' && !context.resolver.resolve(root);
      if (!global || !TRANSPARENT_CALLS.has(name)) return 'unknown';
      return combine(argumentsOf(node).map((arg) => shapeOf(arg, context, depth + 1)));
    }
    case 'binary_expression':
    case 'unary_expression':
    case 'ternary_expression':
      return combine(node.namedChildren.map((child) => (child ? shapeOf(child, context, depth + 1) : 'unknown')));
    default:
      return 'unknown';
  }
}

function shapeOfName(identifier: SyntaxNode, context: ShapeContext, depth: number): DelayShape {
  if (RANDOM_NAME.test(identifier.text)) return 'jittered';
  const binding = context.resolver.resolve(identifier);
  if (!binding) return 'constant';
  const id = binding.identifier.id;
  if (context.retry.counters.some((c) => c.binding.identifier.id === id)) return 'growing';
  if (context.inProgress.has(id)) return 'growing';
  if (binding.kind === 'import') return 'constant';
  if (binding.kind !== 'variable' && binding.kind !== 'parameter') return 'unknown';
  context.inProgress.add(id);
  const shapes = assignmentsTo(identifier, context).map((a) => shapeOfAssignment(a, context, depth));
  if (binding.init) shapes.push(shapeOf(binding.init, context, depth + 1));
  context.inProgress.delete(id);
  return combine(shapes);
}

/** `delay = next` takes the shape of `next`; `delay *= 2` or `delay += step` grows. */
function shapeOfAssignment(assignment: SyntaxNode, context: ShapeContext, depth: number): DelayShape {
  const right = assignment.childForFieldName('right');
  const shape = right ? shapeOf(right, context, depth + 1) : 'unknown';
  return assignment.type === 'augmented_assignment_expression' ? combine(['growing', shape]) : shape;
}

/** Assignments inside the loop to the variable or property `target` names. */
function assignmentsTo(target: SyntaxNode, context: ShapeContext): SyntaxNode[] {
  const binding = target.type === 'identifier' ? context.resolver.resolve(target) : undefined;
  return context.retry.loop.descendantsOfType(['assignment_expression', 'augmented_assignment_expression']).filter((a): a is SyntaxNode => {
    const left = a?.childForFieldName('left');
    if (!left || left.type !== target.type || left.text !== target.text) return false;
    return target.type !== 'identifier' || context.resolver.resolve(left)?.identifier.id === binding?.identifier.id;
  });
}

function combine(shapes: readonly DelayShape[]): DelayShape {
  return shapes.reduce<DelayShape>((worst, s) => (SHAPE_ORDER.indexOf(s) > SHAPE_ORDER.indexOf(worst) ? s : worst), 'constant');
}

function lastName(call: SyntaxNode): string | undefined {
  const callee = calleeOf(call);
  if (callee?.type === 'identifier') return callee.text;
  if (callee?.type === 'member_expression') return callee.childForFieldName('property')?.text;
  return undefined;
}

function statementsOf(block: SyntaxNode): SyntaxNode[] {
  return block.namedChildren.filter((s): s is SyntaxNode => s !== null && s.type !== 'comment');
}

/** Descendants of `root` of the given types that run as part of it, not in a nested function. */
function ownDescendants(root: SyntaxNode, types: string | string[], barriers: ReadonlySet<string> = FUNCTION_TYPES): SyntaxNode[] {
  return root.descendantsOfType(types).filter((n): n is SyntaxNode => n !== null && isOwn(n, root, barriers));
}

function isOwn(node: SyntaxNode, root: SyntaxNode, barriers: ReadonlySet<string>): boolean {
  for (let p = node.parent; p && p.id !== root.id; p = p.parent) if (barriers.has(p.type)) return false;
  return true;
}

function within(node: SyntaxNode, ancestor: SyntaxNode): boolean {
  return node.startIndex >= ancestor.startIndex && node.endIndex <= ancestor.endIndex;
}
