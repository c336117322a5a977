import * as assert from 'assert';
import { SourceParser } from '../parse/parser';
import { SourceFile } from '../sourceFile';
import { detectDomains, DOMAIN_NODE_TYPES } from './domains';
import { parseInstructionFile } from './instructionFile';
import { InstructionLibrary } from './library';

const parser = new SourceParser();
const BUNDLED = parseInstructionFile('/ext/instructions/distributed-systems.instructions.md', "---\napplyTo: '**/*.ts,**/*.js'\ndescription: d\n---\n## A\n\nGuidance only: x\n", 'bundled');
const TEAM = parseInstructionFile('/w/.github/instructions/team.instructions.md', "---\napplyTo: 'src/**/*.ts'\ndescription: d\n---\n", 'workspace');

function match(code: string, options: { path?: string; dependencies?: string[] } = {}) {
  const path = options.path ?? '/w/src/orders.ts';
  const tree = parser.parse('typescript', code);
  const file = new SourceFile(path, 'typescript', code, tree, { dependencies: new Set(options.dependencies ?? []), root: '/w' });
  const nodes = file.root.descendantsOfType([...DOMAIN_NODE_TYPES]).filter((n) => n !== null);
  const domains = detectDomains(file, nodes);
  tree.delete();
  return new InstructionLibrary([BUNDLED], [TEAM]).match({ path, languageLabel: 'TypeScript', domains });
}

function reasons(code: string, options?: { path?: string; dependencies?: string[] }): Record<string, string> {
  return Object.fromEntries(match(code, options).map((m) => [m.file.id, `${m.applies ? 'applies' : 'no'}: ${m.reasons.join('; ')}`]));
}

describe('instruction matching with domains', () => {
  before(() => parser.load('typescript'));

  it('applies a bundled file when the code imports a client of its domain, naming the import', () => {
    assert.deepStrictEqual(reasons("import axios from 'axios';\naxios.get(u);"), {
      'distributed-systems': 'applies: applyTo `**/*.ts` matches this TypeScript file; uses `axios` (HTTP client)',
      team: 'applies: applyTo `src/**/*.ts` matches this TypeScript file',
    });
  });

  it('counts require() and a global fetch, but not a local function called fetch', () => {
    assert.match(reasons("const { Pool } = require('pg');")['distributed-systems'], /^applies: .*uses `pg` \(database\)/);
    assert.match(reasons('export const load = () => fetch(url);')['distributed-systems'], /^applies: .*uses `fetch` \(HTTP client\)/);
    assert.match(reasons('function fetch(u: string) { return u; }\nfetch(url);')['distributed-systems'], /^no: .*but the code uses no HTTP client/);
  });

  it('recognises a serverless handler by its export and cloud SDKs as remote clients', () => {
    const facts = (code: string, path = '/w/src/fn.js') => {
      const tree = parser.parse('typescript', code);
      const file = new SourceFile(path, 'typescript', code, tree, { dependencies: new Set(), root: '/w' });
      const domains = detectDomains(file, file.root.descendantsOfType([...DOMAIN_NODE_TYPES]).filter((n) => n !== null));
      tree.delete();
      return domains.map((d) => `${d.domain} via ${d.via}`);
    };
    assert.deepStrictEqual(facts("const { S3Client } = require('@aws-sdk/client-s3');\nexports.handler = async () => {};"), ['http-client via @aws-sdk/client-s3', 'serverless via exported `handler`']);
    assert.deepStrictEqual(facts('export const handler = async (event) => event;'), ['serverless via exported `handler`']);
    assert.deepStrictEqual(facts('export async function handler() {}'), ['serverless via exported `handler`']);
    assert.deepStrictEqual(facts('const handler = () => 1;\nexport default handler;'), []);
  });

  it('reads browser code from the public/ folder and from browser globals, not from local names or isomorphic checks', () => {
    const applies = (code: string, path?: string) => reasons(code, { path })['distributed-systems'];
    assert.match(applies('fetch(url);', '/w/public/src/admin/users.js'), /^no: .*front-end code \(the file is in the public\/ folder served to browsers\)/);
    assert.match(applies("fetch(url).then(() => { document.querySelector('#users').innerHTML = ''; });"), /^no: .*front-end code \(the file uses the browser global `document`\)/);
    assert.match(applies('const document = await load(id);\nawait fetch(document.url);'), /^applies: /);
    assert.match(applies("if (typeof window !== 'undefined') window.addEventListener('online', sync);\nfetch(url);"), /^applies: /);
    assert.match(applies('fetch(url);', '/w/src/public/routes.ts'), /^applies: /);
    assert.match(applies("const page = '<script>window.close()</script>';\nfetch(url);"), /^applies: /);
  });

  it('does not apply back-end files to front-end code', () => {
    assert.match(reasons("import { useEffect } from 'react';\nfetch(url);")['distributed-systems'], /^no: .*front-end code \(uses `react`\)/);
    assert.match(reasons('fetch(url);', { dependencies: ['react', 'swr'] })['distributed-systems'], /^no: .*front-end code \(package.json depends on react\)/);
  });

  it('treats code with a server-side import as back-end even in a UI project', () => {
    assert.match(reasons("import { Pool } from 'pg';\nfetch(url);", { dependencies: ['react'] })['distributed-systems'], /^applies: /);
    assert.match(reasons('fetch(url);', { dependencies: ['react', 'express'] })['distributed-systems'], /^applies: /);
  });

  it('explains a glob that does not match', () => {
    assert.strictEqual(reasons("import axios from 'axios';", { path: '/w/lib/a.ts' }).team, 'no: applyTo `src/**/*.ts` does not match this file');
  });
});
