import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { runRules } from '../../ruleRunner';
import { languageOfFile } from '../../parse/languages';
import { SourceParser } from '../../parse/parser';
import { SourceFile } from '../../sourceFile';
import { checkFixtures } from '../fixtureTesting';
import { runRuleTests } from '../ruleTester';
import rule from './rule';

const JS = '/project/src/worker.js';

runRuleTests(rule, {
  valid: [
    {
      name: 'a retry that goes round again only on a unique-constraint conflict (find-or-create race)',
      code: `
import { UniqueConstraintError } from 'sequelize';
export async function findOrCreateTag(name: string, attempts = 3) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await Tag.findOrCreate({ where: { name } });
    } catch (err) {
      if (!(err instanceof UniqueConstraintError) || attempt >= attempts) {
        throw err;
      }
    }
  }
}
declare const Tag: { findOrCreate(options: object): Promise<unknown> };`,
    },
    {
      name: 'a command-line package polling its local server once a second',
      dependencies: ['commander', 'prompts'],
      code: `
export async function waitForTunnel(url: string) {
  for (let tries = 0; tries < 10; tries++) {
    try {
      return await fetch(url);
    } catch {
      await sleep(1000);
    }
  }
}
declare function sleep(ms: number): Promise<void>;`,
    },
    {
      name: 'exponential backoff with full jitter',
      code: `
async function send(url: string) {
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      return await fetch(url);
    } catch (err) {
      await sleep(Math.random() * Math.min(30_000, 100 * 2 ** attempt));
    }
  }
}`,
    },
    {
      name: 'delay from a backoff helper the file does not show',
      code: `
async function send(url: string) {
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      return await fetch(url);
    } catch (err) {
      await sleep(computeBackoff(attempt, 200));
    }
  }
}`,
    },
    {
      name: 'the catch block waits through a helper',
      code: `
async function send(url: string) {
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      return await fetch(url);
    } catch (err) {
      await waitBeforeRetry(attempt);
    }
  }
}`,
    },
    {
      name: 'jitter kept in a variable of the loop',
      code: `
async function send(url: string) {
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      return await fetch(url);
    } catch (err) {
      const jitter = Math.random() * 100;
      await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** attempt + jitter));
    }
  }
}`,
    },
    {
      name: 'crypto.randomInt jitter',
      code: `
import { randomInt } from 'node:crypto';
async function send(url: string) {
  let attempt = 0;
  while (true) {
    try {
      return await fetch(url);
    } catch (err) {
      if (++attempt === 5) throw err;
      await sleep(randomInt(0, 100 * 2 ** attempt));
    }
  }
}`,
    },
    {
      name: 'a sleep helper asked for jitter',
      code: `
async function send(url: string) {
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      return await fetch(url);
    } catch (err) {
      await sleep(RETRY_DELAY_MS, { jitter: true });
    }
  }
}`,
    },
    {
      name: 'jitter from a configured jitter range',
      code: `
async function send(url: string, { baseMs, jitterMs }: RetryConfig) {
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      return await fetch(url);
    } catch (err) {
      await sleep(baseMs * 2 ** attempt + jitterMs);
    }
  }
}`,
    },
    {
      name: 'a doubling delay randomized on reassignment',
      code: `
async function send(url: string) {
  let delay = 100;
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      return await fetch(url);
    } catch (err) {
      await sleep(delay);
      delay = Math.min(10_000, delay * 2) * (0.5 + Math.random());
    }
  }
}`,
    },
    {
      name: 'Retry-After from the response decides the delay',
      code: `
async function send(url: string) {
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      const res = await fetch(url);
      if (res.status !== 429) return res;
      throw new RateLimited(res);
    } catch (err) {
      await sleep(Number(err.response.headers.get('retry-after')) * 1000);
    }
  }
}`,
    },
    {
      name: 'a delay schedule indexed by the attempt',
      code: `
const DELAYS = [200, 1000, 5000];
async function send(url: string) {
  for (let attempt = 0; attempt < DELAYS.length; attempt++) {
    try {
      return await fetch(url);
    } catch (err) {
      await sleep(DELAYS[attempt]);
    }
  }
}`,
    },
    {
      name: 'polling loop without try/catch is not a retry',
      code: `
async function waitUntilDone(id: string) {
  let done = false;
  while (!done) {
    await sleep(1000);
    done = await check(id);
  }
}`,
    },
    {
      name: 'polling loop that tolerates errors returns only when the job is done',
      code: `
async function waitForJob(id: string) {
  while (true) {
    try {
      const job = await getJob(id);
      if (job.status === 'done') return job;
    } catch (err) {
      log(err);
    }
    await sleep(2000);
  }
}`,
    },
    {
      name: 'a batch loop that logs failures and moves on is not a retry',
      code: `
async function saveAll(items: Item[]) {
  for (let i = 0; i < items.length; i++) {
    try {
      await save(items[i]);
    } catch (err) {
      failures.push(err);
    }
  }
}`,
    },
    {
      name: 'for...of over items is iteration, not retry',
      code: `
async function shipAll(orders: Order[]) {
  for (const order of orders) {
    try {
      await ship(order);
      break;
    } catch (err) {
      log(err);
    }
  }
}`,
    },
    {
      name: 'catch rethrows: the loop does not retry',
      code: `
async function sendAll(urls: string[]) {
  for (let i = 0; i < urls.length; i++) {
    try {
      await fetch(urls[i]);
      return;
    } catch (err) {
      throw new SendError(urls[i], err);
    }
  }
}`,
    },
    {
      name: 'catch returns a fallback: the loop does not retry',
      code: `
async function read(key: string) {
  for (let i = 0; i < 3; i++) {
    try {
      return await cache.get(key);
    } catch {
      return undefined;
    }
  }
}`,
    },
    {
      name: 'catch breaks out: the loop gives up',
      code: `
async function read(key: string) {
  for (let i = 0; i < 3; i++) {
    try {
      return await cache.get(key);
    } catch (err) {
      log(err);
      break;
    }
  }
}`,
    },
    {
      name: 'the awaited call is inside a callback, not the loop',
      code: `
async function send(urls: string[]) {
  for (let i = 0; i < 3; i++) {
    urls.forEach(async (url) => {
      try {
        return await fetch(url);
      } catch {}
    });
  }
}`,
    },
    {
      name: 'a try without an awaited call retries nothing remote',
      code: `
function parseAll(lines: string[]) {
  for (let i = 0; i < 3; i++) {
    try {
      return JSON.parse(lines[i]);
    } catch {}
  }
}`,
    },
    {
      name: 'a helper named like a sleep that is given no duration',
      code: `
async function submitJob(job: Job) {
  for (let i = 0; i < 3; i++) {
    try {
      return await submit(job);
    } catch (err) {
      await wait(job);
    }
  }
}`,
    },
    {
      name: 'a consumer loop that logs and keeps consuming is not a retry',
      code: `
async function consume() {
  while (running) {
    try {
      const messages = await consumer.poll();
      await handle(messages);
    } catch (err) {
      log(err);
    }
  }
}`,
    },
    {
      name: 'recursion on a different input is not a retry',
      code: `
async function resolveNode(node: TreeNode): Promise<Value> {
  try {
    return await load(node);
  } catch (err) {
    return resolveNode(node.parent);
  }
}`,
    },
    {
      name: 'recursive retry with jitter',
      code: `
async function send(url: string, attempt = 0): Promise<Response> {
  try {
    return await fetch(url);
  } catch (err) {
    if (attempt >= 3) throw err;
    await sleep(Math.random() * 100 * 2 ** attempt);
    return send(url, attempt + 1);
  }
}`,
    },
    {
      name: 'the catch calls a local that shadows the function name',
      code: `
async function send(url: string, attempt = 0): Promise<Response> {
  try {
    return await fetch(url);
  } catch (err) {
    const send = fallbackSender;
    return send(url, attempt + 1);
  }
}`,
    },
    {
      name: 'cockatiel with ExponentialBackoff',
      code: `
import { ExponentialBackoff, handleAll, retry } from 'cockatiel';
export const policy = retry(handleAll, { maxAttempts: 3, backoff: new ExponentialBackoff() });`,
    },
    {
      name: 'cockatiel options from a variable',
      code: `
import { handleAll, retry } from 'cockatiel';
export const policy = retry(handleAll, retryOptions);`,
    },
    {
      name: 'cockatiel options spread from defaults',
      code: `
import { handleAll, retry } from 'cockatiel';
export const policy = retry(handleAll, { ...defaults, maxAttempts: 3 });`,
    },
    {
      name: 'a local function named retry is not cockatiel',
      code: `
import { handleAll } from 'cockatiel';
function retry(policy: unknown, options: { maxAttempts: number }) {
  return { policy, options };
}
export const policy = retry(handleAll, { maxAttempts: 3 });`,
    },
    {
      name: 'a parameter shadows the cockatiel import',
      code: `
import { handleAll, retry } from 'cockatiel';
export function build(retry: (p: unknown, o: object) => unknown) {
  return retry(handleAll, { maxAttempts: 3 });
}`,
    },
    {
      name: 'cockatiel retry() with retries turned off',
      code: `
import { handleAll, retry } from 'cockatiel';
export const noRetry = retry(handleAll, { maxAttempts: 0 });`,
    },
    {
      name: 'p-retry with randomize: true',
      code: `
import pRetry from 'p-retry';
await pRetry(() => fetch(url), { retries: 5, randomize: true });`,
    },
    {
      name: 'p-retry with retries: 0',
      code: `
import pRetry from 'p-retry';
await pRetry(() => fetch(url), { retries: 0 });`,
    },
    {
      name: 'p-retry named export is not the retry function',
      code: `
import { AbortError } from 'p-retry';
throw AbortError('stop');`,
    },
    {
      name: 'async-retry randomizes by default',
      code: `
import retry from 'async-retry';
await retry(async () => fetch(url), { retries: 5 });`,
    },
    {
      name: 'axios-retry with exponentialDelay',
      code: `
import axios from 'axios';
import axiosRetry from 'axios-retry';
axiosRetry(axios, { retries: 3, retryDelay: axiosRetry.exponentialDelay });`,
    },
    {
      name: 'axios-retry with a named exponentialDelay import, in JavaScript',
      filename: JS,
      code: `
const { default: axiosRetry, exponentialDelay } = require('axios-retry');
axiosRetry(client, { retryDelay: exponentialDelay });`,
    },
    {
      name: 'axios-retry options from a variable',
      code: `
import axiosRetry from 'axios-retry';
axiosRetry(client, retryConfig);`,
    },
    {
      name: 'jittered retry loop in JavaScript',
      filename: JS,
      code: `
async function send(url) {
  for (let attempt = 1; attempt <= 3; attempt++) {
    try {
      return await fetch(url);
    } catch (err) {
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 250 * 2 ** attempt));
    }
  }
}`,
    },
  ],
  invalid: [
    {
      name: 'a retry that gives up on conflicts and retries every other failure at once',
      code: `
import { UniqueConstraintError } from 'sequelize';
export async function save(row: object) {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await Rows.create(row);
    } catch (err) {
      if (err instanceof UniqueConstraintError) throw err;
    }
  }
}
declare const Rows: { create(row: object): Promise<unknown> };`,
      errors: [{ messageId: 'noDelay', line: 7, text: 'catch (err)' }],
      output: `
import { UniqueConstraintError } from 'sequelize';
export async function save(row: object) {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await Rows.create(row);
    } catch (err) {
      if (err instanceof UniqueConstraintError) throw err;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(30_000, 100 * 2 ** attempt)));
    }
  }
}
declare const Rows: { create(row: object): Promise<unknown> };`,
    },
    {
      name: 'constant setTimeout delay in a for loop',
      code: `
async function send(url: string) {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await fetch(url);
    } catch (err) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}`,
      errors: [{ messageId: 'constantDelay', line: 7, text: '1000' }],
      output: `
async function send(url: string) {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await fetch(url);
    } catch (err) {
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(30_000, 1000 * 2 ** attempt)));
    }
  }
}`,
    },
    {
      name: 'constant delay from a module constant in a do-while loop',
      code: `
const RETRY_DELAY_MS = 500;
async function send(url: string) {
  let attempts = 0;
  do {
    attempts++;
    try {
      return await fetch(url);
    } catch (err) {
      await delay(RETRY_DELAY_MS);
    }
  } while (attempts < 3);
}`,
      errors: [{ messageId: 'constantDelay', line: 10, text: 'RETRY_DELAY_MS' }],
      output: `
const RETRY_DELAY_MS = 500;
async function send(url: string) {
  let attempts = 0;
  do {
    attempts++;
    try {
      return await fetch(url);
    } catch (err) {
      await delay(Math.random() * Math.min(30_000, RETRY_DELAY_MS * 2 ** attempts));
    }
  } while (attempts < 3);
}`,
    },
    {
      name: 'constant delay from an option, after the try',
      code: `
async function send(url: string, options: { delayMs?: number }) {
  const delayMs = options.delayMs ?? 500;
  for (let i = 0; i < 3; i++) {
    try {
      const res = await fetch(url);
      return res;
    } catch (err) {
      log(err);
    }
    await sleep(delayMs);
  }
}`,
      errors: [{ messageId: 'constantDelay', line: 11, text: 'delayMs' }],
      output: `
async function send(url: string, options: { delayMs?: number }) {
  const delayMs = options.delayMs ?? 500;
  for (let i = 0; i < 3; i++) {
    try {
      const res = await fetch(url);
      return res;
    } catch (err) {
      log(err);
    }
    await sleep(Math.random() * Math.min(30_000, delayMs * 2 ** i));
  }
}`,
    },
    {
      name: 'timers/promises setTimeout with a constant',
      code: `
import { setTimeout } from 'node:timers/promises';
async function send(url: string) {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await fetch(url);
    } catch {
      await setTimeout(250);
    }
  }
}`,
      errors: [{ messageId: 'constantDelay', line: 8, text: '250' }],
      output: `
import { setTimeout } from 'node:timers/promises';
async function send(url: string) {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await fetch(url);
    } catch {
      await setTimeout(Math.random() * Math.min(30_000, 250 * 2 ** attempt));
    }
  }
}`,
    },
    {
      name: 'constant delay with a counter that counts down: no fix',
      code: `
async function send(url: string) {
  for (let left = 3; left > 0; left--) {
    try {
      return await fetch(url);
    } catch (err) {
      await sleep(1000);
    }
  }
}`,
      errors: [{ messageId: 'constantDelay', line: 7, text: '1000' }],
      output: null,
    },
    {
      name: 'constant delay in JavaScript with a block-bodied executor',
      filename: JS,
      code: `
async function send(url) {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await fetch(url);
    } catch (err) {
      await new Promise((resolve) => {
        setTimeout(resolve, 2000);
      });
    }
  }
}`,
      errors: [{ messageId: 'constantDelay', line: 8, text: '2000' }],
      output: `
async function send(url) {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await fetch(url);
    } catch (err) {
      await new Promise((resolve) => {
        setTimeout(resolve, Math.random() * Math.min(30_000, 2000 * 2 ** attempt));
      });
    }
  }
}`,
    },
    {
      name: 'exponential without jitter, counter bumped in the catch',
      code: `
async function send(url: string) {
  let attempt = 0;
  while (true) {
    try {
      return await fetch(url);
    } catch (err) {
      if (++attempt >= 5) throw err;
      await sleep(500 * 2 ** attempt);
    }
  }
}`,
      errors: [{ messageId: 'noJitter', line: 9, text: '500 * 2 ** attempt' }],
      output: `
async function send(url: string) {
  let attempt = 0;
  while (true) {
    try {
      return await fetch(url);
    } catch (err) {
      if (++attempt >= 5) throw err;
      await sleep(Math.random() * (500 * 2 ** attempt));
    }
  }
}`,
    },
    {
      name: 'Math.pow exponential without jitter, awaited generic call',
      code: `
async function getOrder(id: string) {
  for (let attempt = 0; attempt < 4; attempt++) {
    try {
      return await client.get<Order>(\`/orders/\${id}\`);
    } catch (err) {
      await sleep(Math.min(MAX_DELAY, Math.pow(2, attempt) * 100));
    }
  }
}`,
      errors: [{ messageId: 'noJitter', line: 7, text: 'Math.min(MAX_DELAY, Math.pow(2, attempt) * 100)' }],
      output: `
async function getOrder(id: string) {
  for (let attempt = 0; attempt < 4; attempt++) {
    try {
      return await client.get<Order>(\`/orders/\${id}\`);
    } catch (err) {
      await sleep(Math.random() * Math.min(MAX_DELAY, Math.pow(2, attempt) * 100));
    }
  }
}`,
    },
    {
      name: 'linear growth without jitter',
      code: `
async function send(url: string) {
  for (let i = 1; i <= 3; i++) {
    try {
      return await fetch(url);
    } catch (err) {
      await sleep(i * 1000);
    }
  }
}`,
      errors: [{ messageId: 'noJitter', text: 'i * 1000' }],
      output: `
async function send(url: string) {
  for (let i = 1; i <= 3; i++) {
    try {
      return await fetch(url);
    } catch (err) {
      await sleep(Math.random() * (i * 1000));
    }
  }
}`,
    },
    {
      name: 'shift growth without jitter',
      code: `
async function send(url: string) {
  for (let tries = 0; tries < 3; tries++) {
    try {
      return await fetch(url);
    } catch (err) {
      await sleep(100 << tries);
    }
  }
}`,
      errors: [{ messageId: 'noJitter', text: '100 << tries' }],
      output: `
async function send(url: string) {
  for (let tries = 0; tries < 3; tries++) {
    try {
      return await fetch(url);
    } catch (err) {
      await sleep(Math.random() * (100 << tries));
    }
  }
}`,
    },
    {
      name: 'a delay variable doubled in the loop',
      code: `
async function send(url: string) {
  let delay = 100;
  for (let i = 0; i < 3; i++) {
    try {
      return await fetch(url);
    } catch (err) {
      await sleep(delay);
      delay *= 2;
    }
  }
}`,
      errors: [{ messageId: 'noJitter', text: 'delay' }],
      output: `
async function send(url: string) {
  let delay = 100;
  for (let i = 0; i < 3; i++) {
    try {
      return await fetch(url);
    } catch (err) {
      await sleep(Math.random() * delay);
      delay *= 2;
    }
  }
}`,
    },
    {
      name: 'no delay: wait inserted after the last statement of the catch',
      code: `
async function send(url: string) {
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await fetch(url);
    } catch (err) {
      lastError = err;
      metrics.increment('send.retry');
    }
  }
  throw lastError;
}`,
      errors: [{ messageId: 'noDelay', line: 7, text: 'catch (err)' }],
      output: `
async function send(url: string) {
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await fetch(url);
    } catch (err) {
      lastError = err;
      metrics.increment('send.retry');
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(30_000, 100 * 2 ** attempt)));
    }
  }
  throw lastError;
}`,
    },
    {
      name: 'no delay: an empty catch gets a block',
      code: `
async function send(url: string) {
  for (let i = 0; i < 3; i++) {
    try {
      return await fetch(url);
    } catch {}
  }
}`,
      errors: [{ messageId: 'noDelay', line: 6, text: 'catch' }],
      output: `
async function send(url: string) {
  for (let i = 0; i < 3; i++) {
    try {
      return await fetch(url);
    } catch {
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(30_000, 100 * 2 ** i)));
    }
  }
}`,
    },
    {
      name: 'no delay: the wait goes before a final continue',
      code: `
async function send(url: string) {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await fetch(url);
    } catch (err) {
      log(err);
      continue;
    }
  }
}`,
      errors: [{ messageId: 'noDelay', text: 'catch (err)' }],
      output: `
async function send(url: string) {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await fetch(url);
    } catch (err) {
      log(err);
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(30_000, 100 * 2 ** attempt)));
      continue;
    }
  }
}`,
    },
    {
      name: 'no delay: a one-line catch stays on one line',
      code: `
async function send(url: string) {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await fetch(url);
    } catch (err) { log(err); }
  }
}`,
      errors: [{ messageId: 'noDelay', text: 'catch (err)' }],
      output: `
async function send(url: string) {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await fetch(url);
    } catch (err) { log(err); await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(30_000, 100 * 2 ** attempt))); }
  }
}`,
    },
    {
      name: 'no delay and no counter: a flag loop gets no fix',
      code: `
async function publish(event: Event) {
  let sent = false;
  while (!sent) {
    try {
      await bus.publish(event);
      sent = true;
    } catch (err) {
      log(err);
    }
  }
}`,
      errors: [{ messageId: 'noDelay', text: 'catch (err)' }],
      output: null,
    },
    {
      name: 'a reconnect loop with a constant pause and no counter: no fix',
      code: `
async function connect() {
  let connected = false;
  while (!connected) {
    try {
      await client.connect();
      connected = true;
    } catch (err) {
      await sleep(5000);
    }
  }
}`,
      errors: [{ messageId: 'constantDelay', line: 9, text: '5000' }],
      output: null,
    },
    {
      name: 'no delay in a loop whose body is the try statement itself',
      code: `
async function send(url: string) {
  for (let i = 0; i < 3; i++) try { return await fetch(url); } catch (err) { log(err); }
}`,
      errors: [{ messageId: 'noDelay', line: 3, text: 'catch (err)' }],
      output: `
async function send(url: string) {
  for (let i = 0; i < 3; i++) try { return await fetch(url); } catch (err) { log(err); await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(30_000, 100 * 2 ** i))); }
}`,
    },
    {
      name: 'recursive retry with a constant delay',
      code: `
async function send(url: string, attempt = 0): Promise<Response> {
  try {
    return await fetch(url);
  } catch (err) {
    if (attempt >= 3) throw err;
    await sleep(1000);
    return send(url, attempt + 1);
  }
}`,
      errors: [{ messageId: 'constantDelay', line: 7, text: '1000' }],
      output: `
async function send(url: string, attempt = 0): Promise<Response> {
  try {
    return await fetch(url);
  } catch (err) {
    if (attempt >= 3) throw err;
    await sleep(Math.random() * Math.min(30_000, 1000 * 2 ** attempt));
    return send(url, attempt + 1);
  }
}`,
    },
    {
      name: 'recursive retry with no delay: the wait goes before the recursive call',
      code: `
export const send = async (url: string, attempt = 0): Promise<Response> => {
  try {
    return await fetch(url);
  } catch (err) {
    if (attempt >= 3) throw err;
    return await send(url, attempt + 1);
  }
};`,
      errors: [{ messageId: 'noDelay', line: 5, text: 'catch (err)' }],
      output: `
export const send = async (url: string, attempt = 0): Promise<Response> => {
  try {
    return await fetch(url);
  } catch (err) {
    if (attempt >= 3) throw err;
    await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(30_000, 100 * 2 ** attempt)));
    return await send(url, attempt + 1);
  }
};`,
    },
    {
      name: 'recursive retry counting down, no delay: no fix',
      code: `
async function send(url: string, retriesLeft: number): Promise<Response> {
  try {
    return await fetch(url);
  } catch (err) {
    if (retriesLeft === 0) throw err;
    return send(url, retriesLeft - 1);
  }
}`,
      errors: [{ messageId: 'noDelay', text: 'catch (err)' }],
      output: null,
    },
    {
      name: 'recursive retry under a condition, then a throw: no place for a wait on the retry path alone',
      code: `
async function send(url: string, attempt = 0): Promise<Response> {
  try {
    return await fetch(url);
  } catch (err) {
    if (attempt < 3) return send(url, attempt + 1);
    throw err;
  }
}`,
      errors: [{ messageId: 'noDelay', text: 'catch (err)' }],
      output: null,
    },
    {
      name: 'recursive method retry without jitter',
      code: `
class OrdersApi {
  async get(path: string, attempt = 1): Promise<unknown> {
    try {
      return await this.http.get(path);
    } catch (err) {
      if (attempt > 4) throw err;
      await new Promise((resolve) => setTimeout(resolve, 200 * 2 ** attempt));
      return this.get(path, attempt + 1);
    }
  }
}`,
      errors: [{ messageId: 'noJitter', line: 8, text: '200 * 2 ** attempt' }],
      output: `
class OrdersApi {
  async get(path: string, attempt = 1): Promise<unknown> {
    try {
      return await this.http.get(path);
    } catch (err) {
      if (attempt > 4) throw err;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * (200 * 2 ** attempt)));
      return this.get(path, attempt + 1);
    }
  }
}`,
    },
    {
      name: 'cockatiel retry() without backoff',
      code: `
import { handleAll, retry } from 'cockatiel';
export const policy = retry(handleAll, { maxAttempts: 3 });`,
      errors: [{ messageId: 'cockatielNoBackoff', line: 3, text: 'retry' }],
      output: `
import { handleAll, retry, ExponentialBackoff } from 'cockatiel';
export const policy = retry(handleAll, { maxAttempts: 3, backoff: new ExponentialBackoff() });`,
    },
    {
      name: 'cockatiel through a namespace import',
      code: `
import * as cockatiel from 'cockatiel';
export const policy = cockatiel.retry(cockatiel.handleAll, { maxAttempts: 3 });`,
      errors: [{ messageId: 'cockatielNoBackoff', text: 'cockatiel.retry' }],
      output: `
import * as cockatiel from 'cockatiel';
export const policy = cockatiel.retry(cockatiel.handleAll, { maxAttempts: 3, backoff: new cockatiel.ExponentialBackoff() });`,
    },
    {
      name: 'cockatiel under an alias, multi-line options with a trailing comma',
      code: `
import { handleAll, retry as retryPolicy } from 'cockatiel';
export const policy = retryPolicy(handleAll, {
  maxAttempts: 3,
});`,
      errors: [{ messageId: 'cockatielNoBackoff', text: 'retryPolicy' }],
      output: `
import { handleAll, retry as retryPolicy, ExponentialBackoff } from 'cockatiel';
export const policy = retryPolicy(handleAll, {
  maxAttempts: 3,
  backoff: new ExponentialBackoff(),
});`,
    },
    {
      name: 'cockatiel with ExponentialBackoff already imported, no options',
      code: `
import { ExponentialBackoff, handleAll, retry } from 'cockatiel';
export const reads = retry(handleAll, { maxAttempts: 3, backoff: new ExponentialBackoff() });
export const writes = retry(handleAll);`,
      errors: [{ messageId: 'cockatielNoBackoff', line: 4 }],
      output: `
import { ExponentialBackoff, handleAll, retry } from 'cockatiel';
export const reads = retry(handleAll, { maxAttempts: 3, backoff: new ExponentialBackoff() });
export const writes = retry(handleAll, { backoff: new ExponentialBackoff() });`,
    },
    {
      name: 'two cockatiel policies share one import edit',
      code: `
import { handleAll, retry } from 'cockatiel';
export const reads = retry(handleAll, { maxAttempts: 3 });
export const writes = retry(handleAll, { maxAttempts: 2 });`,
      errors: [
        { messageId: 'cockatielNoBackoff', line: 3 },
        { messageId: 'cockatielNoBackoff', line: 4 },
      ],
      output: `
import { handleAll, retry, ExponentialBackoff } from 'cockatiel';
export const reads = retry(handleAll, { maxAttempts: 3, backoff: new ExponentialBackoff() });
export const writes = retry(handleAll, { maxAttempts: 2, backoff: new ExponentialBackoff() });`,
    },
    {
      name: 'cockatiel ConstantBackoff, its import removed when no longer used',
      code: `
import {
  ConstantBackoff,
  handleAll,
  retry,
} from 'cockatiel';
export const policy = retry(handleAll, {
  maxAttempts: 3,
  backoff: new ConstantBackoff(50),
});`,
      errors: [{ messageId: 'cockatielConstantBackoff', line: 9, text: 'new ConstantBackoff(50)' }],
      output: `
import {
  handleAll,
  retry,
  ExponentialBackoff,
} from 'cockatiel';
export const policy = retry(handleAll, {
  maxAttempts: 3,
  backoff: new ExponentialBackoff(),
});`,
    },
    {
      name: 'cockatiel ConstantBackoff still used elsewhere keeps its import',
      code: `
import { ConstantBackoff, handleAll, retry } from 'cockatiel';
export const fixed = new ConstantBackoff(10);
export const policy = retry(handleAll, { maxAttempts: 3, backoff: new ConstantBackoff(50) });`,
      errors: [{ messageId: 'cockatielConstantBackoff', line: 4 }],
      output: `
import { ConstantBackoff, handleAll, retry, ExponentialBackoff } from 'cockatiel';
export const fixed = new ConstantBackoff(10);
export const policy = retry(handleAll, { maxAttempts: 3, backoff: new ExponentialBackoff() });`,
    },
    {
      name: 'cockatiel through require destructuring, in JavaScript',
      filename: JS,
      code: `
const { retry, handleAll, ConstantBackoff } = require('cockatiel');
module.exports.policy = retry(handleAll, { maxAttempts: 3, backoff: new ConstantBackoff(100) });`,
      errors: [{ messageId: 'cockatielConstantBackoff', text: 'new ConstantBackoff(100)' }],
      output: `
const { retry, handleAll, ExponentialBackoff } = require('cockatiel');
module.exports.policy = retry(handleAll, { maxAttempts: 3, backoff: new ExponentialBackoff() });`,
    },
    {
      name: 'p-retry without options',
      code: `
import pRetry from 'p-retry';
export const run = () => pRetry(() => fetch(url));`,
      errors: [{ messageId: 'pRetryNotRandomized', text: 'pRetry' }],
      output: `
import pRetry from 'p-retry';
export const run = () => pRetry(() => fetch(url), { randomize: true });`,
    },
    {
      name: 'p-retry with options but no randomize, multi-line',
      code: `
import pRetry from 'p-retry';
await pRetry(sendInvoice, {
  retries: 5,
  onFailedAttempt: (error) => log(error)
});`,
      errors: [{ messageId: 'pRetryNotRandomized', line: 3 }],
      output: `
import pRetry from 'p-retry';
await pRetry(sendInvoice, {
  retries: 5,
  onFailedAttempt: (error) => log(error),
  randomize: true
});`,
    },
    {
      name: 'p-retry with randomize: false, in JavaScript',
      filename: JS,
      code: `
const retryWithBackoff = require('p-retry');
retryWithBackoff(run, { retries: 5, randomize: false });`,
      errors: [{ messageId: 'pRetryNotRandomized', text: 'false' }],
      output: `
const retryWithBackoff = require('p-retry');
retryWithBackoff(run, { retries: 5, randomize: true });`,
    },
    {
      name: 'async-retry with randomize: false',
      code: `
import retry from 'async-retry';
await retry(async (bail) => fetch(url), { retries: 5, randomize: false });`,
      errors: [{ messageId: 'asyncRetryNotRandomized', text: 'false' }],
      output: `
import retry from 'async-retry';
await retry(async (bail) => fetch(url), { retries: 5, randomize: true });`,
    },
    {
      name: 'axios-retry without retryDelay, imported under another name',
      code: `
import axios from 'axios';
import retryPlugin from 'axios-retry';
retryPlugin(axios, { retries: 3 });`,
      errors: [{ messageId: 'axiosRetryNoDelay', line: 4, text: 'retryPlugin' }],
      output: `
import axios from 'axios';
import retryPlugin from 'axios-retry';
retryPlugin(axios, { retries: 3, retryDelay: retryPlugin.exponentialDelay });`,
    },
    {
      name: 'axios-retry without options, in JavaScript',
      filename: JS,
      code: `
const axiosRetry = require('axios-retry');
axiosRetry(client);`,
      errors: [{ messageId: 'axiosRetryNoDelay', text: 'axiosRetry' }],
      output: `
const axiosRetry = require('axios-retry');
axiosRetry(client, { retryDelay: axiosRetry.exponentialDelay });`,
    },
  ],
});

