import { nodesNamed } from '../../knowledge/nameOccurrences';
import { cockatielPolicyKinds } from '../../knowledge/resiliencePolicies';
import type { Binding } from '../../parse/bindings';
import type { SyntaxNode } from '../../parse/parser';
import { calleeOf, FUNCTION_TYPES } from '../../parse/syntax';
import { FileCache, type SourceFile } from '../../sourceFile';

/**
 * Circuit breakers that nothing in the file catches when they open.
 *
 * opossum: a `new CircuitBreaker(fn)` kept in a variable or a field whose instance never gets
 * `.fallback(...)`, and whose `fire()` calls are neither in a `try` nor followed by `.catch()`.
 * cockatiel: a `circuitBreaker(...)` policy (alone or in a `wrap(...)` without a `fallback` policy)
 * kept in a variable, whose every `execute()` call is used in place with no `try`/`.catch()` around
 * it, in a file that never mentions `isBrokenCircuitError`/`BrokenCircuitError`. A breaker that
 * leaves the file (exported, passed, returned), or an `execute()` whose promise is returned to a
 * caller who may handle it, is not judged: what happens to it cannot be seen here.
 */

/** Where a breaker instance is kept: a variable, or `this.<name>` in one class. */
type Holder = { kind: 'variable'; binding: Binding } | { kind: 'field'; name: string; classBody: SyntaxNode };

export interface Breaker {
  library: 'opossum' | 'cockatiel';
  /** The `new CircuitBreaker(...)` or `circuitBreaker(...)` expression. */
  creation: SyntaxNode;
  holder: Holder;
}

/** The holder of an opossum breaker created by `node` (a `new` expression), when it is one this file keeps. */
export function opossumBreaker(file: SourceFile, node: SyntaxNode): Breaker | undefined {
  const constructor = calleeOf(node);
  const value = constructor ? file.resolver.valueOf(constructor) : undefined;
  if (value?.kind !== 'module' || value.module !== 'opossum' || value.path.length > 0) return undefined;
  const holder = holderOf(file, node);
  return holder && { library: 'opossum', creation: node, holder };
}

/**
 * The cockatiel circuit breaker policies of the file, kept (alone or wrapped) in a variable, with no
 * fallback policy. The calls are found where `circuitBreaker` (or a name it is imported as) is written.
 */
export function cockatielBreakers(file: SourceFile): Breaker[] {
  const names = new Set(['circuitBreaker']);
  for (const [name, binding] of file.resolver.declarationsOf(file.root)) {
    if (binding.kind === 'import' && binding.module === 'cockatiel' && binding.imported === 'circuitBreaker') names.add(name);
  }
  const breakers: Breaker[] = [];
  for (const name of names) {
    for (const use of nodesNamed(file, name)) {
      const callee = use.type === 'property_identifier' ? use.parent : use.type === 'identifier' ? use : null;
      const call = callee?.parent;
      if (call?.type !== 'call_expression' || call.childForFieldName('function')?.id !== callee!.id) continue;
      const breaker = cockatielBreaker(file, call);
      if (breaker) breakers.push(breaker);
    }
  }
  return breakers;
}

function cockatielBreaker(file: SourceFile, call: SyntaxNode): Breaker | undefined {
  const callee = calleeOf(call);
  if (callee?.type !== 'identifier' && callee?.type !== 'member_expression') return undefined;
  const value = file.resolver.valueOf(callee);
  if (value.kind !== 'module' || value.module !== 'cockatiel' || value.path[value.path.length - 1] !== 'circuitBreaker') return undefined;
  // `wrap(fallbackPolicy, breaker, ...)` kept in a variable: the wrap is what callers execute.
  const wrapping = call.parent?.type === 'arguments' ? call.parent.parent : null;
  const kept = wrapping?.type === 'call_expression' ? wrapping : call;
  if (kept !== call && !cockatielPolicyKinds(file, kept).has('circuitBreaker')) return undefined;
  if (cockatielPolicyKinds(file, kept).has('fallback')) return undefined;
  const holder = holderOf(file, kept);
  return holder?.kind === 'variable' ? { library: 'cockatiel', creation: call, holder } : undefined;
}

