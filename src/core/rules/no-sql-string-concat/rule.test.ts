import { checkFixtures } from '../fixtureTesting';
import { runRuleTests } from '../ruleTester';
import rule from './rule';

const JS = '/project/src/orders.js';
const PG = `import { Pool } from 'pg';\nconst pool = new Pool();\n`;

runRuleTests(rule, {
  valid: [
    {
      name: 'an identifier set by a caller of the class: chosen by code, not by the request',
      code: `${PG}export class Report {
  private table = 'daily_totals';
  useTable(name: string) { this.table = name; }
  rows() { return pool.query(\`SELECT * FROM \${this.table}\`); }
}`,
    },
    {
      name: 'identifiers from parameters (a comparison, a quoted name after IF EXISTS): chosen by code',
      code: `import knex from 'knex';
const db = knex({ client: 'pg' });
export function search(column: string, table: string, term: string) {
  db.select('id').from('items').whereRaw(\`(\${column}) ILIKE ?\`, [term]);
  return db.raw(\`DROP TABLE IF EXISTS "\${table}"\`);
}`,
    },
    {
      name: 'an identifier from a helper and an allowlist, with the values bound',
      code: `${PG}export function page(sort: string, limit: number) {
  const column = SORT_COLUMNS[sort as keyof typeof SORT_COLUMNS] ?? 'created_at';
  return pool.query(\`SELECT id FROM \${table(sort)} ORDER BY \${column} DESC LIMIT $1\`, [limit]);
}
const SORT_COLUMNS = { created: 'created_at' } as const;
declare function table(name: string): string;`,
    },
    {
      name: 'a working table named by the class from a prefix, the ISO date and random bytes',
      code: `import { randomBytes } from 'node:crypto';
import { Sequelize } from 'sequelize';
const sequelize = new Sequelize(process.env.DATABASE_URL ?? '');
const PREFIX = 'rollup_work';
export class RollupJob {
  private table = '';
  async run() {
    const stamp = new Date().toISOString().slice(0, 19).replace(/[-:T]/g, '');
    this.table = \`\${PREFIX}_\${stamp}_\${randomBytes(4).toString('hex')}\`;
    await sequelize.query(\`CREATE UNLOGGED TABLE \${this.table} (id uuid PRIMARY KEY)\`);
    await sequelize.query(\`DROP TABLE IF EXISTS \${this.table}\`);
  }
}`,
    },
    {
      name: "sequelize: a WHERE fragment built by the dialect's query generator, which escapes it",
      code: `import { Sequelize } from 'sequelize';
const sequelize = new Sequelize(process.env.DATABASE_URL ?? '');
export async function descendants(model: any, where: object) {
  const generator = sequelize.getQueryInterface().queryGenerator as any;
  const conditions = generator.getWhereConditions(where, 'nodes', model);
  const filter = conditions ? \`AND (\${conditions})\` : '';
  return sequelize.query(\`SELECT id FROM nodes WHERE parent_id = :id \${filter}\`, { replacements: { id: 1 } });
}`,
    },
    {
      name: 'a seed script in the scripts/ folder of its project',
      filename: '/project/scripts/seed-tenants.js',
      projectRoot: '/project',
      code: `const { Client } = require('pg');
const client = new Client();
const schema = process.argv[2];
client.query(\`CREATE SCHEMA \${schema}\`);`,
    },
    {
      name: 'pg: placeholders and a values array',
      code: `${PG}export const byEmail = (email: string) => pool.query('SELECT id FROM users WHERE email = $1', [email]);`,
    },
    {
      name: 'a const table name and a number interpolated',
      code: `${PG}const TABLE = 'orders';
const PAGE_SIZE = 50;
export const recent = (customerId: string) =>
  pool.query(\`SELECT id FROM \${TABLE} WHERE customer_id = $1 ORDER BY created_at DESC LIMIT \${PAGE_SIZE} OFFSET \${2 * PAGE_SIZE}\`, [customerId]);`,
    },
    {
      name: 'prisma: $queryRaw is a tagged template, every ${} is bound',
      code: `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export const find = (email: string) => prisma.$queryRaw\`SELECT id FROM "User" WHERE email = \${email}\`;`,
    },
    {
      name: 'postgres.js: the sql tagged template binds values, also when passed to a query method',
      code: `import postgres from 'postgres';
const sql = postgres(process.env.DATABASE_URL ?? '');
export async function find(db: { query(q: unknown): Promise<unknown> }, id: string) {
  await sql\`SELECT * FROM users WHERE id = \${id}\`;
  return db.query(sql\`SELECT * FROM users WHERE id = \${id}\`);
}`,
    },
    {
      name: 'knex: the query builder and raw with ? bindings',
      code: `import knex from 'knex';
const db = knex({ client: 'pg' });
export async function find(email: string, since: Date) {
  await db('users').where({ email }).first();
  return db.raw('SELECT id FROM orders WHERE customer_id = ? AND created_at > ?', [email, since]);
}`,
    },
    {
      name: 'SQL text built elsewhere (a parameter) cannot be judged',
      code: `import type { Pool } from 'pg';
export class Repo {
  constructor(private readonly pool: Pool) {}
  run(sql: string, values: unknown[]) { return this.pool.query(sql, values); }
}`,
    },
    {
      name: 'an unknown receiver with text that is not SQL',
      code: `${PG}export const search = (index: { query(q: string): unknown }, term: string) => index.query(\`name:\${term} AND status:open\`);`,
    },
    {
      name: 'SQL-looking text on an unknown receiver in a file that imports no database module',
      code: `export const find = (db: { query(q: string): unknown }, id: string) => db.query(\`SELECT * FROM users WHERE id = \${id}\`);`,
    },
    {
      name: 'better-sqlite3: the arguments of a prepared statement are values',
      code: `import Database from 'better-sqlite3';
const db = new Database('app.db');
const byPrefix = db.prepare('SELECT id FROM users WHERE name LIKE ?');
export const find = (prefix: string) => byPrefix.all(\`\${prefix}%\`);
export const cached = (cache: Map<string, unknown>, id: string) => cache.get(\`SELECT:\${id}\`);`,
    },
    {
      name: 'pg: numbered placeholders generated from the array index',
      code: `${PG}export function byIds(ids: string[]) {
  const placeholders = ids.map((_, i) => \`$\${i + 1}\`).join(', ');
  return pool.query(\`SELECT id FROM users WHERE id IN (\${placeholders})\`, ids);
}`,
    },
    {
      name: 'mysql2: ? placeholders generated for an IN list',
      code: `import mysql from 'mysql2/promise';
const pool = mysql.createPool({ uri: process.env.MYSQL_URL });
export const byIds = (ids: number[]) => pool.execute(\`SELECT id FROM users WHERE id IN (\${ids.map(() => '?').join(', ')})\`, ids);`,
    },
    {
      name: 'a WHERE clause assembled from fixed fragments and numbered placeholders',
      code: `${PG}export async function search(filters: { status?: string; customerId?: string }) {
  const conditions: string[] = [];
  const values: unknown[] = [];
  if (filters.status) conditions.push(\`status = $\${values.push(filters.status)}\`);
  if (filters.customerId) {
    values.push(filters.customerId);
    conditions.push(\`customer_id = $\${values.length}\`);
  }
  const where = conditions.length ? \`WHERE \${conditions.join(' AND ')}\` : '';
  return pool.query(\`SELECT id FROM orders \${where} ORDER BY id\`, values);
}`,
    },
    {
      name: 'an identifier chosen by a ternary between fixed strings, and an allowlist member',
      code: `${PG}const SORT_COLUMNS = { created: 'created_at', total: 'total_cents' } as const;
export function page(ascending: boolean, limit: number) {
  const direction = ascending ? 'ASC' : 'DESC';
  return pool.query(\`SELECT id FROM orders ORDER BY \${SORT_COLUMNS.created} \${direction} LIMIT $1\`, [limit]);
}`,
    },
    {
      name: 'a local object shadows the knex import',
      code: `import knex from 'knex';
export function preview(id: string) {
  const knex = { raw: (text: string) => text };
  return knex.raw(\`SELECT * FROM users WHERE id = \${id}\`);
}`,
    },
    {
      name: 'an enum member, a class field assigned once, and numbers from Number()',
      code: `${PG}enum Table { Orders = 'orders' }
export class OrderRepo {
  private readonly columns = 'id, total_cents';
  page(limit: string) {
    return pool.query(\`SELECT \${this.columns} FROM \${Table.Orders} LIMIT \${Number(limit)}\`);
  }
}`,
    },
    {
      name: 'a schema name from the environment is set by the operator, not by clients',
      code: `${PG}const SCHEMA = process.env.DB_SCHEMA ?? 'public';
export const find = (id: string) => pool.query(\`SELECT id FROM \${SCHEMA}.users WHERE id = $1\`, [id]);`,
    },
    {
      name: 'sequelize: replacements',
      code: `import { Sequelize, QueryTypes } from 'sequelize';
const sequelize = new Sequelize(process.env.DATABASE_URL ?? '');
export const orders = (customerId: string) =>
  sequelize.query('SELECT id FROM orders WHERE customer_id = :customerId', { replacements: { customerId }, type: QueryTypes.SELECT });`,
    },
    {
      name: 'a let extended only with fixed text while its values go to an array',
      code: `${PG}export function find(name?: string) {
  let sql = 'SELECT id FROM users WHERE deleted_at IS NULL';
  const values: string[] = [];
  if (name) {
    values.push(name);
    sql += \` AND name = $\${values.length}\`;
  }
  return pool.query(sql, values);
}`,
    },
    {
      name: 'test files are skipped',
      filename: '/project/test/orders.test.ts',
      code: `${PG}export const wipe = (table: string) => pool.query(\`DELETE FROM \${table}\`);`,
    },
    {
      name: 'JavaScript: require and a parameterised query',
      filename: JS,
      code: `const { Pool } = require('pg');
const pool = new Pool();
exports.find = (id) => pool.query('SELECT * FROM orders WHERE id = $1', [id]);`,
    },
  ],
  invalid: [
    {
      name: 'an identifier taken from the request: a sort column from the query string',
      code: `${PG}import express from 'express';
const app = express();
app.get('/orders', async (req, res) => {
  const rows = await pool.query(\`SELECT id FROM orders ORDER BY \${req.query.sort} DESC\`);
  res.json(rows);
});`,
      errors: [{ messageId: 'identifier', line: 6 }],
      output: null,
    },
    {
      name: 'pg: a quoted value in a template becomes $1',
      code: `${PG}export const byEmail = (email: string) => pool.query(\`SELECT id, email FROM users WHERE email = '\${email}'\`);`,
      errors: [{ messageId: 'interpolated', line: 3, text: "`SELECT id, email FROM users WHERE email = '${email}'`" }],
      output: `${PG}export const byEmail = (email: string) => pool.query('SELECT id, email FROM users WHERE email = $1', [email]);`,
    },
    {
      name: 'pg: concatenation has no mechanical fix',
      code: `${PG}export const byId = (id: string) => pool.query('SELECT * FROM orders WHERE id = ' + id);`,
      errors: [{ messageId: 'concatenated', text: "'SELECT * FROM orders WHERE id = ' + id" }],
      output: null,
    },
    {
      name: 'pg: two values, a kept constant, and a client from pool.connect()',
      code: `${PG}const TABLE = 'orders';
export async function find(customerId: string, status: string) {
  const client = await pool.connect();
  return client.query(\`SELECT id FROM \${TABLE} WHERE customer_id = \${customerId} AND status = '\${status}'\`);
}`,
      errors: [{ messageId: 'interpolated', line: 6 }],
      output: `${PG}const TABLE = 'orders';
export async function find(customerId: string, status: string) {
  const client = await pool.connect();
  return client.query(\`SELECT id FROM \${TABLE} WHERE customer_id = $1 AND status = $2\`, [customerId, status]);
}`,
    },
    {
      name: 'mysql2 promise API: execute gets ? placeholders',
      code: `import mysql from 'mysql2/promise';
const my = mysql.createPool({ uri: process.env.MYSQL_URL });
export const find = (input: { email: string }) => my.execute(\`SELECT id FROM users WHERE email = '\${input.email}'\`);`,
      errors: [{ messageId: 'interpolated' }],
      output: `import mysql from 'mysql2/promise';
const my = mysql.createPool({ uri: process.env.MYSQL_URL });
export const find = (input: { email: string }) => my.execute('SELECT id FROM users WHERE email = ?', [input.email]);`,
    },
    {
      name: 'mysql2 callback API: the values array goes before the callback',
      filename: JS,
      code: `const mysql = require('mysql2');
const connection = mysql.createConnection({ host: 'db' });
exports.find = (id, done) => connection.query(\`SELECT * FROM orders WHERE id = \${id}\`, (err, rows) => done(err, rows));`,
      errors: [{ messageId: 'interpolated' }],
      output: `const mysql = require('mysql2');
const connection = mysql.createConnection({ host: 'db' });
exports.find = (id, done) => connection.query('SELECT * FROM orders WHERE id = ?', [id], (err, rows) => done(err, rows));`,
    },
    {
      name: 'mysql2 execute: a bound LIMIT is refused by some servers, so no fix',
      code: `import mysql from 'mysql2/promise';
const my = mysql.createPool({ uri: process.env.MYSQL_URL });
export const page = (limit: string) => my.execute(\`SELECT id FROM orders LIMIT \${limit}\`);`,
      errors: [{ messageId: 'interpolated', text: '`SELECT id FROM orders LIMIT ${limit}`' }],
      output: null,
    },
    {
      name: 'better-sqlite3: prepare with interpolation',
      code: `import Database from 'better-sqlite3';
const db = new Database('app.db');
export const find = (name: string) => db.prepare(\`SELECT id FROM users WHERE name = '\${name}'\`).get();`,
      errors: [{ messageId: 'interpolated' }],
      output: null,
    },
    {
      name: 'sqlite3: db.all with a callback gets ? and a values array before it',
      filename: JS,
      code: `const sqlite3 = require('sqlite3');
const db = new sqlite3.Database('app.db');
exports.find = (email, cb) => db.all(\`SELECT id FROM users WHERE email = '\${email}'\`, (err, rows) => cb(err, rows));`,
      errors: [{ messageId: 'interpolated' }],
      output: `const sqlite3 = require('sqlite3');
const db = new sqlite3.Database('app.db');
exports.find = (email, cb) => db.all('SELECT id FROM users WHERE email = ?', [email], (err, rows) => cb(err, rows));`,
    },
    {
      name: 'sqlite3: a callback passed by name could be the values: no fix',
      filename: JS,
      code: `const sqlite3 = require('sqlite3');
const db = new sqlite3.Database('app.db');
exports.find = (email, cb) => db.get(\`SELECT id FROM users WHERE email = '\${email}'\`, cb);`,
      errors: [{ messageId: 'interpolated' }],
      output: null,
    },
    {
      name: 'knex: raw and whereRaw on a builder',
      code: `import knex from 'knex';
const db = knex({ client: 'pg' });
export async function find(customerId: string) {
  await db.raw(\`SELECT id FROM orders WHERE customer_id = '\${customerId}'\`);
  return db('orders').whereRaw('customer_id = ' + customerId);
}`,
      errors: [
        { messageId: 'interpolated', line: 4 },
        { messageId: 'concatenated', line: 5, text: "'customer_id = ' + customerId" },
      ],
      output: null,
    },
    {
      name: 'sequelize.query with interpolation',
      code: `import { Sequelize } from 'sequelize';
const sequelize = new Sequelize(process.env.DATABASE_URL ?? '');
export const orders = (customerId: string) => sequelize.query(\`SELECT id FROM orders WHERE customer_id = '\${customerId}'\`);`,
      errors: [{ messageId: 'interpolated' }],
      output: null,
    },
    {
      name: 'prisma: $queryRawUnsafe and Prisma.raw',
      code: `import { Prisma, PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function find(email: string, column: string) {
  await prisma.$queryRawUnsafe(\`SELECT id FROM "User" WHERE email = '\${email}'\`);
  return Prisma.raw(\`ORDER BY \${column}\`);
}`,
      errors: [
        { messageId: 'interpolated', line: 4 },
      ],
      output: null,
    },
    {
      name: 'an injected pg client (this.pool) with SQL text: fixed with $1',
      code: `import type { Pool } from 'pg';
export class UserRepo {
  constructor(private readonly pool: Pool) {}
  find(id: string) {
    return this.pool.query(\`
      SELECT id, email FROM users WHERE id = \${id}\`);
  }
}`,
      errors: [{ messageId: 'interpolated', line: 5 }],
      output: `import type { Pool } from 'pg';
export class UserRepo {
  constructor(private readonly pool: Pool) {}
  find(id: string) {
    return this.pool.query(\`
      SELECT id, email FROM users WHERE id = $1\`, [id]);
  }
}`,
    },
    {
      name: 'followed through a local const; a transaction client passed as a parameter',
      code: `import { Pool, type PoolClient } from 'pg';
export const pool = new Pool();
export async function cancel(tx: PoolClient, orderId: string) {
  const sql = \`UPDATE orders SET status = 'cancelled' WHERE id = \${orderId}\`;
  await tx.query(sql);
}`,
      errors: [{ messageId: 'interpolated', line: 5, text: 'sql' }],
      output: null,
    },
    {
      name: 'a let extended with an interpolated condition',
      code: `${PG}export function find(name?: string) {
  let sql = 'SELECT id FROM users WHERE deleted_at IS NULL';
  if (name) sql += \` AND name = '\${name}'\`;
  return pool.query(sql);
}`,
      errors: [{ messageId: 'interpolated', line: 6, text: 'sql' }],
      output: null,
    },
    {
      name: 'awaited generic call (tree-sitter issue #282) and a pg config object',
      code: `${PG}interface Row { id: string }
export async function find(id: string) {
  await pool.query<Row>(\`SELECT id FROM orders WHERE id = '\${id}'\`);
  return pool.query({ text: 'SELECT id FROM orders WHERE id = ' + id, rowMode: 'array' });
}`,
      errors: [
        { messageId: 'interpolated', line: 5 },
        { messageId: 'concatenated', line: 6, text: "'SELECT id FROM orders WHERE id = ' + id" },
      ],
      output: `${PG}interface Row { id: string }
export async function find(id: string) {
  await pool.query<Row>('SELECT id FROM orders WHERE id = $1', [id]);
  return pool.query({ text: 'SELECT id FROM orders WHERE id = ' + id, rowMode: 'array' });
}`,
    },
    {
      name: 'a value inside a LIKE pattern: part of a string, no mechanical fix',
      code: `${PG}export const search = (term: string) => pool.query(\`SELECT id FROM products WHERE name ILIKE '%\${term}%'\`);`,
      errors: [{ messageId: 'interpolated' }],
      output: null,
    },
    {
      name: 'a list built from the values themselves is not a list of placeholders',
      code: `${PG}export const byIds = (ids: string[]) => pool.query(\`SELECT id FROM users WHERE id IN (\${ids.map((id) => \`'\${id}'\`).join(', ')})\`);`,
      errors: [{ messageId: 'interpolated', line: 3 }],
      output: null,
    },
    {
      name: 'a VALUES list: each value gets its placeholder',
      code: `${PG}export const add = (order: { id: string; total: number }) =>
  pool.query(\`INSERT INTO orders (id, total_cents) VALUES ('\${order.id}', \${order.total})\`);`,
      errors: [{ messageId: 'interpolated', line: 4 }],
      output: `${PG}export const add = (order: { id: string; total: number }) =>
  pool.query('INSERT INTO orders (id, total_cents) VALUES ($1, $2)', [order.id, order.total]);`,
    },
  ],
});

checkFixtures(rule, __dirname, {
  'order-repository.ts': {
    findings: [
      [30, 'interpolated', "`SELECT ${COLUMNS} FROM ${TABLE} JOIN customers c ON c.id = customer_id WHERE c.email = '${email}'`"],
      [54, 'interpolated', "`SELECT ${COLUMNS} FROM ${TABLE} WHERE note ILIKE '%${term}%'`"],
      [60, 'concatenated', 'sql'],
      [64, 'interpolated', '`SELECT ${COLUMNS} FROM ${TABLE} ORDER BY created_at DESC LIMIT ${limit} OFFSET ${offset}`'],
    ],
  },
  'reports.js': {
    findings: [
      [10, 'interpolated', '`SELECT DATE(created_at) AS day, SUM(total_cents) AS revenue FROM payments WHERE merchant_id = ${merchantId} GROUP BY day`'],
      [27, 'concatenated', `"created_at > '" + since + "'"`],
    ],
  },
});
