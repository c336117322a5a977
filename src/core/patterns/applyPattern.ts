import type { InstructionLibrary } from '../instructions/library';
import type { Value } from '../parse/bindings';
import type { SourceParser, SyntaxNode } from '../parse/parser';
import { argumentsOf, calleeOf, findProperty, FUNCTION_TYPES, hasSpread, indentationAt, unwrap } from '../parse/syntax';
import type { SourceFile } from '../sourceFile';
import type { TextEdit } from '../types';
import { patternById, patternCode, type PatternCode, type PatternId, type PatternInfo } from './catalog';
import { afterPrologue, helperEdits, insertTopLevel, moduleScopeNames, statementLineEnd } from './helperInsertion';

/** Offsets into the file; `start === end` for a bare cursor. */
export interface PatternSelection {
  start: number;
  end: number;
}

export interface PlanPatternInput {
  file: SourceFile;
  library: InstructionLibrary;
  patternId: string;
  selection: PatternSelection;
  /** Must have the TypeScript grammar loaded: pattern blocks are TypeScript. */
  parser: SourceParser;
}

/** The edits that apply a pattern, or why it cannot be applied, in words for the user. */
export type PatternPlan = { edits: TextEdit[]; title: string } | { error: string };

/**
 * Wraps the call under the cursor (or the selected expression) in a resilience pattern and adds the
 * pattern's helper to the file once. `const r = await axios.get(u)` becomes
 * `const r = await retryWithBackoff(() => axios.get(u))`: the `await` stays outside.
 */
export function planPattern(input: PlanPatternInput): PatternPlan {
  const { file, library, patternId, parser } = input;
  const pattern = patternById(patternId);
  if (!pattern) return { error: `There is no pattern "${patternId}".` };
  const target = findTarget(file, input.selection);
  if ('error' in target) return target;
  const problem = whyNotWrappable(file, target, pattern);
  if (problem) return { error: problem };
  const helper = patternCode(library, pattern.id, file.language, parser);
  if ('error' in helper) return helper;
  return WRAPPERS[pattern.id]({ file, target, pattern, helper });
}

/** What gets wrapped. */
interface Target {
  /** The expression that goes inside the arrow function. */
  node: SyntaxNode;
  /** The range replaced: the expression without a leading `await`, which stays outside. */
  start: number;
  end: number;
  /** The call or `new` expression, when the expression is one. */
  call?: SyntaxNode;
}

interface WrapContext {
  file: SourceFile;
  target: Target;
  pattern: PatternInfo;
  helper: PatternCode;
}

const WRAPPERS: Record<PatternId, (c: WrapContext) => PatternPlan> = {
  'retry-backoff-jitter': (c) => finish(c, `${c.pattern.entry}(${arrowHead(c.target, '')} => ${body(c.file.text, c.target)})`),
  'circuit-breaker': wrapInBreaker,
  timeout: wrapInTimeout,
};

const CALL_TYPES = new Set(['call_expression', 'new_expression']);

const NO_CALL =
  'There is no call under the cursor. Place the cursor on the call to wrap (on `get` in `axios.get(url)`, or in its arguments), or select the expression.';
const NOT_EXPRESSION = 'The selection is not a whole expression. Select a complete call such as `axios.get(url)`, or just place the cursor on it.';

function findTarget(file: SourceFile, selection: PatternSelection): Target | { error: string } {
  const { text } = file;
  const clamp = (n: number) => Math.max(0, Math.min(text.length, n));
  let start = clamp(Math.min(selection.start, selection.end));
  let end = clamp(Math.max(selection.start, selection.end));
  while (start < end && isSpace(text.charCodeAt(start))) start++;
  while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
  return start === end ? callAtCursor(file, start) : selectedExpression(file, start, end);
}

