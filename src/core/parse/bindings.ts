import type { SyntaxNode } from './parser';
import { isWordPart } from './wordIndex';
import { FUNCTION_TYPES, argumentsOf, calleeOf, propertyKeyName, stringValue, unwrap } from './syntax';

/**
 * Resolves names to what they were declared as, within one file: imports, `require`, aliases,
 * destructuring, parameters and local declarations that shadow a global or an import.
 */

export type BindingKind = 'import' | 'variable' | 'parameter' | 'function' | 'class' | 'catch';

export interface Binding {
  name: string;
  kind: BindingKind;
  /** The identifier that declares the name. */
  identifier: SyntaxNode;
  /** The scope node the declaration belongs to. */
  scope: SyntaxNode;
  /** For variables: the initialiser expression (`const api = <init>`). */
  init?: SyntaxNode;
  /** For destructured variables, the property path taken from the initialiser: `const { get } = x` → ['get']. */
  destructured?: string[];
  /** For imports: the module specifier, normalised (`node:http` → `http`). */
  module?: string;
  /** For imports: the imported name; undefined for default and namespace imports. */
  imported?: string;
}

/**
 * What an expression denotes, as far as one file can tell.
 * - `module`: something exported by a module (`axios`, `axios.get`, `require('https').request`);
 * - `global`: a name no declaration binds (`fetch`, `AbortSignal.timeout`);
 * - `created`: the result of calling or constructing a module or global value, such as
 *   `axios.create({...})` or `new CircuitBreaker(fn)`, followed by `path`;
 * - `unknown`: a parameter, a local function, a computed value: nothing is assumed.
 */
export type Value =
  | { kind: 'module'; module: string; path: string[] }
  | { kind: 'global'; name: string; path: string[] }
  | { kind: 'created'; by: Value; call: SyntaxNode; binding?: Binding; path: string[] }
  | { kind: 'unknown' };

export const UNKNOWN: Value = { kind: 'unknown' };

/** Nodes that open a scope: every function, plus blocks, loops with declarations, `catch` and `switch` bodies (a class body declares no names). */
const SCOPE_TYPES: ReadonlySet<string> = new Set([
  ...FUNCTION_TYPES,
  'program',
  'statement_block',
  'for_statement',
  'for_in_statement',
  'catch_clause',
  'switch_body',
]);

const MAX_ALIAS_DEPTH = 12;
/** How far a declared name sits below its top-level statement: `export const { a: { b } } = x` is 7. */
const MAX_DECLARATION_DEPTH = 10;
/** Beyond this many possible declarations of one name, the whole top level is collected instead. */
const MAX_CANDIDATE_LOOKUPS = 6;
/** Node types that can name a declaration. */
const DECLARABLE_NAMES: ReadonlySet<string> = new Set(['identifier', 'shorthand_property_identifier_pattern', 'type_identifier']);

export function normaliseModule(specifier: string): string {
  return specifier.startsWith('node:') ? specifier.slice(5) : specifier;
}

/** What the resolver may use of its file: its text, its root, and a fast way to the enclosing scope. */
export interface ResolverSource {
  text: string;
  root: () => SyntaxNode;
  /** The nearest ancestor of `node` whose type is in `types` (the file's node index answers without climbing). */
  enclosing?: (node: SyntaxNode, types: ReadonlySet<string>) => SyntaxNode | null;
  /** Where a word stands in the text (the file's word index, shared with other readers of the text). */
  occurrences: (word: string) => readonly number[];
  /**
   * The innermost node of `types` strictly around a span of the text, from the node index; null
   * when none is, undefined when the index cannot tell (then the tree is read instead).
   */
  enclosingSpan?: (start: number, end: number, types: ReadonlySet<string>) => SyntaxNode | null | undefined;
}

