import type { Binding } from '../../parse/bindings';
import type { SyntaxNode } from '../../parse/parser';
import { FUNCTION_TYPES, LOOP_TYPES, argumentsOf, calleeOf, numberValue, unwrap } from '../../parse/syntax';
import type { SourceFile } from '../../sourceFile';

/**
 * Hand-written retries: a `for`, `while` or `do` loop whose body tries an awaited call, leaves the
 * loop when it succeeds and goes round again when it fails; or a function whose `catch` returns a
 * call to itself with the attempt counter stepped (`return send(url, attempt + 1)`). Also the waits
 * between attempts.
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

export interface HandWrittenRetry {
  kind: 'loop' | 'recursion';
  /** The loop, or the function that calls itself: where the attempts and the waits are. */
  scope: SyntaxNode;
  catchClause: SyntaxNode;
  /** Variables (or the parameter) that count attempts, declared outside the scope's body. */
  counters: Counter[];
  waits: Wait[];
  /** An awaited call outside the attempt that may wait in a way this file does not show. */
  unseenWait: boolean;
  /** Where a wait inserted into the catch block goes: before this statement, else at its end. */
  insertBefore?: SyntaxNode;
  /** False when no place in the catch block waits on the retry path alone. */
  canInsertWait: boolean;
}

const FUNCTIONS_AND_LOOPS: ReadonlySet<string> = new Set([...FUNCTION_TYPES, ...LOOP_TYPES]);
const RETRYING_LOOPS: ReadonlySet<string> = new Set(['for_statement', 'while_statement', 'do_statement']);
const RETURN_OR_FUNCTION: ReadonlySet<string> = new Set(['return_statement', ...FUNCTION_TYPES]);
const SLEEP_NAMES = new Set(['sleep', 'delay', 'wait', 'pause', 'snooze', 'sleepms', 'delayms', 'waitms', 'settimeoutasync', 'settimeoutpromise']);
/** Helpers whose own body may wait (and jitter): a delay coming from one of them is trusted. */
const WAITING_HELPER = /backoff|jitter|retry|delay|sleep|wait|pause|throttle/i;

/**
 * The hand-written retry `attempt` (a `try` statement) belongs to, or undefined when it is not one.
 * Starting from the `try` keeps the cost off the many loops and functions that have none.
 */
export function handWrittenRetryOf(attempt: SyntaxNode, file: SourceFile): HandWrittenRetry | undefined {
  return file.memo('handWrittenRetryOf', attempt.id, () => recogniseHandWrittenRetry(attempt, file));
}

function recogniseHandWrittenRetry(attempt: SyntaxNode, file: SourceFile): HandWrittenRetry | undefined {
  const scope = file.enclosing(attempt, FUNCTIONS_AND_LOOPS);
  const body = scope?.childForFieldName('body');
  const catchClause = attempt.childForFieldName('handler');
  if (!scope || !body || !catchClause) return undefined;
  if (FUNCTION_TYPES.has(scope.type)) return recursiveRetryOf(attempt, scope, body, catchClause, file);
  // for...of / for...in walk over items: a failed item is not tried again.
  if (!RETRYING_LOOPS.has(scope.type) || !isAttempt(file, attempt, scope)) return undefined;
  const { waits, unseenWait } = findWaits(body, attempt.childForFieldName('body'), file);
  const last = statementsOf(catchClause.childForFieldName('body')!).pop();
  const insertBefore = last?.type === 'continue_statement' ? last : undefined;
  return { kind: 'loop', scope, catchClause, counters: findCounters(scope, body, file), waits, unseenWait, insertBefore, canInsertWait: true };
}

