import type { Binding } from '../parse/bindings';
import type { SyntaxNode } from '../parse/parser';
import { argumentsOf, calleeOf, closestAncestor, findProperty, FUNCTION_TYPES, propertyKeyName, stringValue, unwrap } from '../parse/syntax';
import type { SourceFile } from '../sourceFile';
import { instanceFieldOf } from './instanceFields';

/**
 * Whether an expression's text is fixed by the code or its deployment: nothing a client or caller
 * sends can appear in it, so pasting it into SQL or a shell command cannot change the statement's
 * shape. Environment variables count as fixed: whoever sets them already controls the process.
 * Rules about injection report only what is not fixed.
 */

const NUMERIC_GLOBALS: ReadonlySet<string> = new Set(['Number', 'parseInt', 'parseFloat', 'Boolean', 'Math', 'Date.now']);
/** Methods of a fixed string whose result is fixed whatever their arguments. */
const FIXED_STRING_METHODS: ReadonlySet<string> = new Set(['repeat', 'slice', 'substring', 'trim', 'trimStart', 'trimEnd', 'toUpperCase', 'toLowerCase', 'toString']);
/** Methods of a fixed string that stay fixed when their arguments are fixed too. */
const FIXED_WITH_ARGUMENTS: ReadonlySet<string> = new Set(['replace', 'replaceAll', 'padStart', 'padEnd', 'concat']);
/** Date methods whose result has one format (digits, `-`, `:`, `T`) whatever the date: `now.toISOString()`. */
const DATE_FORMAT_METHODS: ReadonlySet<string> = new Set(['toISOString', 'getTime']);
/** Where the service runs, set by whoever deploys it: `process.cwd()`, `os.tmpdir()`, `__dirname`. */
const DEPLOYMENT_GLOBALS: ReadonlySet<string> = new Set(['__dirname', '__filename']);
/** `node:path` functions: the result is fixed when every argument is. */
const PATH_FUNCTIONS: ReadonlySet<string> = new Set(['join', 'resolve', 'normalize', 'dirname', 'basename', 'extname', 'relative']);
/** Random identifiers made by the code: `crypto.randomUUID()`, `randomBytes(4).toString('hex')`. */
const RANDOM_ID_FUNCTIONS: ReadonlySet<string> = new Set(['randomUUID', 'randomInt']);
const RANDOM_BYTES_ENCODINGS: ReadonlySet<string> = new Set(['hex', 'base64url']);
/** Array methods that return a subset or copy of the receiver's elements. */
const SUBSET_METHODS: ReadonlySet<string> = new Set(['filter', 'slice', 'reverse', 'sort', 'toSorted', 'toReversed', 'flat']);
/** Callbacks whose second parameter is the element's index, a number. */
const INDEXED_CALLBACK_METHODS: ReadonlySet<string> = new Set(['map', 'flatMap', 'forEach', 'filter', 'some', 'every', 'find', 'findIndex']);
/** Uses of a local array that read it without adding elements. */
const ARRAY_READS: ReadonlySet<string> = new Set([
  'join', 'length', 'map', 'flatMap', 'forEach', 'filter', 'some', 'every', 'includes', 'indexOf', 'slice', 'at', 'find', 'reduce', 'entries', 'keys', 'values',
]);
const MAX_DEPTH = 24;

/**
 * True when `node` is fixed text: a literal; `process.env.NAME`, `process.cwd()`, `__dirname`, and
 * `path.join` of fixed parts; a date's ISO text, a random id (`crypto.randomUUID()`,
 * `randomBytes(n).toString('hex')`); a number of any origin (arithmetic, `x.length`,
 * `Number(x)`, `parseInt`, `Math.*`, `i++`, `values.push(v)`); a `const`, or a `let` only ever
 * assigned fixed values; a member of a `const` object literal, a class field assigned once or an enum
 * member with a literal value (a field assigned several times counts when every value is fixed);
 * a ternary, concatenation or template of fixed parts
 * (`dir === 'asc' ? 'ASC' : 'DESC'`); a list of placeholders (`ids.map(() => '?').join(', ')`,
 * `` ids.map((_, i) => `$${i + 1}`) ``, `Array(n).fill('?')`, `'?, '.repeat(n)`), or the join of a
 * local array only ever pushed fixed values.
 */
export function isFixedText(file: SourceFile, node: SyntaxNode): boolean {
  return new FixedValues(file).text(node, 0);
}

