import { tableWrites, type TableWrite } from '../../knowledge/sqlStatements';
import { importedModules } from '../../knowledge/modules';
import type { SyntaxNode } from '../../parse/parser';
import { argumentsOf, calleeOf, findProperty, stringValue, unwrap } from '../../parse/syntax';
import type { SourceFile } from '../../sourceFile';
import { defineRule, JS_FAMILY, type RuleContext } from '../rule';
import { eventTableKind, showsEventSourcing } from './eventTables';

/** Methods that run SQL text given as their first argument (pg, mysql2, knex.raw, Prisma, pg-promise, sqlite). */
const SQL_METHODS: ReadonlySet<string> = new Set([
  'query', 'execute', 'raw', 'exec', 'run', 'prepare', 'none', 'one', 'oneOrNone', 'many', 'manyOrNone', 'any', 'result', 'multi',
  '$executeRaw', '$executeRawUnsafe', '$queryRaw', '$queryRawUnsafe', 'unsafe',
]);
/** Tags of tagged-template SQL: postgres.js and slonik `sql`, Prisma `$executeRaw`. */
const SQL_TAGS: ReadonlySet<string> = new Set(['sql', 'SQL', '$executeRaw', '$queryRaw', 'raw', 'query', 'unsafe']);
/** knex query-builder methods that write, and what they do. */
const KNEX_WRITES: ReadonlyMap<string, 'update' | 'delete' | 'truncate'> = new Map([
  ['update', 'update'], ['increment', 'update'], ['decrement', 'update'], ['del', 'delete'], ['delete', 'delete'], ['truncate', 'truncate'],
]);
const KNEX_TABLE_METHODS: ReadonlySet<string> = new Set(['table', 'from', 'into']);

export default defineRule({
  meta: {
    id: 'no-event-mutation',
    description: 'Stored events are never updated or deleted: the event store is append-only.',
    messages: {
      update:
        '{{verb}} on `{{table}}` edits stored events in place: projections, read models and consumers built from them silently disagree, and a replay rebuilds state production never had. Append a compensating event instead.',
      delete:
        '{{verb}} on `{{table}}` erases stored events: the record of what happened and the stream\'s version sequence are lost. Append a compensating event; for personal data, delete its encryption key instead (crypto-shredding).',
      upsert:
        'This INSERT into `{{table}}` overwrites the stored event it conflicts with ({{verb}}): appends must never edit history. Use ON CONFLICT DO NOTHING, or let the unique constraint fail and reload the stream.',
    },
    defaultSeverity: 'error',
    section: { instruction: 'distributed-systems', heading: 'Event sourcing' },
    fixable: false,
    languages: JS_FAMILY,
  },
  create(context) {
    const { file } = context;
    const seen = new Set<number>();
    let usesKnex: boolean | undefined;

    return {
      call_expression(call) {
        const callee = calleeOf(call);
        const name = callee?.type === 'member_expression' ? callee.childForFieldName('property')?.text : callee?.type === 'identifier' ? callee.text : undefined;
        if (!callee || name === undefined) return;
        const template = call.childForFieldName('arguments');
        const sql = template?.type === 'template_string' ? (SQL_TAGS.has(name) ? template : undefined) : SQL_METHODS.has(name) ? sqlArgument(file, call) : undefined;
        if (sql) {
          if (seen.has(sql.id)) return;
          seen.add(sql.id);
          for (const write of writesIn(sql)) reportWrite(file, context, write);
          return;
        }
        // A Map, not an object: \`x.toString()\` must not find Object.prototype.toString.
        const verb = KNEX_WRITES.get(name);
        if (verb && callee.type === 'member_expression') {
          usesKnex ??= importedModules(file).has('knex');
          const table = knexTable(file, callee, usesKnex);
          const kind = table && eventTableKind(table);
          if (!kind || (kind === 'maybe-event-store' && !showsEventSourcing(file))) return;
          const property = callee.childForFieldName('property')!;
          context.report({ node: property, messageId: verb === 'update' ? 'update' : 'delete', data: { verb: `.${name}()`, table } });
        }
      },
    };
  },
});