/** The smallest call around the cursor, skipping calls that only produce the callee of a longer chain. */
function callAtCursor(file: SourceFile, offset: number): Target | { error: string } {
  // A cursor just after `)` is still on the call: try the character before it too.
  for (const at of [offset, offset - 1]) {
    if (at < 0) continue;
    for (let node: SyntaxNode | null = file.root.descendantForIndex(at); node; node = node.parent) {
      if (isStatementLike(node)) break;
      if (isWrappableCall(node)) return targetOf(node);
      // On the `await` of `await fetch(url)`: the awaited call.
      const awaited = node.type === 'await_expression' && node.namedChildren[0] ? unwrap(node.namedChildren[0]) : undefined;
      if (awaited && isWrappableCall(awaited)) return targetOf(awaited);
    }
  }
  return { error: NO_CALL };
}

/** Statements and blocks end the search: a cursor in a callback's body is not on the call that takes the callback. */
function isStatementLike(node: SyntaxNode): boolean {
  return (
    node.type.endsWith('_statement') ||
    node.type.endsWith('_declaration') ||
    node.type === 'statement_block' ||
    node.type === 'class_body' ||
    node.type === 'program' ||
    node.type === 'variable_declarator'
  );
}

function isWrappableCall(node: SyntaxNode): boolean {
  if (!CALL_TYPES.has(node.type)) return false;
  if (node.parent?.type === 'decorator') return false;
  const callee = calleeOf(node);
  if (!callee || callee.type === 'super') return false;
  return !isCalleeOfChain(node);
}

/** `getClient()` in `getClient().get(url)`, `f()` in `f()(x)`: the outer call is the one that goes out. */
function isCalleeOfChain(call: SyntaxNode): boolean {
  const parent = call.parent;
  if (!parent) return false;
  if (parent.type === 'call_expression') return parent.childForFieldName('function')?.id === call.id;
  if (parent.type === 'member_expression' && parent.childForFieldName('object')?.id === call.id) {
    const outer = parent.parent;
    return outer?.type === 'call_expression' && outer.childForFieldName('function')?.id === parent.id;
  }
  return false;
}

/** Expressions a selection may wrap; a selection must also contain a call. */
const EXPRESSION_TYPES = new Set([
  'call_expression',
  'new_expression',
  'await_expression',
  'parenthesized_expression',
  'member_expression',
  'subscript_expression',
  'binary_expression',
  'ternary_expression',
  'unary_expression',
  'as_expression',
  'satisfies_expression',
  'non_null_expression',
  'template_string',
  'array',
  'object',
]);

function selectedExpression(file: SourceFile, start: number, end: number): Target | { error: string } {
  let chosen: SyntaxNode | undefined;
  // The outermost expression spanning exactly the selection; `axios.get<T>(u)` selected in the
  // `await axios.get<T>(u)` shape is the call without its leading `await`.
  for (let node = file.root.namedDescendantForIndex(start, end); node && node.endIndex === end && !isStatementLike(node); node = node.parent) {
    if (EXPRESSION_TYPES.has(node.type) && (node.startIndex === start || targetOf(node).start === start)) chosen = node;
  }
  if (!chosen) return { error: NOT_EXPRESSION };
  const parent = chosen.parent;
  if (parent && CALL_TYPES.has(parent.type) && calleeOf(parent)?.id === unwrap(chosen).id) return { error: NOT_EXPRESSION };
  const target = targetOf(chosen);
  const makesCall = target.call !== undefined || target.node.descendantsOfType([...CALL_TYPES]).some((c) => c !== null && c.startIndex >= target.start);
  if (!makesCall) return { error: 'The selection makes no call. Select the call to wrap, such as `axios.get(url)`.' };
  return target;
}

function targetOf(expression: SyntaxNode): Target {
  let node = expression;
  if (node.type === 'await_expression' && node.namedChildren[0]) node = node.namedChildren[0];
  let start = node.startIndex;
  // tree-sitter parses `await f<T>(x)` with the `await` inside the callee (see calleeOf).
  const awaited = node.type === 'call_expression' ? node.childForFieldName('function') : null;
  if (awaited?.type === 'await_expression' && awaited.namedChildren[0]) start = awaited.namedChildren[0].startIndex;
  const inner = unwrap(node);
  return { node, start, end: node.endIndex, call: CALL_TYPES.has(inner.type) ? inner : undefined };
}