describe('require-backoff-jitter fixtures', () => {
  checkFixtures(rule, __dirname, {
    'order-client.ts': { findings: [
      [19, 'axiosRetryNoDelay', 'axiosRetry'],
      [25, 'cockatielNoBackoff', 'retry'],
      [39, 'constantDelay', 'RETRY_DELAY_MS'],
      [83, 'pRetryNotRandomized', 'pRetry'],
      [99, 'noJitter', 'delayMs'],
    ] },
    // Line 39 is a flag loop with no attempt counter to grow a delay from: it gets no fix.
    'notification-worker.js': { findings: [
      [9, 'axiosRetryNoDelay', 'axiosRetry'],
      [11, 'cockatielConstantBackoff', 'new ConstantBackoff(500)'],
      [25, 'asyncRetryNotRandomized', 'false'],
      [39, 'noDelay', 'catch (err)'],
      [51, 'noDelay', 'catch (err)'],
      [78, 'noJitter', '250 * (attempt + 1)'],
    ] },
  });

  it('messages name the concrete delay, the kind of retry and the local import name', async () => {
    const parser = new SourceParser();
    const messagesOf = async (name: string) => {
      const text = fs.readFileSync(path.join(__dirname, 'fixtures', name), 'utf8');
      const language = languageOfFile(name)!;
      await parser.load(language);
      const file = new SourceFile(`/project/src/${name}`, language, text, parser.parse(language, text));
      try {
        return runRules(file, [rule], { enable: true, rules: {} }).findings.map((f) => f.message);
      } finally {
        file.tree.delete();
      }
    };
    const messages = [...(await messagesOf('order-client.ts')), ...(await messagesOf('notification-worker.js'))];
    for (const expected of [
      'axios-retry without retryDelay retries with no delay. Set retryDelay: axiosRetry.exponentialDelay (exponential with jitter).',
      'This retry loop waits a constant 1000 ms (RETRY_DELAY_MS) between attempts: every client retries in lock-step. Grow the delay exponentially and add jitter.',
      'This retry loop retries immediately, with no delay between attempts: a struggling dependency gets hit again at once. Wait with exponential backoff and jitter before the next attempt.',
      'p-retry does not randomize delays by default; set randomize: true.',
    ]) {
      assert.ok(messages.includes(expected), `missing message: ${expected}\n${messages.join('\n')}`);
    }
  });
});