/** True when `node` is an array whose every element is fixed text (see {@link isFixedText}), including a local array only ever pushed fixed values. */
export function isFixedList(file: SourceFile, node: SyntaxNode): boolean {
  return new FixedValues(file).array(node, 0);
}

class FixedValues {
  /** Functions whose calls are being read, to stop at recursion. */
  private readonly checking = new Set<number>();

  constructor(private readonly file: SourceFile) {}

  text(input: SyntaxNode, depth: number): boolean {
    if (depth > MAX_DEPTH) return false;
    const node = unwrap(input);
    const next = (child: SyntaxNode | null | undefined) => child !== null && child !== undefined && this.text(child, depth + 1);
    switch (node.type) {
      case 'string':
      case 'number':
      case 'true':
      case 'false':
      case 'null':
      case 'update_expression':
      case 'unary_expression':
        return true;
      case 'template_string':
        return node.namedChildren.every((c) => c?.type !== 'template_substitution' || next(c.namedChildren[0]));
      case 'identifier':
        return this.identifier(node, depth);
      case 'member_expression':
      case 'subscript_expression':
        return this.member(node, depth);
      case 'binary_expression': {
        const operator = node.childForFieldName('operator')?.text;
        if (operator === '+' || operator === '||' || operator === '??' || operator === '&&') {
          return next(node.childForFieldName('left')) && next(node.childForFieldName('right'));
        }
        return true; // arithmetic gives a number, comparisons a boolean
      }
      case 'ternary_expression':
        return next(node.childForFieldName('consequence')) && next(node.childForFieldName('alternative'));
      case 'call_expression':
        return this.call(node, depth);
      default:
        return false;
    }
  }

  private identifier(node: SyntaxNode, depth: number): boolean {
    const binding = this.file.resolver.resolve(node);
    if (!binding) return node.text === 'undefined' || node.text === 'NaN' || node.text === 'Infinity' || DEPLOYMENT_GLOBALS.has(node.text);
    if (binding.kind === 'parameter') return isIndexParameter(binding) || this.elementOfFixedList(binding, depth) || this.fixedAtEveryCall(binding, depth);
    if (binding.kind === 'variable' && !binding.init) return this.elementOfFixedList(binding, depth);
    if (binding.kind !== 'variable' || !binding.init) return false;
    if (binding.destructured) return this.objectMember(binding.init, binding.destructured, depth);
    return this.text(binding.init, depth + 1) && this.assignmentsAreFixed(binding, (value) => this.text(value, depth + 1));
  }

  private member(node: SyntaxNode, depth: number): boolean {
    const object = node.childForFieldName('object');
    const name = memberName(node);
    if (!object || name === undefined) return false;
    if (name === 'length') return true;
    const target = unwrap(object);
    // `process.env.DB_SCHEMA`: set by whoever runs the service, not by its clients.
    if (target.type === 'member_expression' && target.text === 'process.env') {
      const root = target.childForFieldName('object');
      return root !== null && !this.file.resolver.resolve(root);
    }
    if (target.type === 'this') {
      // `readonly table = 'orders'`, or a name the class builds: `this.table = `${PREFIX}_${Date.now()}``.
      const values = instanceFieldOf(node)?.values;
      return values !== undefined && values.length > 0 && values.every((value) => this.text(value, depth + 1));
    }
    if (target.type !== 'identifier') return false;
    const binding = this.file.resolver.resolve(target);
    if (!binding) return target.text === 'Math' || this.enumMember(target.text, name, depth);
    return binding.kind === 'variable' && !binding.destructured && binding.init !== undefined && isConst(binding) && this.objectMember(binding.init, [name], depth);
  }

