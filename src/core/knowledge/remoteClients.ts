import type { Value } from '../parse/bindings';
import type { SyntaxNode } from '../parse/parser';
import { calleeOf } from '../parse/syntax';
import { FileCache, type SourceFile } from '../sourceFile';
import { recognizeHttpCall } from './httpCalls';
import { importedLlmSdks, recognizeLlmClient, recognizeLlmRequest } from './llmClients';
import { importedModules } from './modules';
import { lookupTable } from '../lookupTable';

/**
 * What database, cache, broker and cloud SDK clients look like in source code: which exports
 * create a client (`new Pool()`, `mysql.createPool()`, `new S3Client()`), and which calls go over
 * the network through one (`pool.query(...)`, `s3.send(...)`, `db.collection('x').findOne()`).
 * HTTP clients and model SDKs have their own modules (httpCalls, llmClients); this one defers to them.
 */

export type RemoteKind = 'database' | 'cache' | 'broker' | 'cloud' | 'http' | 'llm';

interface ClientLibrary {
  kind: RemoteKind;
  /** True for the export path that creates a client holding connections: `['Pool']`, `['createPool']`, `[]` for a default export. */
  createsClient(path: readonly string[]): boolean;
  /** True for an export path whose result leads to network calls; defaults to {@link createsClient}. */
  createsHandle?(path: readonly string[]): boolean;
  /** The created client is itself called to query: `knex('orders')`, postgres.js `` sql`...` ``. */
  callable?: boolean;
}

const named = (...names: string[]) => (path: readonly string[]) => path.length === 1 && names.includes(path[0]);
const orDefault = (...names: string[]) => (path: readonly string[]) => path.length === 0 || named(...names)(path);
/** AWS SDK v3 and Azure: `S3Client`, `DynamoDBDocumentClient.from(...)`, `BlobServiceClient.fromConnectionString(...)`. */
const endsWithClient = (path: readonly string[]) => path.length >= 1 && path[0].endsWith('Client') && /^[A-Z]/.test(path[0]);
const MYSQL: ClientLibrary = { kind: 'database', createsClient: named('createPool', 'createConnection', 'createPoolCluster') };
/** AWS SDK v2 names that are configuration, not service clients. */
const AWS_V2_NON_CLIENTS: ReadonlySet<string> = new Set(['Config', 'Credentials', 'SharedIniFileCredentials', 'EnvironmentCredentials', 'Endpoint', 'config']);

const LIBRARIES = lookupTable<ClientLibrary>({
  pg: { kind: 'database', createsClient: named('Pool', 'Client') },
  mysql: MYSQL,
  mysql2: MYSQL,
  'mysql2/promise': MYSQL,
  mongodb: { kind: 'database', createsClient: (p) => p[0] === 'MongoClient' && (p.length === 1 || p[1] === 'connect') },
  // `mongoose.model('Order')` opens nothing, but every query through the model goes over the connection.
  mongoose: { kind: 'database', createsClient: named('connect', 'createConnection'), createsHandle: named('connect', 'createConnection', 'model') },
  '@prisma/client': { kind: 'database', createsClient: named('PrismaClient') },
  knex: { kind: 'database', createsClient: orDefault('knex'), callable: true },
  postgres: { kind: 'database', createsClient: orDefault(), callable: true },
  sequelize: { kind: 'database', createsClient: orDefault('Sequelize') },
  'cassandra-driver': { kind: 'database', createsClient: named('Client') },
  '@elastic/elasticsearch': { kind: 'database', createsClient: named('Client') },
  ioredis: { kind: 'cache', createsClient: orDefault('Redis', 'Cluster') },
  redis: { kind: 'cache', createsClient: named('createClient', 'createCluster') },
  kafkajs: { kind: 'broker', createsClient: named('Kafka') },
  amqplib: { kind: 'broker', createsClient: named('connect') },
  'amqplib/callback_api': { kind: 'broker', createsClient: named('connect') },
  nats: { kind: 'broker', createsClient: named('connect') },
  stripe: { kind: 'cloud', createsClient: orDefault('Stripe') },
  undici: { kind: 'http', createsClient: named('Pool', 'Client', 'Agent') },
  http: { kind: 'http', createsClient: named('Agent'), createsHandle: () => false },
  https: { kind: 'http', createsClient: named('Agent'), createsHandle: () => false },
  axios: { kind: 'http', createsClient: named('create'), createsHandle: () => false },
  'aws-sdk': { kind: 'cloud', createsClient: (p) => p.length >= 1 && /^[A-Z]/.test(p[0]) && !AWS_V2_NON_CLIENTS.has(p[0]) },
});

/** Scoped packages whose client classes follow a naming rule; the handler frameworks in them are not clients. */
function scopedLibrary(module: string): ClientLibrary | undefined {
  if (module.startsWith('@aws-sdk/')) return { kind: 'cloud', createsClient: endsWithClient };
  if (module.startsWith('@azure/') && module !== '@azure/functions') return { kind: 'cloud', createsClient: endsWithClient };
  if (module.startsWith('@google-cloud/') && module !== '@google-cloud/functions-framework') {
    return { kind: 'cloud', createsClient: (p) => p.length >= 1 && /^[A-Z]/.test(p[0]) };
  }
  return undefined;
}

