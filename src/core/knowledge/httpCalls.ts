import type { Binding, Value } from '../parse/bindings';
import type { SyntaxNode } from '../parse/parser';
import { argumentsOf, calleeOf, findProperty, hasSpread, stringValue, unwrap } from '../parse/syntax';
import { FileCache, type SourceFile } from '../sourceFile';
import { requiredModule } from './modules';
import { lookupTable } from '../lookupTable';

/**
 * What the HTTP client libraries look like in source code: which calls send a request, where their
 * options go, and which calls create a client with shared defaults. Rules about outgoing calls
 * (timeouts, retries, idempotency keys, circuit breakers) share this knowledge.
 */

export type HttpClient = 'fetch' | 'axios' | 'got' | 'undici' | 'node-http' | 'ky' | 'superagent';

export interface HttpCall {
  client: HttpClient;
  /** Where the client comes from: a module (`axios`, `node-fetch`, `http`, `https`) or `global`. */
  source: string;
  /** Lower-case HTTP verb when the code states it (`get`, `post`, ...); `request` when it is left to a config. */
  method: string;
  call: SyntaxNode;
  /** The callee as written (`axios.get`, `api.post`, `fetch`): the place to underline. */
  callee: SyntaxNode;
  /**
   * The argument position of the options (axios: the config). Undefined when the arguments cannot be
   * told apart (`axios(x)`: a URL or a config? a spread argument; a `Request` object): assume nothing.
   */
  optionsIndex?: number;
  /** The options argument, when the call passes one; any expression, not only an object literal. */
  optionsNode?: SyntaxNode;
  /** Set when the call goes through an instance created in this file (`axios.create({...})`). */
  instance?: ClientFactory;
}

/** A call that creates a client with shared defaults: `axios.create`, `got.extend`, `ky.create`, `ky.extend`. */
export interface ClientFactory {
  client: HttpClient;
  call: SyntaxNode;
  /** The variable the instance is stored in, when there is one. */
  binding?: Binding;
  /** The first argument: the defaults, when given. */
  configNode?: SyntaxNode;
}

const CLIENT_MODULES: ReadonlySet<string> = new Set([
  'axios', 'got', 'undici', 'http', 'https', 'ky', 'superagent', 'node-fetch', 'cross-fetch', 'isomorphic-fetch',
]);
const FETCH_MODULES: ReadonlySet<string> = new Set(['node-fetch', 'cross-fetch', 'isomorphic-fetch']);
const GLOBAL_OBJECTS: ReadonlySet<string> = new Set(['globalThis', 'window', 'self']);

/** Method names that map to a verb; the rest of a client's methods are not requests (`axios.getUri`). */
const VERBS = lookupTable<string>({
  get: 'get', post: 'post', put: 'put', patch: 'patch', delete: 'delete', head: 'head', options: 'options',
  del: 'delete', postForm: 'post', putForm: 'put', patchForm: 'patch',
});
const REQUEST_METHODS: Readonly<Record<HttpClient, ReadonlySet<string>>> = {
  fetch: new Set(),
  axios: new Set(['get', 'delete', 'head', 'options', 'post', 'put', 'patch', 'postForm', 'putForm', 'patchForm', 'request']),
  got: new Set(['get', 'post', 'put', 'patch', 'head', 'delete']),
  undici: new Set(['request']),
  'node-http': new Set(['request', 'get']),
  ky: new Set(['get', 'post', 'put', 'patch', 'head', 'delete']),
  superagent: new Set(['get', 'post', 'put', 'patch', 'head', 'del', 'delete', 'options']),
};
/** axios takes the config after the URL, or after URL and body for methods that send one. */
const AXIOS_CONFIG_INDEX = lookupTable<number>({
  request: 0, get: 1, delete: 1, head: 1, options: 1, post: 2, put: 2, patch: 2, postForm: 2, putForm: 2, patchForm: 2,
});
/** Last names a request or factory callee can end with: everything else is rejected before resolving names. */
const CALLEE_NAMES: ReadonlySet<string> = new Set([...Object.keys(VERBS), 'request', 'fetch']);

const importsCache = new FileCache<boolean>();
const recognized = new FileCache<Map<number, HttpCall | null>>();

/**
 * The outgoing HTTP request `call` sends, or undefined when it is not one (or cannot be told).
 * Remembered per file: several rules in the same walk ask about every call.
 */
export function recognizeHttpCall(file: SourceFile, call: SyntaxNode): HttpCall | undefined {
  let calls = recognized.get(file);
  if (!calls) recognized.set(file, (calls = new Map()));
  let http = calls.get(call.id);
  if (http === undefined) {
    http = recognize(file, call) ?? null;
    calls.set(call.id, http);
  }
  return http ?? undefined;
}

/** False when the file can make no HTTP request: it imports no client and never mentions `fetch`. */
export function mayMakeHttpCalls(file: SourceFile): boolean {
  return importsHttpClient(file) || file.text.includes('fetch');
}