export class BindingResolver {
  private readonly scopes = new Map<number, Map<string, Binding>>();
  private readonly resolved = new Map<number, Binding | null>();
  private readonly doubtful = new Map<string, readonly number[]>();
  private readonly values = new Map<number, Value>();
  private readonly neverRedeclared = new Map<string, boolean>();
  private readonly moduleBindings = new Map<string, Binding | null>();

  /**
   * With the file's text and root, names that no inner scope can declare are resolved at module
   * scope directly, without walking up the tree (each step up costs a call into tree-sitter).
   */
  constructor(private readonly source?: ResolverSource) {}

  /** Forgets every answer (see `SourceFile.dispose`). */
  clear(): void {
    this.scopes.clear();
    this.resolved.clear();
    this.doubtful.clear();
    this.values.clear();
    this.neverRedeclared.clear();
    this.moduleBindings.clear();
  }

  /** The declaration `identifier` refers to, or undefined for a global. */
  resolve(identifier: SyntaxNode): Binding | undefined {
    let binding = this.resolved.get(identifier.id);
    if (binding === undefined) {
      binding = this.lookup(identifier.text, identifier) ?? null;
      this.resolved.set(identifier.id, binding);
    }
    return binding ?? undefined;
  }

  /** The declaration visible at `from` under `name`, or undefined for a global. */
  lookup(name: string, from: SyntaxNode): Binding | undefined {
    const source = this.source;
    if (source && this.isNeverRedeclared(name, source)) return this.moduleBinding(name, source);
    // A scope declares `name` only where `name` stands in its text as something other than a use.
    const doubtful = source ? this.doubtfulOccurrences(name, source) : undefined;
    for (let scope: SyntaxNode | null = SCOPE_TYPES.has(from.type) ? from : this.enclosingScope(from); scope; scope = this.enclosingScope(scope)) {
      if (scope.type === 'program' && source) return this.moduleBinding(name, source);
      if (doubtful && !anyWithin(doubtful, scope.startIndex, scope.endIndex)) continue;
      const binding = this.declarationsOf(scope).get(name);
      if (binding) return binding;
    }
    return undefined;
  }

  private enclosingScope(node: SyntaxNode): SyntaxNode | null {
    if (this.source?.enclosing) return this.source.enclosing(node, SCOPE_TYPES);
    for (let p = node.parent; p; p = p.parent) if (SCOPE_TYPES.has(p.type)) return p;
    return null;
  }

  /** Where `name` stands in the text other than certainly as a use: declarations are among these. */
  private doubtfulOccurrences(name: string, source: ResolverSource): readonly number[] {
    let found = this.doubtful.get(name);
    if (!found) {
      found = source.occurrences(name).filter((at) => !isCertainlyUse(source.text, at, at + name.length));
      this.doubtful.set(name, found);
    }
    return found;
  }

  /** The module-scope declaration of `name` (an import, a top-level variable, function or class), if any. */
  moduleDeclaration(name: string, root: SyntaxNode): Binding | undefined {
    return this.source ? this.moduleBinding(name, this.source) : this.declarationsOf(root).get(name);
  }

  /** What `node` denotes; see {@link Value}. */
  valueOf(node: SyntaxNode): Value {
    return this.evaluate(node, 0);
  }

  /** Names declared directly in one scope. */
  declarationsOf(scope: SyntaxNode): Map<string, Binding> {
    let declared = this.scopes.get(scope.id);
    if (!declared) {
      declared = new Map();
      collectDeclarations(scope, declared);
      this.scopes.set(scope.id, declared);
    }
    return declared;
  }