function whyNotWrappable(file: SourceFile, target: Target, pattern: PatternInfo): string | undefined {
  if (inside(target, 'yield_expression')) return 'The call contains `yield`, which cannot move into the arrow function the pattern needs.';
  const wrapper = enclosingWrapper(file, target, pattern);
  if (wrapper) return `This call already goes through \`${wrapper}\`.`;
  if (pattern.id !== 'circuit-breaker') {
    const local = file.resolver.lookup(pattern.entry, target.node);
    if (local && local.scope.type !== 'program') return `\`${pattern.entry}\` is a local ${local.kind} here; rename it to apply the pattern.`;
  }
  return undefined;
}

/** The wrapper of this pattern that the target is already the whole body of, such as `retryWithBackoff(() => <target>)`. */
function enclosingWrapper(file: SourceFile, target: Target, pattern: PatternInfo): string | undefined {
  const arrow = target.node.parent;
  if (arrow?.type !== 'arrow_function' || arrow.childForFieldName('body')?.id !== target.node.id) return undefined;
  const call = arrow.parent?.type === 'arguments' ? arrow.parent.parent : null;
  const callee = call ? calleeOf(call) : null;
  if (!callee) return undefined;
  if (pattern.id !== 'circuit-breaker') return callee.type === 'identifier' && callee.text === pattern.entry ? callee.text : undefined;
  const object = callee.type === 'member_expression' && callee.childForFieldName('property')?.text === 'execute' ? callee.childForFieldName('object') : null;
  const binding = object?.type === 'identifier' ? file.resolver.resolve(object) : undefined;
  return binding?.init && isNewOf(binding.init, pattern.entry) ? `${object!.text}.execute` : undefined;
}

/** Whether the target holds a node of `type` outside any function nested in it. */
function inside(target: Target, type: string): boolean {
  return target.node.descendantsOfType(type).some((n) => n !== null && n.startIndex >= target.start && !functionBetween(n, target.node));
}

function functionBetween(node: SyntaxNode, ancestor: SyntaxNode): boolean {
  for (let p = node.parent; p && p.id !== ancestor.id; p = p.parent) if (FUNCTION_TYPES.has(p.type)) return true;
  return false;
}

/** `()` or `async ()`: an `await` inside the wrapped expression needs an async arrow. */
function arrowHead(target: Target, parameter: string): string {
  return `${inside(target, 'await_expression') ? 'async ' : ''}(${parameter})`;
}

/** The wrapped text as an arrow body: an object literal or a comma list needs parentheses. */
function body(text: string, target: Target, edit?: TextEdit): string {
  let code = text.slice(target.start, target.end);
  if (edit) code = code.slice(0, edit.start - target.start) + edit.text + code.slice(edit.end - target.start);
  const inner = unwrap(target.node).type;
  return inner === 'object' || inner === 'sequence_expression' ? `(${code})` : code;
}

function finish(c: WrapContext, replacement: string, then?: string, extra: TextEdit[] = []): PatternPlan {
  const helper = helperEdits(c.file, c.pattern, c.helper, then);
  if ('error' in helper) return helper;
  return {
    edits: [{ start: c.target.start, end: c.target.end, text: replacement }, ...helper.edits, ...extra],
    title: `${c.pattern.label}: ${preview(c.target)}`,
  };
}

function preview(target: Target): string {
  const callee = target.call ? calleeOf(target.call) : null;
  if (!callee || callee.text.includes('\n') || callee.text.length > 40) return 'the selected expression';
  return `${target.call!.type === 'new_expression' ? 'new ' : ''}${callee.text}(…)`;
}

// Circuit breaker