/** `catch (err) { ...; return send(url, attempt + 1); }` in `send`, whose `try` returns on success. */
function recursiveRetryOf(
  attempt: SyntaxNode,
  fn: SyntaxNode,
  body: SyntaxNode,
  catchClause: SyntaxNode,
  file: SourceFile,
): HandWrittenRetry | undefined {
  const block = attempt.childForFieldName('body');
  const handlerBody = catchClause.childForFieldName('body');
  if (!block || !handlerBody || !statementsOf(block).some((s) => s.type === 'return_statement')) return undefined;
  const self = selfReference(fn, file);
  const again = self && ownDescendants(file, handlerBody, 'call_expression').find((call) => self(call) && file.enclosing(call, RETURN_OR_FUNCTION)?.type === 'return_statement');
  const counter = again && steppedParameter(again, fn, file);
  if (!again || !counter || !ownDescendants(file, block, 'await_expression').length) return undefined;
  const { waits, unseenWait } = findWaits(body, block, file, again);
  // A wait goes right before `return [await] send(...)`; before `return done ? x : send(...)` it would also delay giving up.
  const statement = statementsOf(handlerBody).find((s) => within(again, s));
  const returned = statement?.type === 'return_statement' ? statement.namedChildren[0] : null;
  const canInsertWait = returned != null && (returned.id === again.id || (returned.type === 'await_expression' && returned.namedChildren[0]?.id === again.id));
  return { kind: 'recursion', scope: fn, catchClause, counters: [counter], waits, unseenWait, insertBefore: statement, canInsertWait };
}

/** A test for calls of `fn` to itself: by its declared name, the variable holding it, or `this.method`. */
function selfReference(fn: SyntaxNode, file: SourceFile): ((call: SyntaxNode) => boolean) | undefined {
  if (fn.type === 'method_definition') {
    const name = fn.childForFieldName('name')?.text;
    return (call) => {
      const callee = calleeOf(call);
      return callee?.type === 'member_expression' && callee.childForFieldName('object')?.type === 'this' && callee.childForFieldName('property')?.text === name;
    };
  }
  const declared = fn.childForFieldName('name') ?? (fn.parent?.type === 'variable_declarator' ? fn.parent.childForFieldName('name') : null);
  if (declared?.type !== 'identifier') return undefined;
  return (call) => {
    const callee = calleeOf(call);
    return callee?.type === 'identifier' && callee.text === declared.text && file.resolver.resolve(callee)?.identifier.id === declared.id;
  };
}

/** The parameter the recursive call steps by one (`attempt + 1`, `retriesLeft - 1`), as a counter. */
function steppedParameter(call: SyntaxNode, fn: SyntaxNode, file: SourceFile): Counter | undefined {
  for (const arg of argumentsOf(call)) {
    const step = unwrap(arg);
    const left = step.type === 'binary_expression' ? step.childForFieldName('left') : null;
    const operator = step.childForFieldName('operator')?.text;
    const right = step.childForFieldName('right');
    if (left?.type !== 'identifier' || !right || numberValue(right) !== 1 || (operator !== '+' && operator !== '-')) continue;
    const binding = file.resolver.resolve(left);
    if (binding?.kind === 'parameter' && binding.scope.id === fn.id) return { binding, name: left.text, direction: operator === '+' ? 'up' : 'down' };
  }
  return undefined;
}

