import type { Value } from '../parse/bindings';
import type { SyntaxNode } from '../parse/parser';
import { argumentsOf, calleeOf, dottedName, stringValue, unwrap } from '../parse/syntax';
import type { SourceFile } from '../sourceFile';
import { instanceFieldOf } from './instanceFields';

/**
 * What the official model SDKs look like in source code: `new OpenAI({...})`, `new Anthropic({...})`
 * and the calls that send a request through them (`client.chat.completions.create(body, options)`).
 * Rules about model calls (timeouts, token limits, prompt injection) share this knowledge.
 */

export type LlmProvider = 'openai' | 'anthropic';

/** Which endpoint a request goes to; each names its output-token limit differently. */
export type LlmApi = 'chat' | 'responses' | 'completions' | 'messages';

export interface LlmClient {
  provider: LlmProvider;
  /** The `new OpenAI(...)` expression. */
  creation: SyntaxNode;
  /** `new OpenAI` without the arguments: the place to underline. */
  constructorName: SyntaxNode;
  /** The client options argument, when given (any expression). */
  optionsNode?: SyntaxNode;
}

export interface LlmRequest {
  provider: LlmProvider;
  api: LlmApi;
  call: SyntaxNode;
  /** The callee as written: `openai.chat.completions.create`. */
  callee: SyntaxNode;
  /** The request body: the first argument. */
  bodyNode?: SyntaxNode;
  /** The per-request options: the second argument (`{ timeout, maxRetries, signal }`). */
  optionsNode?: SyntaxNode;
  /** The client the call goes through, when this file creates it; undefined when it comes from elsewhere. */
  client?: LlmClient;
}

const SDK_MODULES: Readonly<Record<string, LlmProvider>> = { openai: 'openai', '@anthropic-ai/sdk': 'anthropic' };

/** Exported names of the client classes; `[]` is the default export. Both SDKs default to a 10-minute timeout. */
const CLIENT_CLASSES: Readonly<Record<LlmProvider, ReadonlySet<string>>> = {
  openai: new Set(['OpenAI', 'AzureOpenAI']),
  anthropic: new Set(['Anthropic']),
};

/** Methods that send a request, by resource path (an optional `beta.` prefix is dropped first). */
const REQUEST_METHODS: ReadonlyArray<{ provider: LlmProvider; resource: string; methods: ReadonlySet<string>; api: LlmApi }> = [
  { provider: 'openai', resource: 'chat.completions', methods: new Set(['create', 'parse', 'stream', 'runTools']), api: 'chat' },
  { provider: 'openai', resource: 'responses', methods: new Set(['create', 'parse', 'stream']), api: 'responses' },
  { provider: 'openai', resource: 'completions', methods: new Set(['create']), api: 'completions' },
  { provider: 'anthropic', resource: 'messages', methods: new Set(['create', 'parse', 'stream']), api: 'messages' },
];
const METHOD_NAMES: ReadonlySet<string> = new Set(REQUEST_METHODS.flatMap((r) => [...r.methods]));

const importsCache = new WeakMap<SourceFile, ReadonlySet<LlmProvider>>();

/** The model SDKs the file imports or requires at its top level; computed once per file. */
export function importedLlmSdks(file: SourceFile): ReadonlySet<LlmProvider> {
  let found = importsCache.get(file);
  if (!found) {
    const providers = new Set<LlmProvider>();
    for (const statement of file.root.namedChildren) {
      const specifier = statement && moduleOfStatement(statement);
      const provider = specifier === undefined ? undefined : SDK_MODULES[specifier];
      if (provider) providers.add(provider);
    }
    importsCache.set(file, (found = providers));
  }
  return found;
}

/** The client `node` (a `new_expression`) creates, or undefined when it is not an OpenAI or Anthropic client. */
export function recognizeLlmClient(file: SourceFile, node: SyntaxNode): LlmClient | undefined {
  if (node.type !== 'new_expression' || importedLlmSdks(file).size === 0) return undefined;
  const constructor = node.childForFieldName('constructor');
  if (!constructor) return undefined;
  const provider = clientClass(file.resolver.valueOf(constructor));
  if (!provider) return undefined;
  const args = argumentsOf(node);
  const constructorName = { ...constructor, startIndex: node.startIndex } as SyntaxNode;
  return { provider, creation: node, constructorName: constructorName.startIndex === node.startIndex ? constructor : constructor, optionsNode: args[0] };
}

/**
 * The model request `call` sends, or undefined. A client created in this file (in a variable or a
 * class field) is traced; a client from elsewhere is recognised only by the unmistakable
 * `<x>.chat.completions.create` shape in a file that imports `openai`, with `client` left undefined.
 */
