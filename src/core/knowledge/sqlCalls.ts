import type { Value } from '../parse/bindings';
import type { SyntaxNode } from '../parse/parser';
import { argumentsOf, calleeOf, closestAncestor, findProperty, FUNCTION_TYPES, stringValue, unwrap } from '../parse/syntax';
import { FileCache, type SourceFile } from '../sourceFile';
import { isConst } from './fixedValues';
import { importedModules, originModule } from './modules';
import { lookupTable } from '../lookupTable';

/**
 * Which calls hand SQL text to a database: the query methods of the Node drivers (pg, mysql2, sqlite3,
 * sqlite, better-sqlite3, postgres.js) and the raw-SQL doors of knex, sequelize, prisma and typeorm.
 * A receiver is recognised by what it was created from (`new Pool()` from pg, `knex(config)`), or,
 * since clients are usually injected, by `query`/`execute` receiving text that starts like SQL in a
 * file that imports a database module.
 */

export type SqlLibrary = 'pg' | 'postgres' | 'mysql' | 'sqlite3' | 'sqlite' | 'better-sqlite3' | 'knex' | 'sequelize' | 'prisma' | 'typeorm';

export interface SqlCall {
  call: SyntaxNode;
  /** The callee as written: `pool.query`, `knex.raw`. */
  callee: SyntaxNode;
  method: string;
  /** The library, when the receiver's origin is known or the file imports only one database library. */
  library?: SqlLibrary;
  /** The expression holding the SQL text: the first argument, or the `text`/`sql` property of a config object. */
  sql: SyntaxNode;
}

const MODULE_LIBRARIES = lookupTable<SqlLibrary>({
  pg: 'pg', 'pg-pool': 'pg', '@neondatabase/serverless': 'pg', '@vercel/postgres': 'pg', postgres: 'postgres',
  mysql: 'mysql', mysql2: 'mysql', 'mysql2/promise': 'mysql',
  sqlite3: 'sqlite3', sqlite: 'sqlite', 'better-sqlite3': 'better-sqlite3',
  knex: 'knex', sequelize: 'sequelize', 'sequelize-typescript': 'sequelize', '@prisma/client': 'prisma', typeorm: 'typeorm',
});

const KNEX_RAW = ['raw', 'whereRaw', 'orWhereRaw', 'andWhereRaw', 'havingRaw', 'orHavingRaw', 'joinRaw', 'orderByRaw', 'groupByRaw', 'fromRaw'];
const SQLITE = ['run', 'all', 'get', 'each', 'exec', 'prepare'];

/** Methods whose first argument is SQL text, per library. */
const SQL_METHODS: Readonly<Record<SqlLibrary, ReadonlySet<string>>> = {
  pg: new Set(['query']),
  postgres: new Set(['unsafe']),
  mysql: new Set(['query', 'execute']),
  sqlite3: new Set(SQLITE),
  sqlite: new Set(SQLITE),
  'better-sqlite3': new Set(['prepare', 'exec']),
  knex: new Set(KNEX_RAW),
  sequelize: new Set(['query']),
  prisma: new Set(['$queryRawUnsafe', '$executeRawUnsafe', 'raw']),
  typeorm: new Set(['query']),
};
/** Names that say "raw SQL" on any receiver, such as a transaction client passed in as a parameter. */
const RAW_SQL_METHODS: ReadonlySet<string> = new Set([...KNEX_RAW.filter((m) => m !== 'raw'), '$queryRawUnsafe', '$executeRawUnsafe']);
/** Names that take SQL on an unknown receiver when the text starts like SQL. */
const QUERY_METHODS: ReadonlySet<string> = new Set(['query', 'execute']);
const ALL_METHODS: ReadonlySet<string> = new Set(Object.values(SQL_METHODS).flatMap((methods) => [...methods]));