  private call(node: SyntaxNode, depth: number): boolean {
    const callee = calleeOf(node);
    if (!callee) return false;
    const args = argumentsOf(node);
    if (callee.type === 'identifier' || callee.type === 'member_expression') {
      const value = this.file.resolver.valueOf(callee);
      if (value.kind === 'global' && (NUMERIC_GLOBALS.has(value.name) || NUMERIC_GLOBALS.has([value.name, ...value.path].join('.')))) return true;
      if (value.kind === 'global' && value.name === 'String' && value.path.length === 0) return args[0] !== undefined && this.text(args[0], depth + 1);
      if (value.kind === 'global' && value.name === 'process' && value.path.join('.') === 'cwd') return true;
      if (value.kind === 'module' && value.path.length === 1) {
        const [name] = value.path;
        if (value.module === 'path' && PATH_FUNCTIONS.has(name)) return args.every((arg) => this.text(arg, depth + 1));
        if (value.module === 'os' && name === 'tmpdir') return true;
        if (value.module === 'crypto' && RANDOM_ID_FUNCTIONS.has(name)) return true;
      }
      if (value.kind === 'global' && value.name === 'crypto' && value.path.length === 1 && RANDOM_ID_FUNCTIONS.has(value.path[0])) return true;
    }
    if (callee.type !== 'member_expression') return false;
    const method = callee.childForFieldName('property')?.text ?? '';
    const receiver = callee.childForFieldName('object');
    if (!receiver) return false;
    if (method === 'push' || method === 'unshift') return true; // the new length
    if (method === 'join') return (args[0] === undefined || this.text(args[0], depth + 1)) && this.array(receiver, depth + 1);
    if (DATE_FORMAT_METHODS.has(method)) return args.length === 0;
    if (method === 'toString' && args[0] !== undefined && RANDOM_BYTES_ENCODINGS.has(stringValue(args[0]) ?? '')) return this.isRandomBytes(receiver);
    if (FIXED_WITH_ARGUMENTS.has(method)) return this.text(receiver, depth + 1) && args.every((arg) => unwrap(arg).type === 'regex' || this.text(arg, depth + 1));
    return FIXED_STRING_METHODS.has(method) && this.text(receiver, depth + 1);
  }

  /** `crypto.randomBytes(n)` or `randomBytes(n)` from `node:crypto`: its hex or base64url text has no quote or space. */
  private isRandomBytes(node: SyntaxNode): boolean {
    const call = unwrap(node);
    const callee = call.type === 'call_expression' ? calleeOf(call) : null;
    if (!callee) return false;
    const value = this.file.resolver.valueOf(callee);
    return value.kind === 'module' && value.module === 'crypto' && value.path.join('.') === 'randomBytes';
  }

  /** `step` in `for (const step of STEPS)` or `STEPS.forEach((step) => ...)` where every element of `STEPS` is fixed. */
  private elementOfFixedList(binding: Binding, depth: number): boolean {
    const loop = binding.identifier.parent;
    if (loop?.type === 'for_in_statement' && loop.childForFieldName('left')?.id === binding.identifier.id) {
      const right = loop.childForFieldName('right');
      return loop.children.some((c) => c?.type === 'of') && right !== null && this.array(right, depth + 1);
    }
    const fn = binding.scope;
    const first = fn.childForFieldName('parameter') ?? fn.childForFieldName('parameters')?.namedChildren.find((p) => p !== null && p.type !== 'comment');
    if (!first || (first.childForFieldName('pattern') ?? first).id !== binding.identifier.id) return false;
    const call = fn.parent?.type === 'arguments' ? fn.parent.parent : null;
    const callee = call ? calleeOf(call) : null;
    const receiver = callee?.type === 'member_expression' ? callee.childForFieldName('object') : null;
    const method = callee?.type === 'member_expression' ? callee.childForFieldName('property')?.text ?? '' : '';
    return call !== null && receiver !== null && INDEXED_CALLBACK_METHODS.has(method) && unwrap(argumentsOf(call)[0] ?? fn).id === fn.id && this.array(receiver, depth + 1);
  }

  /**
   * A parameter of a function only this file can call (not exported, never handed out as a value,
   * except to `util.promisify`) that every call gives fixed text: `function git(cmd) { exec(cmd) }`
   * with `git('git rev-parse HEAD')`.
   */
  private fixedAtEveryCall(binding: Binding, depth: number): boolean {
    const fn = binding.scope;
    const parameters = fn.childForFieldName('parameters')?.namedChildren.filter((p): p is SyntaxNode => p !== null && p.type !== 'comment') ?? [];
    const index = parameters.findIndex((p) => (p.childForFieldName('pattern') ?? p).id === binding.identifier.id);
    if (index < 0 || parameters.slice(0, index + 1).some((p) => p.type === 'rest_pattern')) return false;
    const declarator = fn.parent?.type === 'variable_declarator' ? fn.parent : undefined;
    const name = fn.type === 'function_declaration' ? fn.childForFieldName('name') : declarator?.childForFieldName('name');
    const declaration = fn.type === 'function_declaration' ? fn : declarator?.parent;
    if (name?.type !== 'identifier' || !declaration || declaration.parent?.type === 'export_statement') return false;
    // A function that passes the parameter on to itself would be asked again: no.
    if (this.checking.has(fn.id)) return false;
    this.checking.add(fn.id);
    try {
      return this.callsGiveFixed(name, index, depth, 0);
    } finally {
      this.checking.delete(fn.id);
    }
  }