function recognize(file: SourceFile, call: SyntaxNode): HttpCall | undefined {
  const callee = calleeOf(call);
  const name = callee ? lastName(callee) : undefined;
  if (!callee || name === undefined) return undefined;
  // Cheap checks before resolving names: only `fetch` is global; the other clients are imported at
  // the top of the file, and a client called as a bare name (`api(config)`) is declared there too.
  if (name !== 'fetch') {
    if (callee.type === 'member_expression' && !CALLEE_NAMES.has(name)) return undefined;
    if (!importsHttpClient(file)) return undefined;
    if (callee.type === 'identifier' && !mayNameClient(file, name)) return undefined;
  }
  const target = clientOf(file.resolver.valueOf(callee));
  if (!target) return undefined;
  const { client, source, path, instance } = target;
  const member = path[0];
  if (path.length > 1 || (member !== undefined && !REQUEST_METHODS[client].has(member))) return undefined;

  const args = argumentsOf(call);
  const optionsIndex = args.some((a) => a.type === 'spread_element') ? undefined : optionsIndexOf(file, client, member, args);
  const optionsNode = optionsIndex === undefined ? undefined : args[optionsIndex];
  const options = optionsNode && !isFunction(optionsNode) ? optionsNode : undefined;
  return {
    client,
    source,
    method: methodOf(client, member, args, optionsIndex, options),
    call,
    callee,
    optionsIndex,
    optionsNode: options,
    instance,
  };
}

/** The client `call` creates (`axios.create({...})`, `got.extend(...)`, `ky.create(...)`), or undefined. */
export function recognizeClientFactory(file: SourceFile, call: SyntaxNode): ClientFactory | undefined {
  const callee = calleeOf(call);
  if (callee?.type !== 'member_expression') return undefined;
  const name = lastName(callee);
  if ((name !== 'create' && name !== 'extend') || !importsHttpClient(file)) return undefined;
  const client = factoryClient(file.resolver.valueOf(callee));
  return client && { client, call, configNode: argumentsOf(call)[0] };
}

export interface ChainedCall {
  /** The method name: `set`, `timeout`, `then`. */
  name: string;
  /** The member expression `<previous>.name`. */
  member: SyntaxNode;
  /** The call of that method. */
  call: SyntaxNode;
}

/** The method calls chained onto `call`, innermost first: `superagent.get(u).set(h).timeout(t)` → set, timeout. */
export function chainedCalls(call: SyntaxNode): ChainedCall[] {
  const chain: ChainedCall[] = [];
  let current = call;
  for (;;) {
    const member = current.parent;
    const next = member?.parent;
    if (member?.type !== 'member_expression' || member.childForFieldName('object')?.id !== current.id) break;
    if (next?.type !== 'call_expression' || next.childForFieldName('function')?.id !== member.id) break;
    chain.push({ name: member.childForFieldName('property')?.text ?? '', member, call: next });
    current = next;
  }
  return chain;
}

/** True when the file imports or requires an HTTP client module at its top level; computed once per file. */
export function importsHttpClient(file: SourceFile): boolean {
  let found = importsCache.get(file);
  if (found === undefined) {
    found = file.moduleStatements().some(statementImportsClient);
    importsCache.set(file, found);
  }
  return found;
}

/** A top-level import from a client module, or a top-level variable (an alias, an instance). */
function mayNameClient(file: SourceFile, name: string): boolean {
  const binding = file.resolver.moduleDeclaration(name, file.root);
  if (binding?.kind === 'import') return binding.module !== undefined && isClientModule(binding.module);
  return binding?.kind === 'variable';
}

function statementImportsClient(statement: SyntaxNode): boolean {
  switch (statement.type) {
    case 'import_statement': {
      const clause = statement.namedChildren.find((c) => c.type === 'import_require_clause');
      const source = statement.childForFieldName('source') ?? clause?.childForFieldName('source');
      const specifier = source ? stringValue(source) : undefined;
      return specifier !== undefined && isClientModule(specifier);
    }
    case 'export_statement': {
      const declaration = statement.childForFieldName('declaration');
      return declaration !== null && statementImportsClient(declaration);
    }
    case 'lexical_declaration':
    case 'variable_declaration':
      return statement.namedChildren.some((declarator) => {
        const value = declarator?.type === 'variable_declarator' ? declarator.childForFieldName('value') : null;
        const required = value && requiredModule(value);
        return required !== undefined && required !== null && isClientModule(required);
      });
    default:
      return false;
  }
}

function isClientModule(specifier: string): boolean {
  return CLIENT_MODULES.has(specifier.startsWith('node:') ? specifier.slice(5) : specifier);
}

function lastName(callee: SyntaxNode): string | undefined {
  if (callee.type === 'identifier') return callee.text;
  if (callee.type === 'member_expression') return callee.childForFieldName('property')?.text;
  return undefined;
}

interface Target {
  client: HttpClient;
  source: string;
  /** What is called on the client: [] for the client itself, ['get'] for a method. */
  path: string[];
  instance?: ClientFactory;
}

