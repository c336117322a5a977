import type { Value } from '../parse/bindings';
import type { SyntaxNode } from '../parse/parser';
import { dottedName, unwrap } from '../parse/syntax';
import { FileCache, type SourceFile } from '../sourceFile';
import { isPackage } from './moduleSpecifiers';
import { importedModules } from './modules';
import { instanceFieldOf } from './instanceFields';
import { lookupTable } from '../lookupTable';

/**
 * What Redis clients look like in source code: ioredis (`new Redis()`, `new Cluster()`) and
 * node-redis (`createClient()`, `createCluster()`), which take a key's expiry in different shapes
 * (`'EX', 60` arguments versus a `{ EX: 60 }` or `{ expiration: {...} }` options object).
 */

export type RedisLibrary = 'ioredis' | 'node-redis';

const LIBRARY_MODULES = lookupTable<RedisLibrary>({ ioredis: 'ioredis', redis: 'node-redis', '@redis/client': 'node-redis' });

/** Constructors (ioredis) and factories (node-redis) that make a client; `[]` is ioredis's default export. */
const IOREDIS_CLASSES: ReadonlySet<string> = new Set(['Redis', 'Cluster']);
const NODE_REDIS_FACTORIES: ReadonlySet<string> = new Set(['createClient', 'createCluster', 'createSentinel']);
/** Methods that return the same client, or a connected copy of it. */
const SAME_CLIENT_METHODS: ReadonlySet<string> = new Set(['connect', 'duplicate']);

/** Receivers the file cannot show but whose name says cache: `redis`, `cacheClient`, `this.redisCache`. */
const CACHE_LIKE_NAME = /redis|cache/i;

const librariesCache = new FileCache<ReadonlySet<RedisLibrary>>();

/** The Redis libraries a file imports or requires at its top level; computed once per file. */
export function importedRedisLibraries(file: SourceFile): ReadonlySet<RedisLibrary> {
  let libraries = librariesCache.get(file);
  if (!libraries) {
    const found = new Set<RedisLibrary>();
    for (const module of importedModules(file)) {
      const library = LIBRARY_MODULES[module];
      if (library) found.add(library);
    }
    librariesCache.set(file, (libraries = found));
  }
  return libraries;
}

/**
 * Whether `receiver` (the `x` of `x.set(...)`) is a Redis client. A client created in this file, or
 * a parameter or field typed with the library's class, is known. Something created by another
 * library (`new Map()`, `new LRUCache()`), or typed as something else, is not. A receiver the file
 * cannot show counts when the file imports a Redis library and its name says `redis` or `cache`;
 * then `library` is known only when the file imports one of the two.
 */
export function recognizeRedisReceiver(file: SourceFile, receiver: SyntaxNode): { library?: RedisLibrary } | undefined {
  const imported = importedRedisLibraries(file);
  if (imported.size === 0) return undefined;
  const known = receiverKind(file, unwrap(receiver));
  if (known === 'other') return undefined;
  if (known) return { library: known };
  const names = dottedName(receiver);
  const name = names?.[names.length - 1];
  if (!name || !CACHE_LIKE_NAME.test(name)) return undefined;
  return { library: imported.size === 1 ? [...imported][0] : undefined };
}

/** The library when known, `other` when known not to be Redis, undefined when it cannot be told. */
function receiverKind(file: SourceFile, receiver: SyntaxNode): RedisLibrary | 'other' | undefined {
  const field = instanceFieldOf(receiver);
  if (field) {
    if (field.value) return kindOfValue(file.resolver.valueOf(field.value));
    return field.type ? kindOfType(file, field.type) : undefined;
  }
  if (receiver.type === 'identifier') {
    const binding = file.resolver.resolve(receiver);
    if (binding?.kind === 'parameter') {
      const annotation = binding.identifier.parent?.childForFieldName('type');
      return annotation ? kindOfType(file, annotation) : undefined;
    }
  }
  return kindOfValue(file.resolver.valueOf(receiver));
}

function kindOfValue(value: Value): RedisLibrary | 'other' | undefined {
  switch (value.kind) {
    case 'created': {
      if (value.path.length > 0) return undefined;
      const by = value.by;
      if (by.kind === 'created' && by.path.length === 1 && SAME_CLIENT_METHODS.has(by.path[0])) return kindOfValue({ ...by, path: [] });
      if (by.kind === 'global') return 'other'; // new Map(), new WeakMap()
      if (by.kind !== 'module') return undefined;
      const library = LIBRARY_MODULES[by.module];
      if (library === 'ioredis' && value.call.type === 'new_expression' && (by.path.length === 0 || (by.path.length === 1 && IOREDIS_CLASSES.has(by.path[0])))) return library;
      if (library === 'node-redis' && by.path.length === 1 && NODE_REDIS_FACTORIES.has(by.path[0])) return library;
      return library || !isPackage(by.module) ? undefined : 'other';
    }
    case 'module':
      return LIBRARY_MODULES[value.module] || !isPackage(value.module) ? undefined : 'other';
    default:
      return undefined;
  }
}

/** A declared type: the library when it names a class or type the file imports from it, `other` for any other named type. */
function kindOfType(file: SourceFile, annotation: SyntaxNode): RedisLibrary | 'other' | undefined {
  const type = annotation.type === 'type_annotation' ? annotation.namedChildren[0] : annotation;
  const name = type?.type === 'generic_type' ? type.childForFieldName('name') : type;
  if (!name || (name.type !== 'type_identifier' && name.type !== 'nested_type_identifier')) return undefined;
  const head = name.type === 'nested_type_identifier' ? name.namedChildren[0]?.text : name.text;
  const binding = head ? file.resolver.lookup(head, annotation) : undefined;
  const library = binding?.kind === 'import' && binding.module ? LIBRARY_MODULES[binding.module] : undefined;
  return library ?? 'other';
}
