import type { Value } from '../parse/bindings';
import type { SyntaxNode } from '../parse/parser';
import { argumentsOf, calleeOf, dottedName, unwrap } from '../parse/syntax';
import { FileCache, type SourceFile } from '../sourceFile';
import { isPackage } from './moduleSpecifiers';
import { importedModules } from './modules';
import { instanceFieldOf } from './instanceFields';
import { lookupTable } from '../lookupTable';

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
  /** `OpenAI` in `new OpenAI(...)`. */
  constructorNode: SyntaxNode;
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

const SDK_MODULES = lookupTable<LlmProvider>({ openai: 'openai', '@anthropic-ai/sdk': 'anthropic' });

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
/** Requests recognised by their shape alone when the client comes from elsewhere, in a file that imports the SDK. */
const UNTRACED_SHAPES: ReadonlyArray<{ provider: LlmProvider; path: readonly string[]; api: LlmApi }> = [
  { provider: 'openai', path: ['chat', 'completions', 'create'], api: 'chat' },
  { provider: 'openai', path: ['responses', 'create'], api: 'responses' },
  { provider: 'anthropic', path: ['messages', 'create'], api: 'messages' },
];
const METHOD_NAMES: ReadonlySet<string> = new Set(REQUEST_METHODS.flatMap((r) => [...r.methods]));

const sdksCache = new FileCache<ReadonlySet<LlmProvider>>();

/** The model SDKs the file imports or requires at its top level; computed once per file. */
export function importedLlmSdks(file: SourceFile): ReadonlySet<LlmProvider> {
  let providers = sdksCache.get(file);
  if (!providers) {
    const found = new Set<LlmProvider>();
    for (const module of importedModules(file)) {
      const provider = SDK_MODULES[module];
      if (provider) found.add(provider);
    }
    sdksCache.set(file, (providers = found));
  }
  return providers;
}

/** The client `node` (a `new_expression`) creates, or undefined when it is not an OpenAI or Anthropic client. */
export function recognizeLlmClient(file: SourceFile, node: SyntaxNode): LlmClient | undefined {
  if (node.type !== 'new_expression' || importedLlmSdks(file).size === 0) return undefined;
  const constructor = node.childForFieldName('constructor');
  if (!constructor) return undefined;
  const provider = clientClass(file.resolver.valueOf(constructor));
  if (!provider) return undefined;
  return { provider, creation: node, constructorNode: constructor, optionsNode: argumentsOf(node)[0] };
}

/**
 * The model request `call` sends, or undefined. A client created in this file (in a variable or a
 * class field) is traced. A client from elsewhere is recognised only by a distinctive call shape in
 * a file that imports the SDK (`<x>.chat.completions.create`, `<x>.responses.create` with `openai`,
 * `<x>.messages.create` with `@anthropic-ai/sdk`), and `client` is then left undefined.
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
  const shape = names && names.length > 2 ? UNTRACED_SHAPES.find((u) => sdks.has(u.provider) && names.slice(-u.path.length).join('.') === u.path.join('.')) : undefined;
  return shape && names && names.length > shape.path.length ? request(shape.provider, shape.api) : undefined;
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
  const client = creationOf(file, { ...value, path: [] });
  if (client) return { client, path: [...value.path, ...path.reverse()] };
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