  /**
   * True when every occurrence of `name` in the text, other than its module-level declaration, is
   * certainly a use: a property (`x.name`) or a name followed by `.`, `(`, `[` or `?.`. This is a
   * fast negative test on the text; any doubtful occurrence (a string, a parameter, `const name`)
   * sends the lookup to the exact walk over the tree.
   */
  private isNeverRedeclared(name: string, source: ResolverSource): boolean {
    const cached = this.neverRedeclared.get(name);
    if (cached !== undefined) return cached;
    // The text alone first: with two doubtful occurrences, one at most is the module declaration.
    const doubtful = this.doubtfulOccurrences(name, source);
    const answer = doubtful.length === 0 || (doubtful.length === 1 && this.moduleBinding(name, source)?.identifier.startIndex === doubtful[0]);
    this.neverRedeclared.set(name, answer);
    return answer;
  }

  /**
   * The module-scope declaration of `name`, found from the text: only the occurrences that could
   * declare it are looked up in the tree, so resolving a few names never collects every top-level
   * declaration of a long file.
   */
  private moduleBinding(name: string, source: ResolverSource): Binding | undefined {
    const root = source.root();
    const all = this.scopes.get(root.id);
    if (all) return all.get(name);
    const cached = this.moduleBindings.get(name);
    if (cached !== undefined) return cached ?? undefined;
    let candidates = this.doubtfulOccurrences(name, source);
    // With the node index, a candidate inside a function or block declares nothing at module scope.
    const atModuleScope = this.moduleScopeTest(root);
    if (atModuleScope) candidates = candidates.filter((at) => atModuleScope(at, at + name.length));
    // Many candidates (a parameter named in every handler): one collection of the top level is cheaper.
    else if (candidates.length > MAX_CANDIDATE_LOOKUPS) return this.declarationsOf(root).get(name);
    let found: Binding | undefined;
    for (const at of candidates) {
      if (found) break;
      const end = at + name.length;
      const node = root.descendantForIndex(at, end);
      if (!node || !DECLARABLE_NAMES.has(node.type)) continue;
      let statement: SyntaxNode = node;
      for (let hops = 0; statement.parent && statement.parent.type !== 'program' && hops < MAX_DECLARATION_DEPTH; hops++) statement = statement.parent;
      if (statement.parent?.type !== 'program') continue;
      const declared = new Map<string, Binding>();
      addStatement(statement, (binding) => {
        if (!declared.has(binding.name)) declared.set(binding.name, withScope(binding, root));
      });
      const binding = declared.get(name);
      if (binding && binding.identifier.startIndex === at) found = binding;
    }
    this.moduleBindings.set(name, found ?? null);
    return found;
  }

  /**
   * A test of whether the name at [start, end] may be declared at module scope, from the node
   * index: no scope but the program is around it, or it names a function declared at the top level
   * (a function's name belongs to the scope around the function). Undefined without an index.
   */
  private moduleScopeTest(root: SyntaxNode): ((start: number, end: number) => boolean) | undefined {
    const around = this.source?.enclosingSpan;
    if (!around || around(root.startIndex, root.startIndex, SCOPE_TYPES) === undefined) return undefined;
    return (start, end) => {
      const scope = around(start, end, SCOPE_TYPES);
      if (!scope || scope.type === 'program') return true;
      if (scope.type !== 'function_declaration' && scope.type !== 'generator_function_declaration') return false;
      if (scope.childForFieldName('name')?.startIndex !== start) return false;
      const outer = around(scope.startIndex, scope.endIndex, SCOPE_TYPES);
      return !outer || outer.type === 'program';
    };
  }

  private evaluate(input: SyntaxNode, depth: number): Value {
    if (depth > MAX_ALIAS_DEPTH) return UNKNOWN;
    const node = unwrap(input);
    const cached = this.values.get(node.id);
    if (cached) return cached;
    const value = this.evaluateUncached(node, depth);
    this.values.set(node.id, value);
    return value;
  }

