import { checkFixtures } from '../fixtureTesting';
import { runRuleTests } from '../ruleTester';
import rule from './rule';

const JS = '/project/src/eventStore.js';
/** A file that shows event sourcing: `events` and `*_events` tables count as the event store there. */
const ES = `import type { PoolClient } from 'pg';
declare const client: PoolClient;
declare const streamId: string;
`;

runRuleTests(rule, {
  valid: [
    {
      name: 'appending: INSERT INTO events',
      code: `${ES}
await client.query('INSERT INTO events (stream_id, stream_version, type, schema_version, data) VALUES ($1, $2, $3, $4, $5)', [streamId, 1, 'OrderPlaced', 1, {}]);`,
    },
    {
      name: 'reading: SELECT from events, also with FOR UPDATE',
      code: `${ES}
await client.query('SELECT * FROM events WHERE stream_id = $1 ORDER BY stream_version', [streamId]);
await client.query('SELECT max(stream_version) FROM events WHERE stream_id = $1 FOR UPDATE', [streamId]);`,
    },
    {
      name: 'projections and read models change by design',
      code: `${ES}
await client.query('UPDATE projections SET position = $2 WHERE name = $1', ['order_totals', 42]);
await client.query('UPDATE read_models SET data = $2 WHERE id = $1', [streamId, {}]);`,
    },
    {
      name: 'snapshots are a rebuildable cache',
      code: `${ES}
await client.query('UPDATE snapshots SET state = $2, version = $3 WHERE stream_id = $1', [streamId, {}, 7]);
await client.query('DELETE FROM order_snapshots WHERE stream_id = $1', [streamId]);`,
    },
    {
      name: 'subscriptions and checkpoints record a reader position',
      code: `${ES}
await client.query('UPDATE event_subscriptions SET last_position = $2 WHERE name = $1', ['mailer', 10]);
await client.query('UPDATE projection_checkpoints SET position = $2 WHERE projection = $1', ['totals', 10]);`,
    },
    {
      name: 'the outbox is delivery state, even when named outbox_events',
      code: `${ES}
await client.query('UPDATE outbox SET sent_at = now() WHERE id = $1', [1]);
await client.query('UPDATE outbox_events SET attempts = attempts + 1 WHERE id = $1', [1]);
await client.query('DELETE FROM processed_events WHERE processed_at < now() - interval \\'7 days\\'');`,
    },
    {
      name: 'UPDATE and DELETE in SQL comments and string literals',
      code: `${ES}
await client.query(\`
  -- never UPDATE events: corrections are new events
  /* DELETE FROM events is revoked for this role */
  SELECT data FROM events WHERE type = 'DELETE FROM events' AND stream_id = $1\`, [streamId]);`,
    },
    {
      name: 'the migration that protects the store: REVOKE and a trigger',
      code: `${ES}
await client.query('REVOKE UPDATE, DELETE, TRUNCATE ON events FROM order_service');
// The service's role is named after it: \`FROM event_store\` here is a role, not a table.
await client.query('REVOKE DELETE ON events FROM event_store');
await client.query('CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events FOR EACH ROW EXECUTE FUNCTION reject_change()');`,
    },
    {
      name: 'a calendar events table in a file without event sourcing',
      code: `
import { Pool } from 'pg';
const pool = new Pool();
export const rename = (id: string, title: string) => pool.query('UPDATE events SET title = $2 WHERE id = $1', [id, title]);
export const cancel = (id: string) => pool.query('DELETE FROM events WHERE id = $1', [id]);`,
    },
    {
      name: 'analytics retention on page_events without event sourcing',
      code: `
import mysql from 'mysql2/promise';
const db = mysql.createPool({ uri: process.env.DATABASE_URL });
export const purge = () => db.execute('DELETE FROM page_events WHERE created_at < NOW() - INTERVAL 90 DAY');`,
    },
    {
      name: 'an idempotent append: ON CONFLICT DO NOTHING',
      code: `${ES}
await client.query('INSERT INTO events (stream_id, stream_version, data) VALUES ($1, $2, $3) ON CONFLICT (stream_id, stream_version) DO NOTHING', [streamId, 1, {}]);`,
    },
    {
      name: 'a table name from a substitution cannot be read',
      code: `${ES}
export const touch = (table: string) => client.query(\`UPDATE \${table} SET seen = true WHERE stream_id = $1\`, [streamId]);`,
    },
    {
      name: 'SQL text that is not run: a log line, a constant never queried',
      code: `${ES}
console.log('DELETE FROM event_store is forbidden');
export const FORBIDDEN = 'UPDATE event_store SET data = NULL';`,
    },
    {
      name: 'cleaning the store in a test file',
      code: `${ES}
beforeEach(async () => { await client.query('TRUNCATE event_store'); });`,
      filename: '/project/test/eventStore.test.ts',
    },
    {
      name: 'knex: inserting into events and updating a projection',
      code: `
import knex from 'knex';
const db = knex({ client: 'pg' });
export async function append(streamId: string, version: number) {
  await db('domain_events').insert({ stream_id: streamId, stream_version: version });
  await db('order_totals_projection').where({ stream_id: streamId }).update({ version });
}`,
    },
    {
      name: "knex: printing a query's SQL with toString() or valueOf() writes nothing",
      code: `
import knex from 'knex';
const db = knex({ client: 'pg' });
export const explain = (streamId: string) => db('domain_events').where({ stream_id: streamId }).toString();
export const raw = () => db('domain_events').valueOf();`,
    },
    {
      name: 'SQL from a parameter or a let variable is not read',
      code: `${ES}
export async function run(sql: string) {
  let statement = 'SELECT 1';
  statement = 'DELETE FROM event_store';
  await client.query(sql);
  await client.query(statement);
}`,
    },
    {
      name: 'a Sequelize or Mongoose update on a model is not knex',
      code: `
import knex from 'knex';
export const fix = (Event: { update(a: object, b: object): Promise<void> }) => Event.update({ data: {} }, { where: { id: 1 } });`,
    },
  ],
  invalid: [
    {
      name: 'pg: UPDATE events in an event-sourced file',
      code: `${ES}
await client.query('UPDATE events SET data = $3 WHERE stream_id = $1 AND stream_version = $2', [streamId, 3, {}]);`,
      errors: [{ messageId: 'update', line: 5, text: 'UPDATE events' }],
      output: null,
    },
    {
      name: 'DELETE FROM event_store needs no other evidence',
      code: `
import { Pool } from 'pg';
const pool = new Pool();
export const forget = (id: string) => pool.query('DELETE FROM event_store WHERE id = $1', [id]);`,
      errors: [{ messageId: 'delete', line: 4, text: 'DELETE FROM event_store' }],
      output: null,
    },
    {
      name: 'a quoted, schema-qualified name; lower-case SQL',
      code: `${ES}
await client.query('update "public"."events" set data = $2 where stream_id = $1', [streamId, {}]);`,
      errors: [{ messageId: 'update', text: 'update "public"."events"' }],
      output: null,
    },
    {
      name: 'a multi-line template with substitutions after the table',
      code: `${ES}
export async function redact(field: string) {
  await client.query(\`
    UPDATE events
    SET data = data - '\${field}'
    WHERE stream_id = $1\`, [streamId]);
}`,
      errors: [{ messageId: 'update', line: 7, text: 'UPDATE events' }],
      output: null,
    },
    {
      name: 'SQL in a const, run later',
      code: `${ES}
const REWRITE_PRICE = 'UPDATE events SET data = jsonb_set(data, \\'{price}\\', $2) WHERE stream_id = $1';
export const fixPrice = (price: number) => client.query(REWRITE_PRICE, [streamId, price]);`,
      errors: [{ messageId: 'update', line: 5, text: 'UPDATE events' }],
      output: null,
    },
    {
      name: 'knex: update and del on the events table',
      code: `
import knex from 'knex';
const db = knex({ client: 'pg' });
export async function rewrite(streamId: string) {
  await db('events').where({ stream_id: streamId }).update({ data: {} });
  await db.table('domain_events').where({ stream_id: streamId }).del();
}`,
      errors: [
        { messageId: 'update', line: 5, text: 'update' },
        { messageId: 'delete', line: 6, text: 'del' },
      ],
      output: null,
    },
    {
      name: 'knex: a transaction parameter in a file that imports knex',
      code: `
import type { Knex } from 'knex';
export const erase = (trx: Knex.Transaction, streamId: string) => trx('event_log as l').where('l.stream_id', streamId).delete();`,
      errors: [{ messageId: 'delete', text: 'delete' }],
      output: null,
    },
    {
      name: 'Prisma $executeRaw and postgres.js sql tagged templates',
      code: `
import { PrismaClient } from '@prisma/client';
import postgres from 'postgres';
const prisma = new PrismaClient();
const sql = postgres(process.env.DATABASE_URL!);
export async function purge(streamId: string) {
  await prisma.$executeRaw\`DELETE FROM domain_events WHERE stream_id = \${streamId}\`;
  await sql\`UPDATE events SET data = '{}' WHERE aggregate_id = \${streamId}\`;
}`,
      errors: [
        { messageId: 'delete', line: 7, text: 'DELETE FROM domain_events' },
        { messageId: 'update', line: 8, text: 'UPDATE events' },
      ],
      output: null,
    },
    {
      name: 'TRUNCATE of the event log',
      code: `
const { Pool } = require('pg');
const pool = new Pool();
async function reset() {
  await pool.query('TRUNCATE TABLE event_log RESTART IDENTITY');
}
module.exports = { reset };`,
      filename: JS,
      errors: [{ messageId: 'delete', line: 5, text: 'TRUNCATE TABLE event_log' }],
      output: null,
    },
    {
      name: 'an upsert that overwrites an event on conflict',
      code: `${ES}
await client.query(
  'INSERT INTO events (stream_id, stream_version, data) VALUES ($1, $2, $3) ON CONFLICT (stream_id, stream_version) DO UPDATE SET data = EXCLUDED.data',
  [streamId, 2, {}],
);`,
      errors: [{ messageId: 'upsert', line: 6, text: 'DO UPDATE' }],
      output: null,
    },
    {
      name: 'MySQL: ON DUPLICATE KEY UPDATE into eventstore, backtick-quoted',
      code: `
import mysql from 'mysql2/promise';
const db = mysql.createPool({ uri: process.env.DATABASE_URL });
export const save = (id: string, data: string) => db.execute('INSERT INTO \`eventstore\` (id, data) VALUES (?, ?) ON DUPLICATE KEY UPDATE data = VALUES(data)', [id, data]);`,
      errors: [{ messageId: 'upsert', text: 'ON DUPLICATE KEY UPDATE' }],
      output: null,
    },
    {
      name: 'order_events in a file that names aggregates',
      code: `
import { Pool } from 'pg';
const pool = new Pool();
export const drop = (aggregateId: string) => pool.query('DELETE FROM order_events WHERE aggregate_id = $1', [aggregateId]);`,
      errors: [{ messageId: 'delete', text: 'DELETE FROM order_events' }],
      output: null,
    },
    {
      name: 'a data-modifying CTE, and a second statement after a SELECT',
      code: `${ES}
await client.query('WITH old AS (DELETE FROM events WHERE recorded_at < $1 RETURNING *) INSERT INTO events_archive SELECT * FROM old', [new Date()]);
await client.query('SELECT 1; UPDATE events SET type = $1', ['OrderPlacedV2']);`,
      errors: [
        { messageId: 'delete', line: 5, text: 'DELETE FROM events' },
        { messageId: 'update', line: 6, text: 'UPDATE events' },
      ],
      output: null,
    },
    {
      name: 'a pg query config object',
      code: `${ES}
await client.query({ text: 'DELETE FROM events WHERE stream_id = $1', values: [streamId] });`,
      errors: [{ messageId: 'delete', text: 'DELETE FROM events' }],
      output: null,
    },
    {
      name: 'knex increment on event_store, and better-sqlite3 prepare',
      code: `
const knex = require('knex')({ client: 'sqlite3' });
const Database = require('better-sqlite3');
const sqlite = new Database('events.db');
async function bump(id) {
  await knex('event_store').where({ id }).increment('retries', 1);
  sqlite.prepare('DELETE FROM event_store WHERE id = ?').run(id);
}
module.exports = { bump };`,
      filename: JS,
      errors: [
        { messageId: 'update', line: 6, text: 'increment' },
        { messageId: 'delete', line: 7, text: 'DELETE FROM event_store' },
      ],
      output: null,
    },
    {
      name: 'MySQL UPDATE LOW_PRIORITY IGNORE',
      code: `
import mysql from 'mysql2/promise';
const db = mysql.createPool({ uri: process.env.DATABASE_URL });
export const hide = (id: string) => db.query('UPDATE LOW_PRIORITY IGNORE event_store SET hidden = 1 WHERE id = ?', [id]);`,
      errors: [{ messageId: 'update', text: 'UPDATE LOW_PRIORITY IGNORE event_store' }],
      output: null,
    },
    {
      name: 'UPDATE ONLY with an alias, and DELETE ... USING',
      code: `${ES}
await client.query('UPDATE ONLY events AS e SET data = $2 WHERE e.stream_id = $1', [streamId, {}]);
await client.query('DELETE FROM events USING streams s WHERE events.stream_id = s.id AND s.closed', []);`,
      errors: [
        { messageId: 'update', line: 5, text: 'UPDATE ONLY events' },
        { messageId: 'delete', line: 6, text: 'DELETE FROM events' },
      ],
      output: null,
    },
  ],
});

checkFixtures(rule, __dirname, {
  'order-event-store.ts': {
    findings: [
      [43, 'update', 'UPDATE events'],
      [52, 'delete', 'DELETE FROM events'],
    ],
  },
  'gdpr-erasure.js': {
    findings: [[19, 'delete', 'del']],
  },
});