function libraryOf(module: string): ClientLibrary | undefined {
  return LIBRARIES[module] ?? scopedLibrary(module);
}

/** Methods of a client that do no I/O themselves: listeners, escaping, handles to a database or collection. */
const LOCAL_METHODS: ReadonlySet<string> = new Set([
  'on', 'once', 'off', 'addListener', 'removeListener', 'removeAllListeners', 'setMaxListeners', 'listeners', 'emit',
  'escape', 'escapeId', 'format', 'toString', 'db', 'collection', 'producer', 'consumer', 'admin', 'model', 'topic', 'subscription',
]);

export interface ClientCreation {
  module: string;
  kind: RemoteKind;
  /** The `new` or call expression that creates the client. */
  node: SyntaxNode;
  /** The constructor or factory as written: `S3Client`, `mysql.createPool`. */
  callee: SyntaxNode;
  /** How a message names it: `new S3Client()`, `mysql.createPool()`. */
  label: string;
}

/**
 * The client `node` creates (`new S3Client({...})`, `new Pool()`, `mysql.createPool(...)`,
 * `createClient()` from redis, `axios.create()`, `new OpenAI()`), or undefined. Only constructors and
 * factories imported or required in this file are recognised: a name from another module says nothing.
 */
export function recognizeClientCreation(file: SourceFile, node: SyntaxNode): ClientCreation | undefined {
  if (node.type !== 'new_expression' && node.type !== 'call_expression') return undefined;
  const callee = node.type === 'new_expression' ? node.childForFieldName('constructor') : calleeOf(node);
  if (!callee || (callee.type !== 'identifier' && callee.type !== 'member_expression')) return undefined;
  // Cheap check before resolving names: a factory called as a method has one of a few names.
  if (node.type === 'call_expression' && callee.type === 'member_expression' && !FACTORY_METHODS.has(callee.childForFieldName('property')?.text ?? '')) return undefined;
  const label = () => `${node.type === 'new_expression' ? 'new ' : ''}${callee.text.replace(/\s+/g, '')}()`;
  if (node.type === 'new_expression' && importedLlmSdks(file).size > 0) {
    const llm = recognizeLlmClient(file, node);
    if (llm) return { module: llm.provider, kind: 'llm', node, callee, label: label() };
  }
  if (!importsClientLibrary(file)) return undefined;
  const value = file.resolver.valueOf(callee);
  if (value.kind !== 'module') return undefined;
  const library = libraryOf(value.module);
  if (!library?.createsClient(value.path)) return undefined;
  return { module: value.module, kind: library.kind, node, callee, label: label() };
}

/** Last names of factory methods in {@link LIBRARIES}: `mysql.createPool`, `MongoClient.connect`, `DynamoDBDocumentClient.from`. */
const FACTORY_METHODS: ReadonlySet<string> = new Set([
  'createPool', 'createConnection', 'createPoolCluster', 'createClient', 'createCluster', 'create', 'connect', 'from',
  'fromConnectionString',
]);

export interface RemoteCall {
  kind: RemoteKind;
  call: SyntaxNode;
}

/**
 * The network call `call` makes, or undefined: an HTTP request (see httpCalls), a model request
 * (see llmClients), or a method called on a database, cache, broker or cloud client this file
 * creates (`pool.query(...)`, `s3.send(cmd)`, `db.collection('x').findOne()`, `prisma.user.findMany()`).
 */
export function recognizeRemoteCall(file: SourceFile, call: SyntaxNode): RemoteCall | undefined {
  if (recognizeHttpCall(file, call)) return { kind: 'http', call };
  if (importedLlmSdks(file).size > 0 && recognizeLlmRequest(file, call)) return { kind: 'llm', call };
  const callee = calleeOf(call);
  if (!callee || !importsClientLibrary(file)) return undefined;
  const method = callee.type === 'member_expression' ? callee.childForFieldName('property')?.text : undefined;
  if (method !== undefined && LOCAL_METHODS.has(method)) return undefined;
  if (callee.type !== 'member_expression' && callee.type !== 'identifier') return undefined;
  const value = file.resolver.valueOf(callee);
  const origin = clientOrigin(value);
  if (!origin) return undefined;
  if (value.kind === 'created' && value.path.length === 0 && !origin.library.callable) return undefined;
  return { kind: origin.library.kind, call };
}

/** The library whose client a value was derived from: the first creation in the chain `pool.connect().query`. */
function clientOrigin(value: Value): { library: ClientLibrary; module: string } | undefined {
  if (value.kind !== 'created') return undefined;
  let first: Value = value;
  while (first.kind === 'created' && first.by.kind === 'created') first = first.by;
  if (first.kind !== 'created' || first.by.kind !== 'module') return undefined;
  const { module, path } = first.by;
  const library = libraryOf(module);
  if (!library) return undefined;
  const handle = library.createsHandle ?? library.createsClient;
  return handle(path) ? { library, module } : undefined;
}

const importsCache = new FileCache<boolean>();

/** True when the file imports or requires a known client library at its top level; computed once per file. */
export function importsClientLibrary(file: SourceFile): boolean {
  let found = importsCache.get(file);
  if (found === undefined) {
    found = [...importedModules(file)].some((module) => libraryOf(module) !== undefined);
    importsCache.set(file, found);
  }
  return found;
}
