import { FileCache, type SourceFile } from '../../sourceFile';
import { importedModules } from '../../knowledge/modules';

/**
 * Which tables are an event store. Names that only an event store uses (`event_store`,
 * `domain_events`, `event_log`) count on their own. `events` and `*_events` are also what calendar,
 * ticketing and analytics code calls its tables (`UPDATE events SET title = ...` on a meetup is
 * ordinary CRUD), so they count only in a file that shows event sourcing: stream or aggregate ids
 * and versions, an expected version, an event store client.
 */

export type EventTable = 'event-store' | 'maybe-event-store';

const STORE_NAMES: ReadonlySet<string> = new Set(['event_store', 'eventstore', 'domain_events', 'event_log']);

/**
 * Tables that sit beside an event store and are meant to change: delivery state, not history. An
 * outbox row is marked sent, an inbox or processed-events row deduplicates deliveries, snapshots and
 * projections are rebuildable caches, checkpoints and subscriptions record a reader's position.
 */
const MUTABLE_PARTS: readonly string[] = [
  'outbox', 'inbox', 'processed', 'dead_letter', 'deadletter', 'dlq', 'failed', 'webhook',
  'snapshot', 'projection', 'read_model', 'subscription', 'checkpoint',
];

/** Names, compared lower-case without `_`, that event-sourced code uses and CRUD code does not. */
const EVENT_SOURCING_WORDS: ReadonlySet<string> = new Set([
  'streamid', 'streamversion', 'streamposition', 'streamname', 'aggregateid', 'aggregateversion', 'aggregatetype',
  'expectedversion', 'globalposition', 'eventstore', 'appendtostream', 'appendevents', 'eventsourced', 'eventsourcing',
  'domainevent', 'domainevents',
]);
const EVENT_STORE_MODULES: readonly string[] = ['@eventstore/db-client', '@event-driven-io/emmett'];

export function eventTableKind(table: string): EventTable | undefined {
  const name = table.toLowerCase();
  if (MUTABLE_PARTS.some((part) => name.includes(part))) return undefined;
  if (STORE_NAMES.has(name)) return 'event-store';
  return name === 'events' || name.endsWith('_events') ? 'maybe-event-store' : undefined;
}

const evidenceCache = new FileCache<boolean>();

/** True when the file's names or SQL text show event sourcing; computed once per file, on first need. */
export function showsEventSourcing(file: SourceFile): boolean {
  let shows = evidenceCache.get(file);
  if (shows === undefined) {
    shows = EVENT_STORE_MODULES.some((m) => importedModules(file).has(m)) || namesShowEventSourcing(file);
    evidenceCache.set(file, shows);
  }
  return shows;
}

function namesShowEventSourcing(file: SourceFile): boolean {
  const nodes = file.root.descendantsOfType([
    'identifier', 'property_identifier', 'shorthand_property_identifier', 'shorthand_property_identifier_pattern', 'type_identifier', 'string_fragment',
  ]);
  for (const node of nodes) {
    if (!node) continue;
    // String fragments hold SQL: their words are column and table names (`stream_id`, `event_store`).
    const words = node.type === 'string_fragment' ? node.text.split(/[^A-Za-z0-9_]+/) : [node.text];
    if (words.some((word) => EVENT_SOURCING_WORDS.has(word.toLowerCase().replace(/_/g, '')))) return true;
  }
  return false;
}