/** The statement keywords SQL text starts with; matched against the text of a string, never against code. */
const SQL_START = /^\s*\(?\s*(select|insert|update|delete|with|replace|merge|upsert|call|create|alter|drop|truncate)\b/i;

const librariesCache = new FileCache<ReadonlySet<SqlLibrary>>();

/** The database libraries the file imports. */
export function importedSqlLibraries(file: SourceFile): ReadonlySet<SqlLibrary> {
  let libraries = librariesCache.get(file);
  if (!libraries) {
    libraries = new Set([...importedModules(file)].map((m) => MODULE_LIBRARIES[m]).filter((l): l is SqlLibrary => l !== undefined));
    librariesCache.set(file, libraries);
  }
  return libraries;
}

/** The SQL `call` sends, or undefined when it is not a database call this file can recognise. */
export function recognizeSqlCall(file: SourceFile, call: SyntaxNode): SqlCall | undefined {
  const callee = calleeOf(call);
  const method = callee?.type === 'member_expression' ? callee.childForFieldName('property')?.text : undefined;
  if (!callee || method === undefined || !ALL_METHODS.has(method)) return undefined;
  const imported = importedSqlLibraries(file);
  // `get`, `run`, `raw`... take SQL only on the libraries that define them: skip `axios.get` unresolved.
  if (!QUERY_METHODS.has(method) && !RAW_SQL_METHODS.has(method) && ![...imported].some((library) => SQL_METHODS[library].has(method))) return undefined;
  const first = argumentsOf(call)[0];
  // `breaker.execute(() => ...)`: a function is never SQL text.
  const sql = first && !FUNCTION_TYPES.has(unwrap(first).type) ? sqlArgument(first) : undefined;
  if (!sql) return undefined;

  const value = file.resolver.valueOf(callee);
  const origin = originModule(value);
  const library = origin === undefined ? undefined : MODULE_LIBRARIES[origin];
  if (library) {
    if (!SQL_METHODS[library].has(method) || isStatement(value)) return undefined;
    if (library === 'prisma' && method === 'raw' && !(value.kind === 'module' && value.path.join('.') === 'Prisma.raw')) return undefined;
    return { call, callee, method, library, sql };
  }
  // An injected client (`this.pool.query`, a parameter) or one made in another module.
  const [only] = imported.size === 1 ? imported : [];
  const inferred = only && SQL_METHODS[only].has(method) ? only : undefined;
  if (RAW_SQL_METHODS.has(method)) return { call, callee, method, library: inferred, sql };
  if (QUERY_METHODS.has(method) && startsLikeSql(file, sql, call)) return { call, callee, method, library: inferred, sql };
  return undefined;
}

/** The SQL text of a first argument: itself, or `text` (pg) / `sql` (mysql2) of a config object. */
function sqlArgument(first: SyntaxNode): SyntaxNode | undefined {
  const node = unwrap(first);
  if (node.type !== 'object') return first;
  return (findProperty(node, 'text') ?? findProperty(node, 'sql'))?.value;
}

/** `stmt.get(id)` after `const stmt = db.prepare(sql)`: its arguments are values, not SQL. */
function isStatement(value: Value): boolean {
  for (let current = value; current.kind === 'created'; current = current.by) {
    const by = current.by;
    if ((by.kind === 'created' || by.kind === 'module') && by.path[by.path.length - 1] === 'prepare') return true;
  }
  return false;
}

/** True when the SQL text, as far as it is written here, begins with a statement keyword. */
function startsLikeSql(file: SourceFile, sql: SyntaxNode, call: SyntaxNode, depth = 0): boolean {
  const start = leadingText(file, sql, call, depth);
  return start !== undefined && SQL_START.test(start);
}

/**
 * The literal text the SQL expression starts with: a string, the text before a template's first
 * substitution, the left end of a concatenation, or what a `const` of the same function starts with.
 */
export function leadingText(file: SourceFile, sql: SyntaxNode, call: SyntaxNode, depth = 0): string | undefined {
  if (depth > 8) return undefined;
  const node = unwrap(sql);
  switch (node.type) {
    case 'string':
      return stringValue(node);
    case 'template_string': {
      const firstSubstitution = node.namedChildren.find((c) => c?.type === 'template_substitution');
      return file.text.slice(node.startIndex + 1, firstSubstitution ? firstSubstitution.startIndex : node.endIndex - 1);
    }
    case 'binary_expression': {
      const left = node.childForFieldName('left');
      return node.childForFieldName('operator')?.text === '+' && left ? leadingText(file, left, call, depth + 1) : undefined;
    }
    case 'identifier': {
      const binding = localVariable(file, node, call);
      return binding?.init ? leadingText(file, binding.init, call, depth + 1) : undefined;
    }
    default:
      return undefined;
  }
}

/** The variable `identifier` names when it is declared (with an initialiser) in the same function as `call`. */
export function localVariable(file: SourceFile, identifier: SyntaxNode, call: SyntaxNode) {
  const binding = file.resolver.resolve(identifier);
  if (binding?.kind !== 'variable' || !binding.init || binding.destructured) return undefined;
  const sameFunction = closestAncestor(binding.identifier, FUNCTION_TYPES)?.id === closestAncestor(call, FUNCTION_TYPES)?.id;
  return sameFunction ? { ...binding, init: binding.init, isConst: isConst(binding) } : undefined;
}

/** Driver functions that escape a value or identifier for its exact place in SQL: `mysql.escape`, `client.escapeLiteral`. */
const DRIVER_ESCAPES: ReadonlySet<string> = new Set(['escape', 'escapeId', 'escapeLiteral', 'escapeIdentifier']);
/** Sequelize's query generator: the SQL it returns is built from escaped values and quoted identifiers. */
const QUERY_GENERATOR_METHODS: ReadonlySet<string> = new Set(['getWhereConditions', 'whereQuery', 'whereItemsQuery', 'quoteIdentifier', 'quoteTable', 'escape']);

/**
 * True when `node` (or the `const` of the same function it names) is SQL a database library escaped:
 * a driver's escape function, or a fragment from sequelize's query generator
 * (`sequelize.getQueryInterface().queryGenerator.getWhereConditions(where)`). Hand-written escaping
 * is not recognised: it is what the instruction warns against.
 */
export function isLibraryEscaped(file: SourceFile, node: SyntaxNode, call: SyntaxNode): boolean {
  let expression = unwrap(node);
  if (expression.type === 'identifier') {
    const local = localVariable(file, expression, call);
    if (!local?.isConst) return false;
    expression = unwrap(local.init);
  }
  const callee = expression.type === 'call_expression' ? calleeOf(expression) : null;
  if (callee?.type !== 'member_expression') return false;
  const method = callee.childForFieldName('property')?.text;
  const receiver = callee.childForFieldName('object');
  if (!receiver || method === undefined) return false;
  const origin = DRIVER_ESCAPES.has(method) ? originModule(file.resolver.valueOf(callee)) : undefined;
  if (origin !== undefined && MODULE_LIBRARIES[origin] !== undefined) return true;
  return QUERY_GENERATOR_METHODS.has(method) && isQueryGenerator(file, receiver, call);
}

/** `x.getQueryInterface().queryGenerator`, directly or through a `const` of the same function. */
function isQueryGenerator(file: SourceFile, receiver: SyntaxNode, call: SyntaxNode): boolean {
  let node = unwrap(receiver);
  if (node.type === 'identifier') {
    const local = localVariable(file, node, call);
    if (!local?.isConst) return false;
    node = unwrap(local.init);
  }
  const object = node.type === 'member_expression' ? node.childForFieldName('object') : null;
  const inner = object && unwrap(object);
  const getter = inner?.type === 'call_expression' ? calleeOf(inner) : null;
  return node.type === 'member_expression' && node.childForFieldName('property')?.text === 'queryGenerator' && getter?.type === 'member_expression' && getter.childForFieldName('property')?.text === 'getQueryInterface';
}