export function recognizeLlmRequest(file: SourceFile, call: SyntaxNode): LlmRequest | undefined {
  const callee = calleeOf(call);
  if (callee?.type !== 'member_expression') return undefined;
  const method = callee.childForFieldName('property')?.text;
  if (method === undefined || !METHOD_NAMES.has(method)) return undefined;
  const sdks = importedLlmSdks(file);
  if (sdks.size === 0) return undefined;

  const traced = tracedRequest(file, callee);
  const [bodyNode, optionsNode] = argumentsOf(call);
  const request = (provider: LlmProvider, api: LlmApi, client?: LlmClient): LlmRequest => ({ provider, api, call, callee, bodyNode, optionsNode, client });
  if (traced === null) return undefined;
  if (traced) return request(traced.client.provider, traced.api, traced.client);
  const names = dottedName(callee);
  if (sdks.has('openai') && names && names.length > 3 && names.slice(-3).join('.') === 'chat.completions.create') {
    return request('openai', 'chat');
  }
  return undefined;
}

/**
 * The request a callee makes through a client created in this file; `null` when the callee is
 * known not to be one (another library, a client reconfigured by `withOptions`), undefined when it
 * cannot be told.
 */
function tracedRequest(file: SourceFile, callee: SyntaxNode): { client: LlmClient; api: LlmApi } | null | undefined {
  const split = splitAtClient(file, callee);
  if (!split) return undefined;
  if (split === 'other') return null;
  const { client, path } = split;
  const resource = path[0] === 'beta' ? path.slice(1) : path;
  const method = resource[resource.length - 1];
  const name = resource.slice(0, -1).join('.');
  const match = REQUEST_METHODS.find((r) => r.provider === client.provider && r.resource === name && method !== undefined && r.methods.has(method));
  return match ? { client, api: match.api } : null;
}

/** The client at the root of a callee and the property path after it: `this.client.chat.completions.create`. */
function splitAtClient(file: SourceFile, callee: SyntaxNode): { client: LlmClient; path: string[] } | 'other' | undefined {
  const path: string[] = [];
  let node: SyntaxNode = callee;
  while (node.type === 'member_expression') {
    const field = instanceFieldOf(node);
    if (field) {
      const client = field.value && creationOf(file, file.resolver.valueOf(field.value));
      return client ? { client, path: path.reverse() } : undefined;
    }
    path.push(node.childForFieldName('property')?.text ?? '');
    const object = node.childForFieldName('object');
    if (!object) return undefined;
    node = unwrap(object);
  }
  if (node.type === 'this') return undefined;
  const value = file.resolver.valueOf(node);
  if (value.kind === 'unknown' || value.kind === 'global') return undefined;
  if (value.kind === 'module') return isPackage(value.module) && !SDK_MODULES[value.module] ? 'other' : undefined;
  if (value.path.length > 0) return 'other'; // `openai.withOptions(...)`, `factory().client`: not the client itself
  const client = creationOf(file, value);
  if (client) return { client, path: path.reverse() };
  return value.by.kind === 'module' && isPackage(value.by.module) && !SDK_MODULES[value.by.module] ? 'other' : undefined;
}

/** The client creation a value denotes: `new OpenAI(...)` itself, not a property of it. */
function creationOf(file: SourceFile, value: Value): LlmClient | undefined {
  if (value.kind !== 'created' || value.path.length > 0 || value.call.type !== 'new_expression') return undefined;
  return recognizeLlmClient(file, value.call);
}

function clientClass(value: Value): LlmProvider | undefined {
  if (value.kind !== 'module') return undefined;
  const provider = SDK_MODULES[value.module];
  if (!provider) return undefined;
  const { path } = value;
  if (path.length === 0) return provider;
  return path.length === 1 && CLIENT_CLASSES[provider].has(path[0]) ? provider : undefined;
}

/** True for an npm package name (`groq-sdk`, `@scope/pkg/sub`); false for a relative or aliased path (`./llm`, `@/lib/llm`, `~/llm`). */
export function isPackage(specifier: string): boolean {
  return /^(@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*(\/.*)?$/i.test(specifier);
}

function moduleOfStatement(statement: SyntaxNode): string | undefined {
  switch (statement.type) {
    case 'import_statement': {
      const source = statement.childForFieldName('source');
      return source ? stringValue(source) : undefined;
    }
    case 'lexical_declaration':
    case 'variable_declaration':
      for (const declarator of statement.namedChildren) {
        const value = declarator?.type === 'variable_declarator' ? declarator.childForFieldName('value') : null;
        const required = value && requiredModule(value);
        if (required) return required;
      }
      return undefined;
    default:
      return undefined;
  }
}

/** `require('m')`, possibly followed by properties: `require('openai').default`. */
function requiredModule(expression: SyntaxNode): string | undefined {
  let node = unwrap(expression);
  while (node.type === 'member_expression') node = unwrap(node.childForFieldName('object') ?? node);
  if (node.type !== 'call_expression' || calleeOf(node)?.text !== 'require') return undefined;
  const [specifier] = argumentsOf(node);
  return specifier && stringValue(specifier);
}
