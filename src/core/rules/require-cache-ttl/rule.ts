import { importedRedisLibraries, recognizeRedisReceiver, type RedisLibrary } from '../../knowledge/redisClients';
import type { SyntaxNode } from '../../parse/parser';
import { FUNCTION_TYPES, argumentsOf, calleeOf, closestAncestor, descendantsOfTypes, findProperty, hasSpread, stringValue, unwrap } from '../../parse/syntax';
import type { SourceFile } from '../../sourceFile';
import type { Fix } from '../../types';
import { insertArgument, setProperties } from '../require-timeout/insertions';
import { defineRule, JS_FAMILY } from '../rule';

const TTL_SECONDS = '3_600';

/** Arguments of `SET` that give the key an expiry or keep the one it has (ioredis, node-redis v3). */
const EXPIRY_TOKENS: ReadonlySet<string> = new Set(['EX', 'PX', 'EXAT', 'PXAT', 'KEEPTTL']);
/** Keys of node-redis's options object that do the same: v4's, and v5's `expiration`. */
const EXPIRY_OPTIONS: readonly string[] = ['EX', 'PX', 'EXAT', 'PXAT', 'KEEPTTL', 'expiration'];
/** Options that exist only in node-redis v5, where `{ EX }` is deprecated in favour of `expiration`. */
const V5_ONLY_OPTIONS: readonly string[] = ['condition'];
/** Commands that give a key an expiry after it was written. */
const EXPIRE_COMMANDS: ReadonlySet<string> = new Set(['expire', 'pexpire', 'expireat', 'pexpireat']);

/** How a `set` call passes its options; `unknown` when an argument cannot be read. */
type Shape = { kind: 'expiry' | 'unknown' } | { kind: 'tokens' } | { kind: 'options'; object?: SyntaxNode };

export default defineRule({
  meta: {
    id: 'require-cache-ttl',
    description: 'Redis cache writes need an expiry.',
    messages: {
      noExpiry:
        '{{callee}} writes a key with no expiry: it lives until deleted, stays stale forever after one missed invalidation, and under Redis\'s default noeviction policy fills memory until writes fail.',
    },
    defaultSeverity: 'warning',
    section: { instruction: 'ai-enhanced-backend', heading: 'Caching with TTLs and stampede protection' },
    fixable: true,
    languages: JS_FAMILY,
  },
  create(context) {
    const { file } = context;
    if (importedRedisLibraries(file).size === 0) return {};

    return {
      call_expression(call) {
        const callee = calleeOf(call);
        if (callee?.type !== 'member_expression') return;
        const method = callee.childForFieldName('property')?.text;
        const receiver = callee.childForFieldName('object');
        if ((method !== 'set' && method !== 'SET') || !receiver) return;
        const args = argumentsOf(call);
        if (args.length < 2 || args.some((a) => a.type === 'spread_element')) return;
        const shape = shapeOf(args.slice(2));
        if (shape.kind === 'expiry' || shape.kind === 'unknown') return;
        const redis = recognizeRedisReceiver(file, receiver);
        if (!redis || expiredLater(call, args[0]) || expiringWriteBeside(call, args[0])) return;
        context.report({
          node: underlined(callee),
          messageId: 'noExpiry',
          data: { callee: callee.text.replace(/\s+/g, '') },
          fixes: fixesFor(file, call, args, shape, redis.library),
        });
      },
    };
  },
});

/** Reads the arguments after key and value: strings are `SET` tokens, an object is node-redis options, a function a callback. */
function shapeOf(extra: SyntaxNode[]): Shape {
  let shape: Shape = { kind: 'options' };
  for (const arg of extra.map((a) => unwrap(a))) {
    const token = stringValue(arg);
    if (token !== undefined) {
      if (EXPIRY_TOKENS.has(token.toUpperCase())) return { kind: 'expiry' };
      shape = { kind: 'tokens' };
    } else if (arg.type === 'object') {
      if (EXPIRY_OPTIONS.some((key) => findProperty(arg, key))) return { kind: 'expiry' };
      if (hasSpread(arg)) return { kind: 'unknown' };
      shape = { kind: 'options', object: arg };
    } else if (arg.type === 'arrow_function' || arg.type === 'function_expression' || arg.type === 'function') {
      shape = { kind: 'tokens' }; // a callback: ioredis, or node-redis before v4
    } else {
      return { kind: 'unknown' }; // `mode`, `...ttlArgs`, `options`: cannot be read
    }
  }
  return shape;
}

