import { checkFixtures } from '../fixtureTesting';
import { runRuleTests } from '../ruleTester';
import rule from './rule';

const JS = '/project/src/cache.js';

runRuleTests(rule, {
  valid: [
    {
      name: 'a cache adapter that writes without expiry only when the caller asks for an infinite TTL',
      filename: JS,
      code: `
const { createClient } = require('redis');
class RedisCache {
  constructor(url, ttl) { this.client = createClient({ url }); this.ttl = ttl; }
  put(key, value, ttl = this.ttl) {
    if (ttl === Infinity) {
      return this.client.set(key, JSON.stringify(value));
    }
    return this.client.set(key, JSON.stringify(value), { PX: ttl });
  }
}
module.exports = RedisCache;`,
    },
    {
      name: 'ioredis with EX, as in the section',
      code: `
import Redis from 'ioredis';
const redis = new Redis(process.env.REDIS_URL ?? 'redis://localhost:6379');
export const save = (key: string, value: string) => redis.set(key, value, 'EX', 3_600);`,
    },
    {
      name: 'ioredis PX with NX (a lock), lower-case token',
      code: `
import { Redis } from 'ioredis';
const redis = new Redis();
export const lock = (key: string, token: string) => redis.set(\`lock:\${key}\`, token, 'px', 30_000, 'NX');`,
    },
    {
      name: 'KEEPTTL keeps the expiry the key has',
      code: `
import Redis from 'ioredis';
const redis = new Redis();
export const update = (key: string, value: string) => redis.set(key, value, 'KEEPTTL');`,
    },
    {
      name: 'node-redis v4 options',
      code: `
import { createClient } from 'redis';
const client = await createClient().connect();
export const save = (key: string, value: string) => client.set(key, value, { EX: 300, NX: true });`,
    },
    {
      name: 'node-redis v5 expiration',
      code: `
import { createClient } from 'redis';
const client = createClient({ url: process.env.REDIS_URL });
export const save = (key: string, value: string) => client.set(key, value, { expiration: { type: 'EX', value: 300 }, condition: 'NX' });`,
    },
    {
      name: 'expiry arguments that cannot be read',
      code: `
import Redis from 'ioredis';
const redis = new Redis();
export const save = (key: string, value: string, mode: 'EX' | 'PX', ttl: number) => redis.set(key, value, mode, ttl);`,
    },
    {
      name: 'options from a variable or a spread',
      code: `
import { createClient } from 'redis';
const client = createClient();
export const save = (key: string, value: string, options: object) => client.set(key, value, options);
export const saveShared = (key: string, value: string) => client.set(key, value, { ...DEFAULT_SET_OPTIONS, NX: true });`,
    },
    {
      name: 'an expire on the same key later in the function',
      code: `
import Redis from 'ioredis';
const redis = new Redis();
export async function save(key: string, value: string) {
  await redis.set(key, value);
  await redis.expire(key, 600);
}`,
    },
    {
      name: 'a Map named cache is not Redis',
      code: `
import Redis from 'ioredis';
const redis = new Redis();
const cache = new Map<string, string>();
export const remember = (key: string, value: string) => cache.set(key, value);`,
    },
    {
      name: 'an LRU cache is not Redis',
      code: `
import Redis from 'ioredis';
import { LRUCache } from 'lru-cache';
const localCache = new LRUCache<string, string>({ max: 500 });
export const remember = (key: string, value: string) => localCache.set(key, value);`,
    },
    {
      name: 'a class field holding a Map, named cache',
      code: `
import type { Redis } from 'ioredis';
export class Prices {
  private readonly cache = new Map<string, number>();
  constructor(private readonly redis: Redis) {}
  remember(sku: string, price: number) {
    this.cache.set(sku, price);
  }
}`,
    },
    {
      name: 'an injected cache manager typed with its own class, in a file that also imports redis',
      code: `
import { Inject, Injectable } from '@nestjs/common';
import { CACHE_MANAGER, type Cache } from '@nestjs/cache-manager';
import { createClient } from 'redis';
@Injectable()
export class Rates {
  constructor(@Inject(CACHE_MANAGER) private readonly cache: Cache) {}
  remember(pair: string, rate: number) {
    return this.cache.set(pair, rate);
  }
}`,
    },
    {
      name: 'a parameter typed as something other than a Redis client',
      code: `
import Redis from 'ioredis';
interface KeyValueCache { set(key: string, value: string): Promise<void> }
export const save = (cache: KeyValueCache, key: string, value: string) => cache.set(key, value);`,
    },
    {
      name: 'no Redis library in the file: an unknown cache is not judged',
      code: `
import { cache } from './cache';
export const save = (key: string, value: string) => cache.set(key, value);`,
    },
    {
      name: 'a receiver whose name says nothing about caching',
      code: `
import Redis from 'ioredis';
export const save = (headers: Headers, value: string) => headers.set('x-cache-status', value);`,
    },
    {
      name: 'hset is out of scope',
      code: `
import Redis from 'ioredis';
const redis = new Redis();
export const save = (key: string, value: string) => redis.hset(key, 'field', value);`,
    },
    {
      name: 'an URLSearchParams receiver from a package-less global',
      code: `
import { createClient } from 'redis';
const cacheParams = new URLSearchParams();
export const tag = (value: string) => cacheParams.set('tag', value);`,
    },
    {
      name: 'test files are skipped',
      filename: '/project/src/__tests__/cache.ts',
      code: `
import Redis from 'ioredis';
const redis = new Redis();
await redis.set('k', 'v');`,
    },
    {
      name: 'JavaScript ioredis with EX',
      filename: JS,
      code: `
const Redis = require('ioredis');
const redis = new Redis();
module.exports.save = (key, value) => redis.set(key, value, 'EX', 60);`,
    },
  ],
  invalid: [
    {
      name: 'an expiring write of another key does not excuse this one',
      code: `
import Redis from 'ioredis';
const redis = new Redis();
export async function remember(id: string, value: string) {
  await redis.set(\`session:\${id}\`, value, 'EX', 600);
  await redis.set(\`profile:\${id}\`, value);
}`,
      errors: [{ messageId: 'noExpiry', line: 6, text: 'redis.set' }],
      output: `
import Redis from 'ioredis';
const redis = new Redis();
export async function remember(id: string, value: string) {
  await redis.set(\`session:\${id}\`, value, 'EX', 600);
  await redis.set(\`profile:\${id}\`, value, 'EX', 3_600);
}`,
    },
    {
      name: 'the section\'s unsafe line: ioredis set without expiry',
      code: `
import Redis from 'ioredis';
const redis = new Redis();
export const save = (key: string, value: string) => redis.set(key, value);`,
      errors: [{ messageId: 'noExpiry', line: 4, text: 'redis.set' }],
      output: `
import Redis from 'ioredis';
const redis = new Redis();
export const save = (key: string, value: string) => redis.set(key, value, 'EX', 3_600);`,
    },
    {
      name: 'a lock with NX and no expiry is held forever if its owner dies',
      code: `
import Redis from 'ioredis';
const redis = new Redis();
export const lock = (key: string, token: string) => redis.set(\`lock:\${key}\`, token, 'NX');`,
      errors: [{ messageId: 'noExpiry' }],
      output: `
import Redis from 'ioredis';
const redis = new Redis();
export const lock = (key: string, token: string) => redis.set(\`lock:\${key}\`, token, 'EX', 3_600, 'NX');`,
    },
    {
      name: 'an ioredis callback',
      filename: JS,
      code: `
const Redis = require('ioredis');
const redis = new Redis();
redis.set('greeting', 'hello', (err) => { if (err) console.error(err); });`,
      errors: [{ messageId: 'noExpiry' }],
      output: `
const Redis = require('ioredis');
const redis = new Redis();
redis.set('greeting', 'hello', 'EX', 3_600, (err) => { if (err) console.error(err); });`,
    },
    {
      name: 'node-redis v4 without options: EX offered, v5 shape as the alternative',
      code: `
import { createClient } from 'redis';
const client = createClient();
await client.connect();
export const save = (key: string, value: string) => client.set(key, value);`,
      errors: [{ messageId: 'noExpiry', text: 'client.set' }],
      output: `
import { createClient } from 'redis';
const client = createClient();
await client.connect();
export const save = (key: string, value: string) => client.set(key, value, { EX: 3_600 });`,
    },
    {
      name: 'node-redis options with only a condition flag (v4)',
      code: `
import { createClient } from '@redis/client';
const client = await createClient().connect();
export const claim = (key: string) => client.set(key, '1', { NX: true });`,
      errors: [{ messageId: 'noExpiry' }],
      output: `
import { createClient } from '@redis/client';
const client = await createClient().connect();
export const claim = (key: string) => client.set(key, '1', { NX: true, EX: 3_600 });`,
    },
    {
      name: 'node-redis v5 condition: the fix uses the v5 shape',
      code: `
import { createClient } from 'redis';
const client = createClient();
export const claim = (key: string) => client.set(key, '1', { condition: 'NX' });`,
      errors: [{ messageId: 'noExpiry' }],
      output: `
import { createClient } from 'redis';
const client = createClient();
export const claim = (key: string) => client.set(key, '1', { condition: 'NX', expiration: { type: 'EX', value: 3_600 } });`,
    },
    {
      name: 'a cache-named client passed in, in a file that imports ioredis',
      code: `
import type { RedisOptions } from 'ioredis';
export async function warm(cacheClient: any, entries: Array<[string, string]>) {
  for (const [key, value] of entries) await cacheClient.set(key, value);
}`,
      errors: [{ messageId: 'noExpiry', text: 'cacheClient.set' }],
      output: `
import type { RedisOptions } from 'ioredis';
export async function warm(cacheClient: any, entries: Array<[string, string]>) {
  for (const [key, value] of entries) await cacheClient.set(key, value, 'EX', 3_600);
}`,
    },
    {
      name: 'a parameter typed with the ioredis class, whatever its name',
      code: `
import Redis from 'ioredis';
export const save = (client: Redis, key: string, value: string) => client.set(key, value);`,
      errors: [{ messageId: 'noExpiry' }],
      output: `
import Redis from 'ioredis';
export const save = (client: Redis, key: string, value: string) => client.set(key, value, 'EX', 3_600);`,
    },
    {
      name: 'a class field assigned in the constructor',
      code: `
import { Cluster } from 'ioredis';
export class Sessions {
  private readonly store: Cluster;
  constructor(nodes: string[]) {
    this.store = new Cluster(nodes);
  }
  save(id: string, session: string) {
    return this.store.set(\`session:\${id}\`, session);
  }
}`,
      errors: [{ messageId: 'noExpiry', line: 9, text: 'this.store.set' }],
      output: `
import { Cluster } from 'ioredis';
export class Sessions {
  private readonly store: Cluster;
  constructor(nodes: string[]) {
    this.store = new Cluster(nodes);
  }
  save(id: string, session: string) {
    return this.store.set(\`session:\${id}\`, session, 'EX', 3_600);
  }
}`,
    },
    {
      name: 'a field typed with node-redis\'s client type',
      code: `
import type { RedisClientType } from 'redis';
export class Summaries {
  constructor(private readonly redisCache: RedisClientType) {}
  save(key: string, summary: string) {
    return this.redisCache.set(key, summary);
  }
}`,
      errors: [{ messageId: 'noExpiry', text: 'this.redisCache.set' }],
      output: `
import type { RedisClientType } from 'redis';
export class Summaries {
  constructor(private readonly redisCache: RedisClientType) {}
  save(key: string, summary: string) {
    return this.redisCache.set(key, summary, { EX: 3_600 });
  }
}`,
    },
    {
      name: 'an expire on another key does not count',
      code: `
import Redis from 'ioredis';
const redis = new Redis();
export async function save(key: string, value: string) {
  await redis.set(key, value);
  await redis.expire(\`\${key}:meta\`, 600);
}`,
      errors: [{ messageId: 'noExpiry', line: 5 }],
      output: `
import Redis from 'ioredis';
const redis = new Redis();
export async function save(key: string, value: string) {
  await redis.set(key, value, 'EX', 3_600);
  await redis.expire(\`\${key}:meta\`, 600);
}`,
    },
    {
      name: 'an expire in another function does not count',
      code: `
import Redis from 'ioredis';
const redis = new Redis();
export const save = async (key: string, value: string) => redis.set(key, value);
export const touch = async (key: string) => redis.expire(key, 60);`,
      errors: [{ messageId: 'noExpiry', line: 4 }],
      output: `
import Redis from 'ioredis';
const redis = new Redis();
export const save = async (key: string, value: string) => redis.set(key, value, 'EX', 3_600);
export const touch = async (key: string) => redis.expire(key, 60);`,
    },
    {
      name: 'an unknown redis receiver in a file that imports both libraries: reported without a fix',
      code: `
import Redis from 'ioredis';
import { createClient } from 'redis';
export const save = (redis: any, key: string, value: string) => redis.set(key, value);`,
      errors: [{ messageId: 'noExpiry' }],
      output: null,
    },
    {
      name: 'multi-line call keeps its layout',
      code: `
import { createClient } from 'redis';
const client = createClient();
export const save = (key: string, value: string) =>
  client.set(
    key,
    value,
  );`,
      errors: [{ messageId: 'noExpiry', line: 5 }],
      output: `
import { createClient } from 'redis';
const client = createClient();
export const save = (key: string, value: string) =>
  client.set(
    key,
    value,
    { EX: 3_600 },
  );`,
    },
    {
      name: 'an aliased client and the SET spelling of node-redis',
      code: `
import * as redis from 'redis';
const primary = redis.createClient();
const cache = primary;
export const save = (key: string, value: string) => cache.SET(key, value);`,
      errors: [{ messageId: 'noExpiry', text: 'cache.SET' }],
      output: `
import * as redis from 'redis';
const primary = redis.createClient();
const cache = primary;
export const save = (key: string, value: string) => cache.SET(key, value, { EX: 3_600 });`,
    },
    {
      name: 'JavaScript: require and a duplicated client',
      filename: JS,
      code: `
const { createClient } = require('redis');
const base = createClient();
const subscriber = base.duplicate();
exports.save = (key, value) => subscriber.set(key, value);`,
      errors: [{ messageId: 'noExpiry' }],
      output: `
const { createClient } = require('redis');
const base = createClient();
const subscriber = base.duplicate();
exports.save = (key, value) => subscriber.set(key, value, { EX: 3_600 });`,
    },
  ],
});

checkFixtures(rule, __dirname, {
  'summary-cache.ts': {
    findings: [
      [41, 'noExpiry', 'redis.set'],
      [47, 'noExpiry', 'redis.set'],
    ],
  },
  'session-store.js': { findings: [[24, 'noExpiry', 'this.client.set']] },
});