/**
 * `<dependency>Breaker.execute(() => call)`, with one breaker per dependency declared at module scope:
 * reused when it exists, otherwise declared after the helper, the other breakers, or the imports.
 */
function wrapInBreaker(c: WrapContext): PatternPlan {
  const { file, target, pattern } = c;
  const breaker = chooseBreaker(c);
  const replacement = `${breaker.name}.execute(${arrowHead(target, '')} => ${body(file.text, target)})`;
  if (breaker.exists) return finish(c, replacement);
  const declaration = `const ${breaker.name} = new ${pattern.entry}();`;
  if (!moduleScopeNames(file).has(pattern.entry)) return finish(c, replacement, declaration);
  const anchor = lastBreakerOrClass(file, pattern.entry);
  const edit = anchor
    ? insertTopLevel(file.text, statementLineEnd(file, anchor.statement), declaration, anchor.isBreaker ? 1 : 2)
    : insertTopLevel(file.text, afterPrologue(file), declaration);
  return finish(c, replacement, undefined, [edit]);
}

function chooseBreaker(c: WrapContext): { name: string; exists: boolean } {
  const declared = moduleScopeNames(c.file);
  const base = `${variableName(dependencyName(c.target.call ?? c.target.node))}Breaker`;
  for (let n = 1; ; n++) {
    const name = n === 1 ? base : `${base}${n}`;
    const binding = c.file.resolver.lookup(name, c.target.node);
    if (binding) {
      if (binding.scope.type === 'program' && binding.init && isNewOf(binding.init, c.pattern.entry)) return { name, exists: true };
      continue;
    }
    if (!declared.has(name) && !c.helper.declares.includes(name)) return { name, exists: false };
  }
}

/** The dependency a call goes to: `axios` for `axios.get`, `billing` for `this.billing.charge`, `fetch` for `fetch`. */
function dependencyName(node: SyntaxNode): string | undefined {
  const n = unwrap(node);
  switch (n.type) {
    case 'identifier':
      return n.text;
    case 'member_expression': {
      const object = n.childForFieldName('object');
      if (!object) return undefined;
      const root = unwrap(object).type;
      return root === 'this' || root === 'super' ? n.childForFieldName('property')?.text : dependencyName(object);
    }
    case 'call_expression':
    case 'new_expression': {
      const callee = calleeOf(n);
      return callee ? dependencyName(callee) : undefined;
    }
    case 'await_expression':
      return n.namedChildren[0] ? dependencyName(n.namedChildren[0]) : undefined;
    default:
      return undefined;
  }
}

/** A lowerCamel variable name from a dependency name: `API` → `api`, `HttpClient` → `httpClient`, `#client` → `client`. */
function variableName(name: string | undefined): string {
  const cleaned = (name ?? '').replace(/[^\p{L}\p{N}_$]/gu, '').replace(/^[\p{N}]+/u, '');
  if (!cleaned) return 'dependency';
  if (cleaned === cleaned.toUpperCase()) return cleaned.toLowerCase();
  return cleaned.charAt(0).toLowerCase() + cleaned.slice(1);
}

function isNewOf(init: SyntaxNode, className: string): boolean {
  const node = unwrap(init);
  return node.type === 'new_expression' && node.childForFieldName('constructor')?.text === className;
}

/** The last module-scope breaker declaration, or the breaker class itself: a new breaker goes after it. */
function lastBreakerOrClass(file: SourceFile, className: string): { statement: SyntaxNode; isBreaker: boolean } | undefined {
  let found: { statement: SyntaxNode; isBreaker: boolean } | undefined;
  for (const statement of file.root.namedChildren) {
    if (!statement) continue;
    const declaration = statement.type === 'export_statement' ? statement.childForFieldName('declaration') : statement;
    if (!declaration) continue;
    if (declaration.type === 'class_declaration' && declaration.childForFieldName('name')?.text === className) {
      found = { statement, isBreaker: false };
    } else if (declaration.type === 'lexical_declaration' || declaration.type === 'variable_declaration') {
      const isBreaker = declaration.namedChildren.some((d) => {
        const value = d?.type === 'variable_declarator' ? d.childForFieldName('value') : null;
        return value !== null && value !== undefined && isNewOf(value, className);
      });
      if (isBreaker) found = { statement, isBreaker: true };
    }
  }
  return found;
}