/** True when the same function later sets an expiry on the same key expression: `redis.expire(key, 60)`. */
function expiredLater(call: SyntaxNode, key: SyntaxNode): boolean {
  const scope = closestAncestor(call, FUNCTION_TYPES) ?? call.tree.rootNode;
  const keyText = key.text;
  return descendantsOfTypes(scope, ['call_expression']).some((later) => {
    if (later.startIndex <= call.startIndex) return false;
    const callee = calleeOf(later);
    const name = callee?.type === 'member_expression' ? callee.childForFieldName('property')?.text : undefined;
    return name !== undefined && EXPIRE_COMMANDS.has(name.toLowerCase()) && argumentsOf(later)[0]?.text === keyText;
  });
}

/**
 * True when the same function also writes the same key with an expiry (`if (ttl === Infinity)
 * return client.set(key, value); return client.set(key, value, { PX: ttl })`): the write without
 * one is a branch the caller chooses, not a forgotten TTL.
 */
function expiringWriteBeside(call: SyntaxNode, key: SyntaxNode): boolean {
  const scope = closestAncestor(call, FUNCTION_TYPES);
  if (!scope) return false;
  return descendantsOfTypes(scope, ['call_expression']).some((other) => {
    if (other.id === call.id || closestAncestor(other, FUNCTION_TYPES)?.id !== scope.id) return false;
    const callee = calleeOf(other);
    const method = callee?.type === 'member_expression' ? callee.childForFieldName('property')?.text : undefined;
    const args = argumentsOf(other);
    return (method === 'set' || method === 'SET') && args[0]?.text === key.text && shapeOf(args.slice(2)).kind === 'expiry';
  });
}

/**
 * ioredis (and node-redis before v4) take `'EX', seconds` after the value; node-redis v4 and v5 take
 * an options object, `{ EX }` in v4 and still accepted (deprecated) in v5, whose `expiration` v4
 * would silently ignore. Without a sign of the library, no fix is offered.
 */
function fixesFor(file: SourceFile, call: SyntaxNode, args: readonly SyntaxNode[], shape: Shape, library: RedisLibrary | undefined): Fix[] {
  const tokens = shape.kind === 'tokens' || (shape.kind === 'options' && !shape.object && library === 'ioredis');
  if (tokens) {
    const value = args[1];
    const edit = { start: value.endIndex, end: value.endIndex, text: `, 'EX', ${TTL_SECONDS}` };
    return [{ title: `Add 'EX', ${TTL_SECONDS} (expire after an hour; choose how stale this data may get)`, edits: [edit], safe: false, preferred: true }];
  }
  if (shape.kind !== 'options' || (!shape.object && library !== 'node-redis')) return [];
  const v4: readonly [string, string] = ['EX', TTL_SECONDS];
  const v5: readonly [string, string] = ['expiration', `{ type: 'EX', value: ${TTL_SECONDS} }`];
  const object = shape.object;
  const onlyV5 = object !== undefined && V5_ONLY_OPTIONS.some((key) => findProperty(object, key));
  const fix = ([key, value]: readonly [string, string], preferred: boolean): Fix => ({
    title: key === 'EX' ? `Add EX: ${TTL_SECONDS} (expire after an hour; node-redis v4 shape, deprecated but accepted in v5)` : `Add ${key}: ${value} (expire after an hour; node-redis v5 and later)`,
    edits: object ? setProperties(file.text, object, [[key, value]]) : insertArgument(file.text, call, 2, `{ ${key}: ${value} }`),
    safe: false,
    preferred,
  });
  return onlyV5 ? [fix(v5, true)] : [fix(v4, true), fix(v5, false)];
}

/** The callee, or only its method name when a chain spreads it over lines. */
function underlined(callee: SyntaxNode): SyntaxNode {
  const property = callee.type === 'member_expression' ? callee.childForFieldName('property') : null;
  return property && callee.text.includes('\n') ? property : callee;
}
