import * as assert from 'assert';
import { SourceParser } from '../parse/parser';
import { SourceFile } from '../sourceFile';
import { importedModules } from './modules';
import { importsHttpClient } from './httpCalls';

const parser = new SourceParser();

function fileOf(code: string): SourceFile {
  return new SourceFile('/service/src/a.ts', 'typescript', code, parser.parse('typescript', code));
}

describe('importedModules', () => {
  before(() => parser.load('typescript'));

  const cases: Array<[string, string, string[]]> = [
    ['imports of every shape, type-only included', "import a from 'axios';\nimport * as fs from 'node:fs';\nimport { Pool } from 'pg';\nimport type { Request } from 'express';\nimport 'reflect-metadata';", ['axios', 'fs', 'pg', 'express', 'reflect-metadata']],
    ['top-level require, destructured, chained, and as a statement', "const got = require('got');\nconst { get } = require('node:https');\nconst knex = require('knex')({ client: 'pg' });\nrequire('dotenv').config();", ['got', 'https', 'knex', 'dotenv']],
    ['an exported require and a dynamic import at the top level', "export const redis = require('ioredis');\nconst openai = await import('openai');", ['ioredis', 'openai']],
    ['TypeScript import-equals', "import sqs = require('@aws-sdk/client-sqs');", ['@aws-sdk/client-sqs']],
    // Only the top level counts: a require inside a function is a lazy load, not the file's dependency.
    ['a require inside a function', "export function load() { const amqp = require('amqplib'); return amqp; }", []],
    ['the words in comments, strings and names', "// import x from 'kafkajs'\nconst text = \"require('mysql2')\";\nconst importer = requireAuth();", []],
    ['after many other statements', `${'export const n = 1;\n'.repeat(300)}import axios from 'axios';\nconst pg = require('pg');`, ['axios', 'pg']],
  ];
  for (const [name, code, modules] of cases) {
    it(name, () => assert.deepStrictEqual([...importedModules(fileOf(code))].sort(), [...modules].sort()));
  }

  it('tells whether a file imports an HTTP client the same way', () => {
    assert.strictEqual(importsHttpClient(fileOf(`${'const x = 1;\n'.repeat(50)}const { request } = require('undici');`)), true);
    assert.strictEqual(importsHttpClient(fileOf("import got = require('got');")), true);
    assert.strictEqual(importsHttpClient(fileOf("export function later() { return require('axios'); }")), false);
  });
});