// Timeout

/**
 * `withTimeout((signal) => call)` with the signal passed into the request's options when the call
 * is a fetch, axios or got request whose options are a literal object (or absent); otherwise
 * `withTimeout(() => call)`, which still returns on time but leaves the request running.
 */
function wrapInTimeout(c: WrapContext): PatternPlan {
  const { file, target, pattern } = c;
  const signal = freeSignalName(target);
  const edit = target.call ? signalEdit(file, target, signal) : undefined;
  const head = arrowHead(target, edit ? signal : '');
  return finish(c, `${pattern.entry}(${head} => ${body(file.text, target, edit)})`);
}

/** `signal`, unless the call already mentions a `signal` of its own that the parameter would hide. */
function freeSignalName(target: Target): string {
  const used = new Set(
    target.node
      .descendantsOfType(['identifier', 'shorthand_property_identifier'])
      .filter((n): n is SyntaxNode => n !== null && n.startIndex >= target.start)
      .map((n) => n.text),
  );
  if (!used.has('signal')) return 'signal';
  for (let n = 1; ; n++) {
    const name = n === 1 ? 'timeoutSignal' : `timeoutSignal${n}`;
    if (!used.has(name)) return name;
  }
}

/** The edit passing the signal to the first request of the call chain that takes one (`fetch(u).then(...)` → `fetch`). */
function signalEdit(file: SourceFile, target: Target, signal: string): TextEdit | undefined {
  for (let call = target.call; call; call = innerCall(call)) {
    if (call.type !== 'call_expression') continue;
    const index = optionsIndex(file, call);
    const edit = index === undefined ? undefined : optionsEdit(file.text, call, index, signal);
    if (edit) return edit;
  }
  return undefined;
}

/** The call a method is called on: `fetch(u)` in `fetch(u).then(f)`. */
function innerCall(call: SyntaxNode): SyntaxNode | undefined {
  const callee = calleeOf(call);
  const object = callee?.type === 'member_expression' ? callee.childForFieldName('object') : null;
  const inner = object ? unwrap(object) : null;
  return inner && CALL_TYPES.has(inner.type) ? inner : undefined;
}

const FETCH_MODULES = new Set(['node-fetch', 'cross-fetch', 'isomorphic-fetch']);
const FETCH_GLOBALS = new Set(['globalThis', 'window', 'self']);
/** axios methods whose config is the second argument, and those that take data first. */
const AXIOS_URL_ONLY = new Set(['get', 'delete', 'head', 'options']);
const AXIOS_WITH_DATA = new Set(['post', 'put', 'patch', 'postForm', 'putForm', 'patchForm']);
const GOT_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head']);

/** Which argument of a request call holds its options (and so its `signal`), or undefined when it is not a known request. */
function optionsIndex(file: SourceFile, call: SyntaxNode): number | undefined {
  const callee = calleeOf(call);
  if (!callee) return undefined;
  const value = file.resolver.valueOf(callee);
  if (isFetch(value)) return 1;
  const client = httpClient(value);
  if (!client) return undefined;
  const args = argumentsOf(call);
  if (client.method === undefined) {
    // `axios(config)`, `axios(url, config)`, `got(url, options)`; `axios(x)` alone could be either.
    const kind = args[0] ? unwrap(args[0]).type : undefined;
    if (kind === 'object') return 0;
    return args.length >= 2 || kind === 'string' || kind === 'template_string' ? 1 : undefined;
  }
  if (client.library === 'axios') {
    if (client.method === 'request') return 0;
    if (AXIOS_URL_ONLY.has(client.method)) return 1;
    if (AXIOS_WITH_DATA.has(client.method)) return 2;
    return undefined;
  }
  return GOT_METHODS.has(client.method) ? 1 : undefined;
}