  /** Every use of the function declared by `name` is a call whose argument `index` is fixed; a promisified copy is followed once. */
  private callsGiveFixed(name: SyntaxNode, index: number, depth: number, promisified: number): boolean {
    const uses = this.file.root.descendantsOfType(['identifier', 'shorthand_property_identifier']).filter((n): n is SyntaxNode => {
      return n !== null && n.text === name.text && n.id !== name.id && (n.type !== 'identifier' || this.file.resolver.resolve(n)?.identifier.id === name.id);
    });
    return uses.length > 0 && uses.every((use) => {
      const call = use.parent;
      if (call?.type === 'call_expression' && call.childForFieldName('function')?.id === use.id) {
        const args = argumentsOf(call);
        return args.slice(0, index + 1).every((a) => a.type !== 'spread_element') && args[index] !== undefined && this.text(args[index], depth + 1);
      }
      const wrapper = use.parent?.type === 'arguments' ? use.parent.parent : null;
      const callee = wrapper ? calleeOf(wrapper) : null;
      const value = callee ? this.file.resolver.valueOf(callee) : undefined;
      const copy = wrapper?.parent?.type === 'variable_declarator' ? wrapper.parent.childForFieldName('name') : null;
      const isPromisify = value?.kind === 'module' && value.module === 'util' && value.path.join('.') === 'promisify';
      return promisified === 0 && isPromisify && copy?.type === 'identifier' && this.callsGiveFixed(copy, index, depth, promisified + 1);
    });
  }

  /** True when every element of the array `input` is fixed text. */
  array(input: SyntaxNode, depth: number): boolean {
    if (depth > MAX_DEPTH) return false;
    const node = unwrap(input);
    if (node.type === 'array') {
      return node.namedChildren.every((c) => !c || (c.type === 'spread_element' ? c.namedChildren[0] !== null && this.array(c.namedChildren[0], depth + 1) : this.text(c, depth + 1)));
    }
    if (node.type === 'identifier') {
      const binding = this.file.resolver.resolve(node);
      if (binding?.kind !== 'variable' || !binding.init || binding.destructured) return false;
      return this.array(binding.init, depth + 1) && this.assignmentsAreFixed(binding, (value) => this.array(value, depth + 1), depth, node);
    }
    if (node.type !== 'call_expression' && node.type !== 'new_expression') return false;
    const callee = calleeOf(node);
    const args = argumentsOf(node);
    if (callee?.type === 'identifier' && callee.text === 'Array' && !this.file.resolver.resolve(callee)) return args.length <= 1; // holes join as ''
    if (callee?.type !== 'member_expression') return false;
    const method = callee.childForFieldName('property')?.text ?? '';
    const receiver = callee.childForFieldName('object');
    if (method === 'fill') return args[0] !== undefined && this.text(args[0], depth + 1);
    if (method === 'map' || method === 'flatMap') return args[0] !== undefined && this.returnsFixed(args[0], depth + 1);
    if (method === 'from' && receiver?.text === 'Array') return args[1] !== undefined && this.returnsFixed(args[1], depth + 1);
    if (method === 'split') return receiver !== null && this.text(receiver, depth + 1);
    return SUBSET_METHODS.has(method) && receiver !== null && this.array(receiver, depth + 1);
  }

  /** A callback whose every return value is fixed; its index parameter counts as fixed. */
  private returnsFixed(input: SyntaxNode, depth: number): boolean {
    const fn = unwrap(input);
    if (!FUNCTION_TYPES.has(fn.type)) return false;
    const body = fn.childForFieldName('body');
    if (!body) return false;
    if (body.type !== 'statement_block') return this.text(body, depth);
    const returns = body.descendantsOfType('return_statement').filter((r) => r !== null && closestAncestor(r, FUNCTION_TYPES)?.id === fn.id);
    return returns.length > 0 && returns.every((r) => r?.namedChildren[0] && this.text(r.namedChildren[0], depth));
  }

  /** `init` followed by `path` is a fixed property of an object literal: `const TABLES = { orders: 'orders' }`. */
  private objectMember(init: SyntaxNode, path: readonly string[], depth: number): boolean {
    let node = unwrap(init);
    for (const name of path) {
      if (node.type === 'identifier') {
        const binding = this.file.resolver.resolve(node);
        if (binding?.kind !== 'variable' || !binding.init || binding.destructured || !isConst(binding)) return false;
        node = unwrap(binding.init);
      }
      const property = node.type === 'object' ? findProperty(node, name) : undefined;
      if (!property || property.node.type !== 'pair') return false;
      node = unwrap(property.value);
    }
    return this.text(node, depth + 1);
  }