  private evaluateUncached(node: SyntaxNode, depth: number): Value {
    switch (node.type) {
      case 'identifier':
        return this.valueOfName(node, depth);
      case 'await_expression': {
        const inner = node.namedChildren[0];
        return inner ? this.evaluate(inner, depth + 1) : UNKNOWN;
      }
      case 'member_expression':
      case 'subscript_expression': {
        const object = node.childForFieldName('object');
        const name = memberName(node);
        if (!object || name === undefined) return UNKNOWN;
        return withPath(this.evaluate(object, depth + 1), [name]);
      }
      case 'call_expression':
      case 'new_expression':
        return this.valueOfCall(node, depth);
      default:
        return UNKNOWN;
    }
  }

  private valueOfName(identifier: SyntaxNode, depth: number): Value {
    const binding = this.resolve(identifier);
    if (!binding) return { kind: 'global', name: identifier.text, path: [] };
    if (binding.kind === 'import' && binding.module) {
      return { kind: 'module', module: binding.module, path: binding.imported ? [binding.imported] : [] };
    }
    if (binding.kind === 'variable' && binding.init) {
      let value = withPath(this.evaluate(binding.init, depth + 1), binding.destructured ?? []);
      if (value.kind === 'created' && !value.binding && value.path.length === 0) value = { ...value, binding };
      return value;
    }
    return UNKNOWN;
  }

  private valueOfCall(call: SyntaxNode, depth: number): Value {
    const callee = calleeOf(call);
    if (!callee) return UNKNOWN;
    if (call.type === 'call_expression' && callee.type === 'identifier' && callee.text === 'require') {
      const [specifier] = argumentsOf(call);
      const name = specifier && stringValue(specifier);
      if (name !== undefined && !this.resolve(callee)) return { kind: 'module', module: normaliseModule(name), path: [] };
      return UNKNOWN;
    }
    if (callee.type === 'import') return UNKNOWN;
    const by = this.evaluate(callee, depth + 1);
    return by.kind === 'unknown' ? UNKNOWN : { kind: 'created', by, call, path: [] };
  }
}

const DECLARING_KEYWORDS = ['function', 'class', 'function*', 'interface', 'type', 'enum', 'namespace'];
/** Longer words cannot be a declaring keyword, so reading stops there. */
const MAX_KEYWORD_LENGTH = 10;

/**
 * `text[at, end)` is a use, never a declaration: a property name, or a name followed by `.`, `(`,
 * `[`, `?.`, `!.`, or by `<` or `>` (a comparison, or a type argument: `Promise<T>`, `Map<K, V>`;
 * no value declaration is followed by either, and a generic function's or class's name is
 * preceded by its keyword, which is checked first).
 */
function isCertainlyUse(text: string, at: number, end: number): boolean {
  let before = at - 1;
  while (before >= 0 && (text[before] === ' ' || text[before] === '\t')) before--;
  if (text[before] === '.' && text[before - 1] !== '.') return true;
  if (DECLARING_KEYWORDS.includes(wordBefore(text, at))) return false;
  let after = end;
  while (after < text.length && (text[after] === ' ' || text[after] === '\t')) after++;
  const next = text[after];
  return next === '.' || next === '(' || next === '[' || next === '<' || next === '>' || (next === '?' && text[after + 1] === '.') || (next === '!' && text[after + 1] === '.');
}

/** True when some offset of the sorted `offsets` lies in [start, end]. */
function anyWithin(offsets: readonly number[], start: number, end: number): boolean {
  let low = 0;
  let high = offsets.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (offsets[mid] < start) low = mid + 1;
    else high = mid;
  }
  return low < offsets.length && offsets[low] <= end;
}

/** The word (`function*` included) that ends before `at`, across any white space; '' when none. */
function wordBefore(text: string, at: number): string {
  let end = at;
  while (end > 0 && /\s/.test(text[end - 1])) end--;
  let start = end;
  while (start > 0 && end - start < MAX_KEYWORD_LENGTH) {
    const code = text.charCodeAt(start - 1);
    if (code !== 42 /* * */ && !isWordPart(code)) break;
    start--;
  }
  return text.slice(start, end);
}