function reportWrite(file: SourceFile, context: RuleContext, write: TableWrite & { from: number }): void {
  const kind = eventTableKind(write.table);
  if (!kind || (kind === 'maybe-event-store' && !showsEventSourcing(file))) return;
  const text = file.text.slice(write.from + write.start, write.from + write.end);
  const verb = write.verb === 'upsert' ? text.replace(/\s+/g, ' ') : write.verb.toUpperCase();
  const messageId = write.verb === 'upsert' ? 'upsert' : write.verb === 'update' ? 'update' : 'delete';
  context.report({ start: write.from + write.start, end: write.from + write.end, messageId, data: { verb, table: write.table } });
}

/**
 * The SQL text node of a call's first argument: a string, a template, a tagged template
 * (`sql\`...\``), a `{ text }` query config, or a `const` holding one of these.
 */
function sqlArgument(file: SourceFile, call: SyntaxNode): SyntaxNode | undefined {
  const [first] = argumentsOf(call);
  return first && sqlText(file, first, 0);
}

function sqlText(file: SourceFile, expression: SyntaxNode, depth: number): SyntaxNode | undefined {
  const node = unwrap(expression);
  switch (node.type) {
    case 'string':
    case 'template_string':
      return node;
    case 'call_expression': {
      const tagged = node.childForFieldName('arguments');
      return tagged?.type === 'template_string' ? tagged : undefined;
    }
    case 'object': {
      const text = findProperty(node, 'text') ?? findProperty(node, 'sql');
      return text && depth < 3 ? sqlText(file, text.value, depth + 1) : undefined;
    }
    case 'identifier': {
      const binding = file.resolver.resolve(node);
      const declaration = binding?.identifier.parent?.parent;
      if (!binding?.init || binding.destructured || declaration?.childForFieldName('kind')?.text !== 'const' || depth >= 3) return undefined;
      return sqlText(file, binding.init, depth + 1);
    }
    default:
      return undefined;
  }
}

/** The writes in a string or template literal, with `from`: the offset in the file of the SQL text's first character. */
function writesIn(literal: SyntaxNode): Array<TableWrite & { from: number }> {
  const from = literal.startIndex + 1;
  let sql = literal.text.slice(1, -1);
  if (literal.type === 'template_string') {
    // A substitution becomes a placeholder of the same length, so offsets still match the file.
    for (const substitution of literal.namedChildren) {
      if (substitution?.type !== 'template_substitution') continue;
      const start = substitution.startIndex - from;
      const length = substitution.endIndex - substitution.startIndex;
      sql = sql.slice(0, start) + '?'.padEnd(length, ' ') + sql.slice(start + length);
    }
  }
  return tableWrites(sql).map((write) => ({ ...write, from }));
}

/**
 * The table a knex chain writes to: `knex('events').where(...).update(...)`, `db.table('events').del()`,
 * `trx('events as e').delete()`. The root must be knex (created in this file, or a name in a file
 * that imports knex: `trx` in a transaction callback, a `db` from a local module).
 */
function knexTable(file: SourceFile, callee: SyntaxNode, usesKnex: boolean): string | undefined {
  let node = callee.childForFieldName('object');
  while (node) {
    node = unwrap(node);
    if (node.type !== 'call_expression') return undefined;
    const inner = calleeOf(node);
    if (!inner) return undefined;
    const [first] = argumentsOf(node);
    const table = first && stringValue(first);
    const method = inner.type === 'member_expression' ? inner.childForFieldName('property')?.text : undefined;
    if (table !== undefined && (inner.type === 'identifier' || (method !== undefined && KNEX_TABLE_METHODS.has(method)))) {
      const root = inner.type === 'identifier' ? inner : inner.childForFieldName('object');
      return root && isKnex(file, root, usesKnex) ? tableName(table) : undefined;
    }
    node = inner.type === 'member_expression' ? inner.childForFieldName('object') : null;
  }
  return undefined;
}

function isKnex(file: SourceFile, root: SyntaxNode, usesKnex: boolean): boolean {
  let value = file.resolver.valueOf(root);
  while (value.kind === 'created') value = value.by;
  if (value.kind === 'module') return value.module === 'knex';
  return value.kind === 'unknown' && usesKnex;
}

/** `public.events as e` → `events`. */
function tableName(reference: string): string {
  const [qualified] = reference.trim().split(/\s+/);
  const parts = qualified.split('.');
  return parts[parts.length - 1].replace(/^["`]|["`]$/g, '');
}