function holderOf(file: SourceFile, creation: SyntaxNode): Holder | undefined {
  const parent = creation.parent;
  if (parent?.type === 'variable_declarator' && parent.childForFieldName('value')?.id === creation.id) {
    const name = parent.childForFieldName('name');
    const binding = name?.type === 'identifier' ? file.resolver.resolve(name) : undefined;
    const exported = parent.parent?.parent?.type === 'export_statement';
    return binding && !exported ? { kind: 'variable', binding } : undefined;
  }
  if (parent?.type === 'public_field_definition' || parent?.type === 'field_definition') {
    const name = parent.childForFieldName('name')?.text;
    return name && parent.parent?.type === 'class_body' ? { kind: 'field', name, classBody: parent.parent } : undefined;
  }
  if (parent?.type === 'assignment_expression') {
    const left = parent.childForFieldName('left');
    const name = left?.type === 'member_expression' && left.childForFieldName('object')?.type === 'this' ? left.childForFieldName('property')?.text : undefined;
    let body: SyntaxNode | null = parent;
    while (body && body.type !== 'class_body') body = body.parent;
    return name && body ? { kind: 'field', name, classBody: body } : undefined;
  }
  return undefined;
}

/** How the file uses a breaker: its fallback, the calls that run through it, and whether it escapes. */
interface Uses {
  fallback: boolean;
  /** `fire(...)` / `execute(...)` calls. */
  runs: SyntaxNode[];
  escapes: boolean;
}

/** True when nothing in the file gives the breaker a fallback or handles its rejection; see the module comment. */
export function lacksFallback(file: SourceFile, breaker: Breaker): boolean {
  if (breaker.library === 'cockatiel' && mentionsBrokenCircuit(file)) return false;
  const uses = usesOf(file, breaker);
  if (uses.fallback || uses.escapes || uses.runs.length === 0) return false;
  return uses.runs.every((run) => !isHandled(run) && !isHandedBack(run));
}

function usesOf(file: SourceFile, breaker: Breaker): Uses {
  const uses: Uses = { fallback: false, runs: [], escapes: false };
  const runMethod = breaker.library === 'opossum' ? 'fire' : 'execute';
  const { holder } = breaker;
  // Where the name is written (found in the text), then what each place is.
  const references =
    holder.kind === 'variable'
      ? nodesNamed(file, holder.binding.name).filter((n) => n.type === 'identifier' && n.id !== holder.binding.identifier.id && file.resolver.resolve(n) === holder.binding)
      : nodesNamed(file, holder.name, holder.classBody.startIndex, holder.classBody.endIndex)
          .map((n) => (n.type === 'property_identifier' ? n.parent : null))
          .filter((n): n is SyntaxNode => n?.type === 'member_expression' && n.childForFieldName('object')?.type === 'this');
  for (const reference of references) {
    const member = reference.parent;
    const method = member?.type === 'member_expression' && member.childForFieldName('object')?.id === reference.id ? member.childForFieldName('property')?.text : undefined;
    const call = member?.parent?.type === 'call_expression' && member.parent.childForFieldName('function')?.id === member.id ? member.parent : undefined;
    if (method === 'fallback') uses.fallback = true;
    else if (method === runMethod && call) uses.runs.push(call);
    else if (method === undefined && !(holder.kind === 'field' && isAssignedHere(reference))) uses.escapes = true;
  }
  return uses;
}

/** `this.breaker = new CircuitBreaker(...)`: the assignment that creates it is not an escape. */
function isAssignedHere(member: SyntaxNode): boolean {
  return member.parent?.type === 'assignment_expression' && member.parent.childForFieldName('left')?.id === member.id;
}

/** In the body of a `try` that has a `catch` (in the same function), or followed by `.catch(...)`. */
function isHandled(run: SyntaxNode): boolean {
  for (let node = run; node.parent && !FUNCTION_TYPES.has(node.type); node = node.parent) {
    const parent = node.parent;
    if (parent.type === 'try_statement' && parent.childForFieldName('body')?.id === node.id && parent.childForFieldName('handler')) return true;
    const member = parent.type === 'member_expression' && parent.childForFieldName('object')?.id === node.id ? parent : null;
    if (member?.childForFieldName('property')?.text === 'catch') return true;
  }
  return false;
}

/** The promise is returned to the caller (`return breaker.execute(...)`, an arrow's expression body): the caller may handle it. */
function isHandedBack(run: SyntaxNode): boolean {
  let node = run;
  while (node.parent && (node.parent.type === 'await_expression' || node.parent.type === 'parenthesized_expression')) node = node.parent;
  const parent = node.parent;
  return parent?.type === 'return_statement' || (parent?.type === 'arrow_function' && parent.childForFieldName('body')?.id === node.id);
}

const brokenCircuitCache = new FileCache<boolean>();

function mentionsBrokenCircuit(file: SourceFile): boolean {
  let found = brokenCircuitCache.get(file);
  if (found === undefined) {
    found = ['isBrokenCircuitError', 'BrokenCircuitError'].some((name) => nodesNamed(file, name).some((n) => n.type === 'identifier'));
    brokenCircuitCache.set(file, found);
  }
  return found;
}