/** Appends property names; `default` right after a module is ESM interop and dropped. */
function withPath(value: Value, names: string[]): Value {
  if (value.kind === 'unknown' || names.length === 0) return value;
  if (value.kind === 'module') {
    const extra = value.path.length === 0 && names[0] === 'default' ? names.slice(1) : names;
    return { ...value, path: [...value.path, ...extra] };
  }
  return { ...value, path: [...value.path, ...names] };
}

function memberName(node: SyntaxNode): string | undefined {
  if (node.type === 'member_expression') return node.childForFieldName('property')?.text;
  const index = node.childForFieldName('index');
  return index ? stringValue(index) : undefined;
}

function collectDeclarations(scope: SyntaxNode, into: Map<string, Binding>): void {
  const add = (binding: Omit<Binding, 'scope'>) => {
    if (!into.has(binding.name)) into.set(binding.name, withScope(binding, scope));
  };
  switch (scope.type) {
    case 'function_declaration':
    case 'function_expression':
    case 'generator_function_declaration':
    case 'generator_function':
    case 'method_definition':
    case 'arrow_function': {
      const single = scope.childForFieldName('parameter');
      if (single) addPattern(single, undefined, [], 'parameter', add);
      const params = scope.childForFieldName('parameters');
      for (const p of params?.namedChildren ?? []) if (p) addParameter(p, add);
      // A named function expression sees its own name.
      if (scope.type !== 'function_declaration' && scope.type !== 'generator_function_declaration') {
        const name = scope.childForFieldName('name');
        if (name?.type === 'identifier') add({ name: name.text, kind: 'function', identifier: name });
      }
      return;
    }
    case 'catch_clause': {
      const param = scope.childForFieldName('parameter');
      if (param) addPattern(param, undefined, [], 'catch', add);
      return;
    }
    case 'for_statement': {
      const init = scope.childForFieldName('initializer');
      if (init) addStatement(init, add);
      return;
    }
    case 'for_in_statement': {
      const left = scope.childForFieldName('left');
      if (left && scope.childForFieldName('kind')) addPattern(left, undefined, [], 'variable', add);
      return;
    }
    case 'switch_body':
      // `case 1: const x = ...` declares `x` for the whole switch body.
      for (const clause of scope.namedChildren) for (const statement of clause.namedChildren) addStatement(statement, add);
      return;
    default:
      for (const statement of scope.namedChildren) if (statement) addStatement(statement, add);
  }
}

type AddBinding = (binding: Omit<Binding, 'scope'>) => void;

/** The binding with its scope; spelled out rather than spread, since spreading objects of varying shape is slow. */
function withScope(binding: Omit<Binding, 'scope'>, scope: SyntaxNode): Binding {
  return {
    name: binding.name,
    kind: binding.kind,
    identifier: binding.identifier,
    scope,
    init: binding.init,
    destructured: binding.destructured,
    module: binding.module,
    imported: binding.imported,
  };
}

function addStatement(statement: SyntaxNode, add: AddBinding): void {
  switch (statement.type) {
    case 'export_statement': {
      const declaration = statement.childForFieldName('declaration');
      if (declaration) addStatement(declaration, add);
      return;
    }
    case 'lexical_declaration':
    case 'variable_declaration':
      for (const declarator of statement.namedChildren) {
        if (declarator?.type !== 'variable_declarator') continue;
        const name = declarator.childForFieldName('name');
        const init = declarator.childForFieldName('value') ?? undefined;
        if (name) addPattern(name, init, [], 'variable', add);
      }
      return;
    case 'function_declaration':
    case 'generator_function_declaration':
    case 'class_declaration':
    case 'abstract_class_declaration': {
      const name = statement.childForFieldName('name');
      const kind = statement.type.includes('class') ? 'class' : 'function';
      if (name) add({ name: name.text, kind, identifier: name });
      return;
    }
    case 'import_statement':
      addImport(statement, add);
      return;
    default:
      return;
  }
}

