import { checkFixtures } from '../fixtureTesting';
import { runRuleTests } from '../ruleTester';
import rule from './rule';

const JS = '/project/src/assistant.js';

runRuleTests(rule, {
  valid: [
    {
      name: 'the section\'s example: timeouts on both clients, limits on both requests',
      code: `
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
const anthropic = new Anthropic({ timeout: 20_000, maxRetries: 1 });
const openai = new OpenAI({ timeout: 20_000, maxRetries: 1 });
export async function summarize(text: string, signal: AbortSignal) {
  return anthropic.messages.create({ model: MODEL, max_tokens: 400, messages: [{ role: 'user', content: text }] }, { timeout: 10_000, signal });
}
export async function classify(text: string) {
  return openai.chat.completions.create({ model: MODEL, max_completion_tokens: 20, messages: [{ role: 'user', content: text }] });
}`,
    },
    {
      name: 'named import, Responses API with its own limit',
      code: `
import { OpenAI } from 'openai';
const client = new OpenAI({ apiKey: process.env.OPENAI_API_KEY, timeout: 15_000 });
export const answer = (q: string) => client.responses.create({ model: 'gpt-4.1-mini', input: q, max_output_tokens: 300 });`,
    },
    {
      name: 'the older max_tokens still bounds a chat completion',
      code: `
import OpenAI from 'openai';
const openai = new OpenAI({ timeout: 10_000 });
export const reply = (q: string) => openai.chat.completions.create({ model: 'gpt-4o-mini', max_tokens: 200, messages: [{ role: 'user', content: q }] });`,
    },
    {
      name: 'client options from a variable: cannot be read, never reported',
      code: `
import OpenAI from 'openai';
const options = loadOptions();
const openai = new OpenAI(options);
export const reply = (q: string) => openai.chat.completions.create({ model: 'm', max_completion_tokens: 50, messages: [] });`,
    },
    {
      name: 'client options spread from shared defaults',
      code: `
import Anthropic from '@anthropic-ai/sdk';
export const anthropic = new Anthropic({ ...sharedClientDefaults, maxRetries: 1 });`,
    },
    {
      name: 'a client imported from another module: its timeout is unknown',
      code: `
import type Anthropic from '@anthropic-ai/sdk';
import { anthropic } from './clients';
export const summarize = (text: string) => anthropic.messages.create({ model: 'm', max_tokens: 300, messages: [{ role: 'user', content: text }] });`,
    },
    {
      name: 'Anthropic requires max_tokens: no token finding, and the client has a timeout',
      code: `
import Anthropic from '@anthropic-ai/sdk';
const anthropic = new Anthropic({ timeout: 20_000 });
export const summarize = (body: Record<string, never>) => anthropic.messages.create({ model: 'm', messages: [] });`,
    },
    {
      name: 'the legacy Completions API defaults max_tokens to 16',
      code: `
import OpenAI from 'openai';
const openai = new OpenAI({ timeout: 10_000 });
export const complete = (prompt: string) => openai.completions.create({ model: 'gpt-3.5-turbo-instruct', prompt });`,
    },
    {
      name: 'request body built elsewhere: cannot be read',
      code: `
import OpenAI from 'openai';
const openai = new OpenAI({ timeout: 10_000 });
export const reply = (request: OpenAI.ChatCompletionCreateParamsNonStreaming) => openai.chat.completions.create(request);`,
    },
    {
      name: 'request body spreads a shared request',
      code: `
import OpenAI from 'openai';
const openai = new OpenAI({ timeout: 10_000 });
export const reply = (messages: never[]) => openai.chat.completions.create({ ...baseRequest, messages });`,
    },
    {
      name: 'a client from another SDK with an OpenAI-like surface is not OpenAI',
      code: `
import OpenAI from 'openai';
import Groq from 'groq-sdk';
const groq = new Groq();
export const reply = (q: string) => groq.chat.completions.create({ model: 'llama', messages: [{ role: 'user', content: q }] });`,
    },
    {
      name: 'no OpenAI import: chat.completions.create is someone else\'s API',
      code: `
import { llm } from './llm';
export const reply = (q: string) => llm.chat.completions.create({ model: 'local', messages: [{ role: 'user', content: q }] });`,
    },
    {
      name: 'a local class named OpenAI shadows the import',
      code: `
import 'openai';
class OpenAI { constructor(readonly options?: object) {} }
export const fake = new OpenAI();`,
    },
    {
      name: 'a withOptions copy: the request goes through a reconfigured client',
      code: `
import OpenAI from 'openai';
const openai = new OpenAI({ timeout: 60_000 });
export const reply = (q: string) => openai.withOptions({ timeout: 5_000 }).chat.completions.create({ model: 'm', max_completion_tokens: 10, messages: [] });`,
    },
    {
      name: 'class field client with a timeout, used through this',
      code: `
import OpenAI from 'openai';
export class Classifier {
  private readonly client = new OpenAI({ timeout: 8_000 });
  classify(text: string) {
    return this.client.chat.completions.create({ model: 'm', max_completion_tokens: 5, messages: [{ role: 'user', content: text }] });
  }
}`,
    },
    {
      name: 'the client passed to the constructor is whatever the caller made',
      code: `
import OpenAI from 'openai';
export class Classifier {
  constructor(private readonly client: OpenAI) {}
  classify(text: string) {
    return this.client.chat.completions.create({ model: 'm', max_completion_tokens: 5, messages: [] });
  }
}`,
    },
    {
      name: 'without the client in view, only the Chat Completions shape is judged for its token limit',
      code: `
import OpenAI from 'openai';
export const answer = (client: OpenAI, q: string) => client.responses.create({ model: 'm', input: q });`,
    },
    {
      name: 'test files talk to mocks',
      filename: '/project/src/assistant.test.ts',
      code: `
import OpenAI from 'openai';
const openai = new OpenAI();
it('replies', () => openai.chat.completions.create({ model: 'm', messages: [] }));`,
    },
    {
      name: 'JavaScript with require and a timeout',
      filename: JS,
      code: `
const OpenAI = require('openai');
const openai = new OpenAI({ timeout: 10_000 });
exports.reply = (q) => openai.chat.completions.create({ model: 'm', max_completion_tokens: 100, messages: [{ role: 'user', content: q }] });`,
    },
  ],
  invalid: [
    {
      name: 'new OpenAI() with no options',
      code: `
import OpenAI from 'openai';
export const openai = new OpenAI();`,
      errors: [{ messageId: 'clientTimeout', line: 3, text: 'new OpenAI' }],
      output: `
import OpenAI from 'openai';
export const openai = new OpenAI({ timeout: 30_000 });`,
    },
    {
      name: 'new Anthropic with options but no timeout',
      code: `
import Anthropic from '@anthropic-ai/sdk';
export const anthropic = new Anthropic({ apiKey: process.env.ANTHROPIC_API_KEY, maxRetries: 1 });`,
      errors: [{ messageId: 'clientTimeout', text: 'new Anthropic' }],
      output: `
import Anthropic from '@anthropic-ai/sdk';
export const anthropic = new Anthropic({ apiKey: process.env.ANTHROPIC_API_KEY, maxRetries: 1, timeout: 30_000 });`,
    },
    {
      name: 'multi-line options keep their layout',
      code: `
import { OpenAI } from 'openai';
export const openai = new OpenAI({
  apiKey: process.env.OPENAI_API_KEY,
  maxRetries: 1,
});`,
      errors: [{ messageId: 'clientTimeout', line: 3 }],
      output: `
import { OpenAI } from 'openai';
export const openai = new OpenAI({
  apiKey: process.env.OPENAI_API_KEY,
  maxRetries: 1,
  timeout: 30_000,
});`,
    },
    {
      name: 'a request through a client without a timeout: client and request reported, one edit fixes both',
      code: `
import Anthropic from '@anthropic-ai/sdk';
const anthropic = new Anthropic();
export const summarize = (text: string) => anthropic.messages.create({ model: 'm', max_tokens: 300, messages: [{ role: 'user', content: text }] });`,
      errors: [
        { messageId: 'clientTimeout', line: 3 },
        { messageId: 'requestTimeout', line: 4, text: 'anthropic.messages.create' },
      ],
      output: `
import Anthropic from '@anthropic-ai/sdk';
const anthropic = new Anthropic({ timeout: 30_000 });
export const summarize = (text: string) => anthropic.messages.create({ model: 'm', max_tokens: 300, messages: [{ role: 'user', content: text }] });`,
    },
    {
      name: 'per-request options without a timeout or signal',
      code: `
import OpenAI from 'openai';
const openai = new OpenAI({ maxRetries: 0 });
export const reply = (q: string) => openai.chat.completions.create({ model: 'm', max_completion_tokens: 5, messages: [] }, { maxRetries: 0 });`,
      errors: [
        { messageId: 'clientTimeout', line: 3 },
        { messageId: 'requestTimeout', line: 4 },
      ],
      output: `
import OpenAI from 'openai';
const openai = new OpenAI({ maxRetries: 0, timeout: 30_000 });
export const reply = (q: string) => openai.chat.completions.create({ model: 'm', max_completion_tokens: 5, messages: [] }, { maxRetries: 0 });`,
    },
    {
      name: 'the caller\'s signal bounds the request: only the client is reported',
      code: `
import Anthropic from '@anthropic-ai/sdk';
const anthropic = new Anthropic();
export const summarize = (text: string, signal: AbortSignal) => anthropic.messages.create({ model: 'm', max_tokens: 300, messages: [] }, { signal });`,
      errors: [{ messageId: 'clientTimeout', line: 3 }],
      output: `
import Anthropic from '@anthropic-ai/sdk';
const anthropic = new Anthropic({ timeout: 30_000 });
export const summarize = (text: string, signal: AbortSignal) => anthropic.messages.create({ model: 'm', max_tokens: 300, messages: [] }, { signal });`,
    },
    {
      name: 'chat completion without an output-token limit',
      code: `
import OpenAI from 'openai';
const openai = new OpenAI({ timeout: 20_000 });
export const reply = (q: string) => openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: q }] });`,
      errors: [{ messageId: 'noTokenLimit', line: 4, text: 'openai.chat.completions.create' }],
      output: `
import OpenAI from 'openai';
const openai = new OpenAI({ timeout: 20_000 });
export const reply = (q: string) => openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: q }], max_completion_tokens: 1_024 });`,
    },
    {
      name: 'Responses API: max_output_tokens',
      code: `
import OpenAI from 'openai';
const openai = new OpenAI({ timeout: 20_000 });
export const answer = (q: string) => openai.responses.create({
  model: 'gpt-4.1-mini',
  input: q,
});`,
      errors: [{ messageId: 'noTokenLimit', line: 4 }],
      output: `
import OpenAI from 'openai';
const openai = new OpenAI({ timeout: 20_000 });
export const answer = (q: string) => openai.responses.create({
  model: 'gpt-4.1-mini',
  input: q,
  max_output_tokens: 1_024,
});`,
    },
    {
      name: 'a client imported from elsewhere: the token limit still applies to chat.completions.create',
      code: `
import type OpenAI from 'openai';
import { openai } from './clients';
export const reply = (q: string) => openai.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: q }] });`,
      errors: [{ messageId: 'noTokenLimit' }],
      output: `
import type OpenAI from 'openai';
import { openai } from './clients';
export const reply = (q: string) => openai.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: q }], max_completion_tokens: 1_024 });`,
    },
    {
      name: 'a client parameter in a file that imports openai',
      code: `
import OpenAI from 'openai';
export async function reply(llm: OpenAI, q: string) {
  return await llm.chat.completions.create<never>({ model: 'm', messages: [] });
}`,
      errors: [{ messageId: 'noTokenLimit', text: 'llm.chat.completions.create' }],
      output: `
import OpenAI from 'openai';
export async function reply(llm: OpenAI, q: string) {
  return await llm.chat.completions.create<never>({ model: 'm', messages: [], max_completion_tokens: 1_024 });
}`,
    },
    {
      name: 'class constructor assigns the client once; the method uses it through this',
      code: `
import OpenAI from 'openai';
export class Summaries {
  private readonly client: OpenAI;
  constructor() {
    this.client = new OpenAI({ apiKey: process.env.KEY });
  }
  summarize = async (text: string) => this.client.chat.completions.create({ model: 'm', max_completion_tokens: 100, messages: [] });
}`,
      errors: [
        { messageId: 'clientTimeout', line: 6 },
        { messageId: 'requestTimeout', line: 8, text: 'this.client.chat.completions.create' },
      ],
      output: `
import OpenAI from 'openai';
export class Summaries {
  private readonly client: OpenAI;
  constructor() {
    this.client = new OpenAI({ apiKey: process.env.KEY, timeout: 30_000 });
  }
  summarize = async (text: string) => this.client.chat.completions.create({ model: 'm', max_completion_tokens: 100, messages: [] });
}`,
    },
    {
      name: 'all three at once, beta parse helper',
      code: `
import OpenAI from 'openai';
const openai = new OpenAI();
export const extract = (text: string) => openai.beta.chat.completions.parse({ model: 'm', messages: [{ role: 'user', content: text }] });`,
      errors: [
        { messageId: 'clientTimeout', line: 3 },
        { messageId: 'noTokenLimit', line: 4 },
        { messageId: 'requestTimeout', line: 4 },
      ],
      output: `
import OpenAI from 'openai';
const openai = new OpenAI({ timeout: 30_000 });
export const extract = (text: string) => openai.beta.chat.completions.parse({ model: 'm', messages: [{ role: 'user', content: text }], max_completion_tokens: 1_024 });`,
    },
    {
      name: 'AzureOpenAI has the same defaults',
      code: `
import { AzureOpenAI } from 'openai';
export const azure = new AzureOpenAI({ endpoint: process.env.AZURE_ENDPOINT, apiVersion: '2024-10-21' });`,
      errors: [{ messageId: 'clientTimeout', text: 'new AzureOpenAI' }],
      output: `
import { AzureOpenAI } from 'openai';
export const azure = new AzureOpenAI({ endpoint: process.env.AZURE_ENDPOINT, apiVersion: '2024-10-21', timeout: 30_000 });`,
    },
    {
      name: 'an alias of the client and of the resource',
      code: `
import Anthropic from '@anthropic-ai/sdk';
const client = new Anthropic({});
const messages = client.messages;
export const ask = (q: string) => messages.stream({ model: 'm', max_tokens: 100, messages: [] });`,
      errors: [
        { messageId: 'clientTimeout', line: 3 },
        { messageId: 'requestTimeout', line: 5, text: 'messages.stream' },
      ],
      output: `
import Anthropic from '@anthropic-ai/sdk';
const client = new Anthropic({ timeout: 30_000 });
const messages = client.messages;
export const ask = (q: string) => messages.stream({ model: 'm', max_tokens: 100, messages: [] });`,
    },
    {
      name: 'new without parentheses',
      code: `
import OpenAI from 'openai';
export const openai = new OpenAI;`,
      errors: [{ messageId: 'clientTimeout' }],
      output: `
import OpenAI from 'openai';
export const openai = new OpenAI({ timeout: 30_000 });`,
    },
    {
      name: 'JavaScript: destructured require, client created inside the handler',
      filename: JS,
      code: `
const { OpenAI } = require('openai');
exports.handler = async (event) => {
  const client = new OpenAI();
  return client.responses.create({ model: 'm', input: event.body, max_output_tokens: 200 });
};`,
      errors: [
        { messageId: 'clientTimeout', line: 4 },
        { messageId: 'requestTimeout', line: 5 },
      ],
      output: `
const { OpenAI } = require('openai');
exports.handler = async (event) => {
  const client = new OpenAI({ timeout: 30_000 });
  return client.responses.create({ model: 'm', input: event.body, max_output_tokens: 200 });
};`,
    },
    {
      name: 'an unrelated option does not count as a timeout on the request',
      code: `
import OpenAI from 'openai';
const openai = new OpenAI({ organization: 'org' });
export const reply = (q: string) => openai.responses.create({ model: 'm', input: q, max_output_tokens: 10 }, { idempotencyKey: 'k' });`,
      errors: [
        { messageId: 'clientTimeout', line: 3 },
        { messageId: 'requestTimeout', line: 4 },
      ],
      output: `
import OpenAI from 'openai';
const openai = new OpenAI({ organization: 'org', timeout: 30_000 });
export const reply = (q: string) => openai.responses.create({ model: 'm', input: q, max_output_tokens: 10 }, { idempotencyKey: 'k' });`,
    },
  ],
});

checkFixtures(rule, __dirname, {
  'support-assistant.ts': {
    findings: [
      [9, 'clientTimeout', 'new OpenAI'],
      [29, 'noTokenLimit', 'openai.chat.completions.create'],
      [29, 'requestTimeout', 'openai.chat.completions.create'],
      [43, 'clientTimeout', 'new Anthropic'],
      [47, 'requestTimeout', 'this.anthropic.messages.create'],
    ],
  },
});