function isFetch(value: Value): boolean {
  if (value.kind === 'global') {
    return (value.name === 'fetch' && value.path.length === 0) || (FETCH_GLOBALS.has(value.name) && value.path.join('.') === 'fetch');
  }
  if (value.kind === 'module') {
    return (FETCH_MODULES.has(value.module) && value.path.length === 0) || (value.module === 'undici' && value.path.join('.') === 'fetch');
  }
  return false;
}

/** An axios or got function, or one of an instance made by `axios.create()` / `got.extend()`. */
function httpClient(value: Value): { library: 'axios' | 'got'; method?: string } | undefined {
  const factory: Record<string, string> = { axios: 'create', got: 'extend' };
  let module: string | undefined;
  let path: string[] = [];
  if (value.kind === 'module') {
    module = value.module;
    path = value.path;
  } else if (value.kind === 'created' && value.by.kind === 'module' && value.by.path.length === 1 && value.by.path[0] === factory[value.by.module]) {
    module = value.by.module;
    path = value.path;
  }
  if ((module !== 'axios' && module !== 'got') || path.length > 1) return undefined;
  return { library: module, method: path[0] };
}

/** Adds `signal` to the options argument at `index`, creating it (and `undefined` for skipped arguments) when absent. */
function optionsEdit(text: string, call: SyntaxNode, index: number, signal: string): TextEdit | undefined {
  const argumentList = call.childForFieldName('arguments');
  if (argumentList?.type !== 'arguments') return undefined;
  const args = argumentsOf(call);
  if (args.length === 0 || args.some((a) => a.type === 'spread_element')) return undefined;
  const property = signal === 'signal' ? 'signal' : `signal: ${signal}`;
  if (index >= args.length) {
    const last = args[args.length - 1];
    const skipped = ', undefined'.repeat(index - args.length);
    return { start: last.endIndex, end: last.endIndex, text: `${skipped}, { ${property} }` };
  }
  const options = unwrap(args[index]);
  // Options built elsewhere, spread in, or with a signal of their own are left alone.
  if (options.type !== 'object' || hasSpread(options) || findProperty(options, 'signal')) return undefined;
  return addProperty(text, options, property);
}

function addProperty(text: string, object: SyntaxNode, property: string): TextEdit {
  const members = object.namedChildren.filter((c): c is SyntaxNode => c !== null && c.type !== 'comment');
  const last = members[members.length - 1];
  if (!last) {
    const inside = text.slice(object.startIndex + 1, object.endIndex - 1);
    if (inside.trim() === '') return { start: object.startIndex, end: object.endIndex, text: `{ ${property} }` };
    return { start: object.endIndex - 1, end: object.endIndex - 1, text: ` ${property} ` };
  }
  const comma = last.nextSibling?.type === ',' ? last.nextSibling : null;
  const multiLine = text.slice(object.startIndex, last.startIndex).includes('\n');
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  if (multiLine) {
    const indent = indentationAt(text, last.startIndex);
    // After a comment that ends the last property's line, so the comment stays with its property.
    const note = comma?.nextSibling?.type === 'comment' && !text.slice(comma.endIndex, comma.nextSibling.startIndex).includes('\n') ? comma.nextSibling : null;
    const at = note?.endIndex ?? comma?.endIndex;
    return at !== undefined
      ? { start: at, end: at, text: `${eol}${indent}${property},` }
      : { start: last.endIndex, end: last.endIndex, text: `,${eol}${indent}${property}` };
  }
  return comma ? { start: comma.endIndex, end: comma.endIndex, text: ` ${property}` } : { start: last.endIndex, end: last.endIndex, text: `, ${property}` };
}

function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13;
}