function addParameter(param: SyntaxNode, add: AddBinding): void {
  // TypeScript wraps parameters: required_parameter / optional_parameter with a `pattern` field.
  const pattern = param.childForFieldName('pattern') ?? param;
  addPattern(pattern, undefined, [], 'parameter', add);
}

/** Declares every name a binding pattern introduces; records the destructured path for each. */
function addPattern(
  pattern: SyntaxNode,
  init: SyntaxNode | undefined,
  path: string[],
  kind: BindingKind,
  add: AddBinding,
): void {
  switch (pattern.type) {
    case 'identifier':
    case 'shorthand_property_identifier_pattern':
      add({ name: pattern.text, kind, identifier: pattern, init, destructured: path.length ? path : undefined });
      return;
    case 'assignment_pattern':
    case 'object_assignment_pattern': {
      const left = pattern.childForFieldName('left');
      if (left) addPattern(left, init, path, kind, add);
      return;
    }
    case 'rest_pattern':
    case 'required_parameter':
    case 'optional_parameter': {
      const inner = pattern.childForFieldName('pattern') ?? pattern.namedChildren[0];
      // A rest element is not one property of the initialiser: nothing known about it.
      if (inner) addPattern(inner, pattern.type === 'rest_pattern' ? undefined : init, path, kind, add);
      return;
    }
    case 'object_pattern':
      for (const prop of pattern.namedChildren) {
        if (!prop) continue;
        if (prop.type === 'shorthand_property_identifier_pattern') {
          addPattern(prop, init, [...path, prop.text], kind, add);
        } else if (prop.type === 'pair_pattern') {
          const key = prop.childForFieldName('key');
          const value = prop.childForFieldName('value');
          const keyName = key ? propertyKeyName(key) : undefined;
          if (value) addPattern(value, keyName === undefined ? undefined : init, keyName === undefined ? path : [...path, keyName], kind, add);
        } else {
          addPattern(prop, init, path, kind, add);
        }
      }
      return;
    case 'array_pattern':
      // Elements of an array are not tracked: declare the names with nothing known about them.
      for (const element of pattern.namedChildren) if (element) addPattern(element, undefined, path, kind, add);
      return;
    default:
      return;
  }
}

function addImport(statement: SyntaxNode, add: AddBinding): void {
  const source = statement.childForFieldName('source');
  const specifier = source ? stringValue(source) : undefined;
  if (specifier === undefined) return;
  const module = normaliseModule(specifier);
  const clause = statement.namedChildren.find((c) => c?.type === 'import_clause');
  for (const part of clause?.namedChildren ?? []) {
    if (!part) continue;
    if (part.type === 'identifier') {
      add({ name: part.text, kind: 'import', identifier: part, module });
    } else if (part.type === 'namespace_import') {
      const name = part.namedChildren.find((c) => c?.type === 'identifier');
      if (name) add({ name: name.text, kind: 'import', identifier: name, module });
    } else if (part.type === 'named_imports') {
      for (const spec of part.namedChildren) {
        if (spec?.type !== 'import_specifier') continue;
        const imported = spec.childForFieldName('name');
        const alias = spec.childForFieldName('alias') ?? imported;
        if (!imported || !alias) continue;
        const importedName = stringValue(imported) ?? imported.text;
        add({ name: alias.text, kind: 'import', identifier: alias, module, imported: importedName === 'default' ? undefined : importedName });
      }
    }
  }
}

/** The module value of `value` with its path, when it comes from `module` directly. */
export function isFromModule(value: Value, modules: ReadonlySet<string> | string): value is Extract<Value, { kind: 'module' }> {
  if (value.kind !== 'module') return false;
  return typeof modules === 'string' ? value.module === modules : modules.has(value.module);
}

/** The root value a created value was made from: `axios.create()` → the `axios` module value with path ['create']. */
export function creator(value: Value): Value {
  return value.kind === 'created' ? value.by : value;
}