function clientOf(value: Value): Target | undefined {
  switch (value.kind) {
    case 'global': {
      const isFetch = value.path.length === 0 ? value.name === 'fetch' : GLOBAL_OBJECTS.has(value.name) && value.path.length === 1 && value.path[0] === 'fetch';
      return isFetch ? { client: 'fetch', source: 'global', path: [] } : undefined;
    }
    case 'module': {
      const { module, path } = value;
      if (FETCH_MODULES.has(module) && (path.length === 0 || (path.length === 1 && path[0] === 'fetch'))) return { client: 'fetch', source: module, path: [] };
      if (module === 'undici' && path.length === 1 && path[0] === 'fetch') return { client: 'fetch', source: module, path: [] };
      const client = MODULE_CLIENTS[module];
      return client && { client, source: module, path };
    }
    case 'created': {
      const client = factoryClient(value.by);
      if (!client) return undefined;
      const configNode = argumentsOf(value.call)[0];
      return { client, source: client, path: value.path, instance: { client, call: value.call, binding: value.binding, configNode } };
    }
    default:
      return undefined;
  }
}

const MODULE_CLIENTS = lookupTable<HttpClient | undefined>({
  axios: 'axios', got: 'got', undici: 'undici', http: 'node-http', https: 'node-http', ky: 'ky', superagent: 'superagent',
});

/** The client a factory value makes: `axios.create`, `got.extend`, `ky.create`, `ky.extend`. */
function factoryClient(value: Value): HttpClient | undefined {
  if (value.kind !== 'module' || value.path.length !== 1) return undefined;
  const [name] = value.path;
  if (value.module === 'axios' && name === 'create') return 'axios';
  if (value.module === 'got' && name === 'extend') return 'got';
  if (value.module === 'ky' && (name === 'create' || name === 'extend')) return 'ky';
  return undefined;
}

function optionsIndexOf(file: SourceFile, client: HttpClient, member: string | undefined, args: readonly SyntaxNode[]): number | undefined {
  switch (client) {
    case 'fetch':
      return args[0] && isRequestObject(file, args[0]) ? undefined : 1;
    case 'axios':
      return member === undefined ? urlOrOptions(file, args, false) : AXIOS_CONFIG_INDEX[member];
    case 'got':
      return urlOrOptions(file, args, false);
    case 'node-http':
      return urlOrOptions(file, args, true);
    case 'undici':
    case 'ky':
      return 1;
    case 'superagent':
      return undefined;
  }
}

/**
 * Where the options go for clients that take `(url, options?)` or `(options)`. Node's `http` also
 * takes `(url, callback)`: a callback in second place says nothing about the first argument.
 */
function urlOrOptions(file: SourceFile, args: readonly SyntaxNode[], callbackMayFollow: boolean): number | undefined {
  const first = args[0] && unwrap(args[0]);
  const second = args[1] && unwrap(args[1]);
  if (!first) return undefined;
  if (first.type === 'object') return 0;
  if (second?.type === 'object') return 1;
  if (!second || (callbackMayFollow && isFunction(second))) return isUrl(file, first, 0) ? 1 : undefined;
  return callbackMayFollow ? undefined : 1;
}

/** True when `node` is certainly a URL, never an options object: a string, `new URL(...)`, a `string` parameter. */
function isUrl(file: SourceFile, node: SyntaxNode, depth: number): boolean {
  const n = unwrap(node);
  switch (n.type) {
    case 'string':
    case 'template_string':
      return true;
    case 'binary_expression':
      return n.childForFieldName('operator')?.type === '+';
    case 'new_expression':
      return n.childForFieldName('constructor')?.text === 'URL';
    case 'identifier': {
      const binding = file.resolver.resolve(n);
      if (binding?.kind === 'variable' && binding.init && !binding.destructured && depth < 3) return isUrl(file, binding.init, depth + 1);
      const type = binding?.kind === 'parameter' ? binding.identifier.parent?.childForFieldName('type')?.namedChildren[0] : undefined;
      return type?.text === 'string' || type?.text === 'URL';
    }
    default:
      return false;
  }
}

/** `fetch(new Request(...))`, or a variable holding one: the request may carry its own signal. */
function isRequestObject(file: SourceFile, node: SyntaxNode): boolean {
  const value = file.resolver.valueOf(node);
  return value.kind === 'created' && value.by.kind === 'global' && value.by.name === 'Request' && value.by.path.length === 0;
}

function isFunction(node: SyntaxNode): boolean {
  const n = unwrap(node);
  return n.type === 'arrow_function' || n.type === 'function_expression' || n.type === 'function';
}

function methodOf(
  client: HttpClient,
  member: string | undefined,
  args: readonly SyntaxNode[],
  optionsIndex: number | undefined,
  options: SyntaxNode | undefined,
): string {
  if (member !== undefined && VERBS[member]) return VERBS[member];
  if (client === 'superagent') {
    const verb = args.length > 1 && args[0] ? stringValue(args[0]) : undefined;
    return verb?.toLowerCase() ?? 'get';
  }
  if (optionsIndex === undefined) return 'request';
  if (!options) return 'get';
  const object = unwrap(options);
  if (object.type !== 'object') return 'request';
  const method = findProperty(object, 'method');
  if (!method) return hasSpread(object) ? 'request' : 'get';
  return stringValue(method.value)?.toLowerCase() ?? 'request';
}