  /** `Table.Orders` where the file declares `enum Table { Orders = 'orders' }` (or an auto-numbered member). */
  private enumMember(enumName: string, member: string, depth: number): boolean {
    for (const declaration of this.file.root.descendantsOfType('enum_declaration')) {
      if (declaration?.childForFieldName('name')?.text !== enumName) continue;
      for (const entry of declaration.childForFieldName('body')?.namedChildren ?? []) {
        if (entry?.type === 'property_identifier' && entry.text === member) return true;
        const key = entry?.type === 'enum_assignment' ? entry.childForFieldName('name') : null;
        const value = entry?.childForFieldName('value');
        if (key && propertyKeyName(key) === member) return value !== null && value !== undefined && this.text(value, depth + 1);
      }
    }
    return false;
  }

  /**
   * Every later change to a `let` keeps it fixed (`sql += ' AND a = ?'`). For arrays (`arrayDepth` given),
   * every other use than `use` (the one being judged) only reads it or pushes fixed values: passed
   * to a function, it could be filled with anything.
   */
  private assignmentsAreFixed(binding: Binding, isFixed: (value: SyntaxNode) => boolean, arrayDepth?: number, use?: SyntaxNode): boolean {
    const asArray = arrayDepth !== undefined;
    if (!asArray && isConst(binding)) return true;
    for (const reference of binding.scope.descendantsOfType('identifier')) {
      if (!reference || reference.text !== binding.name || reference.id === binding.identifier.id || reference.id === use?.id) continue;
      if (this.file.resolver.resolve(reference)?.identifier.id !== binding.identifier.id) continue;
      const parent = reference.parent;
      if (!parent) return false;
      const assigned = (parent.type === 'assignment_expression' || parent.type === 'augmented_assignment_expression') && parent.childForFieldName('left')?.id === reference.id;
      if (assigned) {
        const right = parent.childForFieldName('right');
        if (!right || !isFixed(right)) return false;
      } else if (asArray && !this.readsOrPushesFixed(reference, parent, arrayDepth + 1)) {
        return false;
      }
    }
    return true;
  }

  private readsOrPushesFixed(reference: SyntaxNode, parent: SyntaxNode, depth: number): boolean {
    if (parent.type === 'spread_element') return true;
    if (parent.type !== 'member_expression' || parent.childForFieldName('object')?.id !== reference.id) return false;
    const method = parent.childForFieldName('property')?.text ?? '';
    if (ARRAY_READS.has(method)) return true;
    const call = parent.parent;
    if ((method !== 'push' && method !== 'unshift') || call?.type !== 'call_expression') return false;
    return argumentsOf(call).every((a) => this.text(a, depth));
  }
}

/** The index parameter of an array callback: `(_, i) => ...` in `ids.map(...)`, or in `Array.from(xs, ...)`. */
function isIndexParameter(binding: Binding): boolean {
  const fn = binding.scope;
  const params = fn.childForFieldName('parameters')?.namedChildren.filter((p) => p !== null && p.type !== 'comment') ?? [];
  const second = params[1];
  if (!second || (second.childForFieldName('pattern') ?? second).id !== binding.identifier.id) return false;
  const call = fn.parent?.type === 'arguments' ? fn.parent.parent : null;
  const callee = call ? calleeOf(call) : null;
  if (!call || callee?.type !== 'member_expression') return false;
  const position = argumentsOf(call).findIndex((a) => unwrap(a).id === fn.id);
  const method = callee.childForFieldName('property')?.text ?? '';
  if (method === 'from' && callee.childForFieldName('object')?.text === 'Array') return position === 1;
  return position === 0 && INDEXED_CALLBACK_METHODS.has(method);
}

/** True for `const` declarations. */
export function isConst(binding: Binding): boolean {
  for (let node = binding.identifier.parent; node; node = node.parent) {
    if (node.type === 'lexical_declaration') return node.child(0)?.type === 'const';
    if (node.type === 'variable_declaration' || FUNCTION_TYPES.has(node.type)) return false;
  }
  return false;
}

function memberName(node: SyntaxNode): string | undefined {
  if (node.type === 'member_expression') return node.childForFieldName('property')?.text;
  const index = node.childForFieldName('index');
  return index ? stringValue(index) : undefined;
}