/** `try { await op(); return / break / done = true } catch { ...no give-up... }`; cheapest checks first. */
function isAttempt(file: SourceFile, attempt: SyntaxNode, loop: SyntaxNode): boolean {
  const block = attempt.childForFieldName('body');
  const handlerBody = attempt.childForFieldName('handler')?.childForFieldName('body');
  if (!block || !handlerBody) return false;
  const givesUp = statementsOf(handlerBody).some((s) => s.type === 'throw_statement' || s.type === 'return_statement' || s.type === 'break_statement');
  const leavesOnSuccess = (s: SyntaxNode) =>
    s.type === 'return_statement' ||
    s.type === 'throw_statement' ||
    (s.type === 'break_statement' && breaksOut(s, attempt, loop)) ||
    setsLoopCondition(s, loop);
  return !givesUp && statementsOf(block).some(leavesOnSuccess) && ownDescendants(file, block, 'await_expression').length > 0;
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

function findCounters(loop: SyntaxNode, body: SyntaxNode, file: SourceFile): Counter[] {
  const counters: Counter[] = [];
  for (const step of ownDescendants(file, loop, ['update_expression', 'augmented_assignment_expression'])) {
    const target = step.childForFieldName(step.type === 'update_expression' ? 'argument' : 'left');
    const operator = step.childForFieldName('operator')?.text ?? '';
    const right = step.childForFieldName('right');
    const byOne = step.type === 'update_expression' || (right !== null && numberValue(right) === 1 && (operator === '+=' || operator === '-='));
    if (target?.type !== 'identifier' || !byOne) continue;
    const binding = file.resolver.resolve(target);
    if (!binding || (binding.kind !== 'variable' && binding.kind !== 'parameter') || within(binding.identifier, body)) continue;
    if (counters.some((c) => c.binding.identifier.id === binding.identifier.id)) continue;
    const direction = step.text.includes('++') || operator === '+=' ? 'up' : 'down';
    counters.push({ binding, name: target.text, direction });
  }
  return counters;
}

/** Recognised waits in `body`, and whether some other awaited call (not the attempt, not `retryCall`) may wait. */
function findWaits(body: SyntaxNode, attemptBlock: SyntaxNode | null, file: SourceFile, retryCall?: SyntaxNode): { waits: Wait[]; unseenWait: boolean } {
  const waits: Wait[] = [];
  let unseenWait = false;
  for (const awaited of ownDescendants(file, body, 'await_expression')) {
    const inner = awaited.namedChildren[0] ? unwrap(awaited.namedChildren[0]) : null;
    if (retryCall && inner?.id === retryCall.id) continue;
    const wait = inner && recogniseWait(inner, file);
    if (wait) waits.push(wait);
    else if (inner?.type === 'call_expression' && WAITING_HELPER.test(lastName(inner) ?? '')) unseenWait = true;
    else if (!attemptBlock || !within(awaited, attemptBlock)) unseenWait = true;
  }
  return { waits, unseenWait };
}

function recogniseWait(expression: SyntaxNode, file: SourceFile): Wait | undefined {
  if (expression.type === 'new_expression') {
    const constructor = expression.childForFieldName('constructor');
    const executor = argumentsOf(expression)[0];
    if (constructor?.text !== 'Promise' || !executor || !FUNCTION_TYPES.has(executor.type)) return undefined;
    if (file.resolver.valueOf(constructor).kind !== 'global') return undefined;
    for (const call of file.descendants(executor, 'call_expression')) {
      const callee = call && calleeOf(call);
      if (!call || callee?.text !== 'setTimeout' || file.resolver.valueOf(callee).kind !== 'global') continue;
      const [, duration, ...extra] = argumentsOf(call);
      return { duration, extra, byName: false };
    }
    return undefined;
  }
  if (expression.type !== 'call_expression') return undefined;
  const name = lastName(expression);
  const args = argumentsOf(expression);
  if (name === 'setTimeout') {
    const value = file.resolver.valueOf(calleeOf(expression)!);
    return value.kind === 'module' && value.module === 'timers/promises' ? { duration: args[0], extra: args.slice(1), byName: false } : undefined;
  }
  return name && SLEEP_NAMES.has(name.toLowerCase()) ? { duration: args[0], extra: args.slice(1), byName: true } : undefined;
}

export function lastName(call: SyntaxNode): string | undefined {
  const callee = calleeOf(call);
  if (callee?.type === 'identifier') return callee.text;
  if (callee?.type === 'member_expression') return callee.childForFieldName('property')?.text;
  return undefined;
}

function statementsOf(block: SyntaxNode): SyntaxNode[] {
  return block.namedChildren.filter((s): s is SyntaxNode => s !== null && s.type !== 'comment');
}

/** Descendants of `root` of the given types that run as part of it, not in a nested function. */
function ownDescendants(file: SourceFile, root: SyntaxNode, types: string | string[], barriers: ReadonlySet<string> = FUNCTION_TYPES): SyntaxNode[] {
  return file.descendants(root, types).filter((n) => isOwn(file, n, root, barriers));
}

/** No function (barrier) lies between `root` and `node`: the innermost one around `node` is `root` itself or contains it. */
function isOwn(file: SourceFile, node: SyntaxNode, root: SyntaxNode, barriers: ReadonlySet<string>): boolean {
  const barrier = file.enclosing(node, barriers);
  return !barrier || barrier.id === root.id || !within(barrier, root);
}

function within(node: SyntaxNode, ancestor: SyntaxNode): boolean {
  return node.startIndex >= ancestor.startIndex && node.endIndex <= ancestor.endIndex;
}
