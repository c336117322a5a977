import type { BindingResolver } from '../../parse/bindings';
import type { SyntaxNode } from '../../parse/parser';
import { argumentsOf, calleeOf, numberValue, unwrap } from '../../parse/syntax';
import { lastName, type HandWrittenRetry, type Wait } from './handWrittenRetries';

/**
 * How the delay of a hand-written retry behaves across attempts: constant, growing with the attempt
 * counter (`2 ** attempt`, `delay *= 2`), randomized (`Math.random()`, a `jitter` helper), or
 * computed somewhere this file does not show (then nothing is assumed).
 */
export type DelayShape = 'constant' | 'growing' | 'unknown' | 'jittered';

const RANDOM_NAME = /jitter|random/i;
/** Names that say "a duration": `RETRY_DELAY_MS`, `options.retryInterval`, `this.backoffMs`. */
const DURATION_NAME = /delay|milli|second|interval|timeout|backoff|wait|sleep|pause|period|cooldown/i;
/** A milliseconds suffix, case-sensitive so that `items` is not one. */
const MS_SUFFIX = /(?:[a-z0-9]Ms|_MS|_ms)\b/;
/** Global functions that only transform their arguments. */
const TRANSPARENT_CALLS = new Set(['Math.min', 'Math.max', 'Math.pow', 'Math.floor', 'Math.ceil', 'Math.round', 'Math.trunc', 'Math.abs', 'Number', 'parseInt', 'parseFloat']);
const SHAPE_ORDER: readonly DelayShape[] = ['constant', 'growing', 'unknown', 'jittered'];
const MAX_DEPTH = 8;

/** How `wait` behaves across attempts of `retry`. */
export function shapeOfWait(wait: Wait, retry: HandWrittenRetry, resolver: BindingResolver): DelayShape {
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
  retry: HandWrittenRetry;
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

/** Assignments inside the retry's scope to the variable or property `target` names. */
function assignmentsTo(target: SyntaxNode, context: ShapeContext): SyntaxNode[] {
  const binding = target.type === 'identifier' ? context.resolver.resolve(target) : undefined;
  return context.retry.scope.descendantsOfType(['assignment_expression', 'augmented_assignment_expression']).filter((a): a is SyntaxNode => {
    const left = a?.childForFieldName('left');
    if (!left || left.type !== target.type || left.text !== target.text) return false;
    return target.type !== 'identifier' || context.resolver.resolve(left)?.identifier.id === binding?.identifier.id;
  });
}

function combine(shapes: readonly DelayShape[]): DelayShape {
  return shapes.reduce<DelayShape>((worst, s) => (SHAPE_ORDER.indexOf(s) > SHAPE_ORDER.indexOf(worst) ? s : worst), 'constant');
}
