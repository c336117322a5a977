import * as assert from 'assert';
import { SourceFile } from '../sourceFile';
import type { Value } from './bindings';
import { INDEXED_TYPES, NodeIndex } from './nodeIndex';
import { SourceParser } from './parser';
import { calleeOf } from './syntax';

const parser = new SourceParser();

/**
 * The value of the callee of the call whose text starts with `callText`. `indexed`: as in the
 * engine, where scopes are found through the walk's node index instead of by climbing the tree.
 */
function calleeValue(code: string, callText: string, language: 'typescript' | 'javascript' = 'typescript', indexed = false): string {
  const file = new SourceFile('/p/a.ts', language, code, parser.parse(language, code));
  if (indexed) {
    const nodes = file.root.descendantsOfType([...INDEXED_TYPES]);
    file.useIndex(new NodeIndex(nodes, nodes.map((n) => n.type), INDEXED_TYPES));
  }
  const call = file.root.descendantsOfType('call_expression').find((c) => c?.text.replace(/^await\s+/, '').startsWith(callText));
  assert.ok(call, `no call ${callText}`);
  return show(file.resolver.valueOf(calleeOf(call)!));
}

function show(value: Value): string {
  switch (value.kind) {
    case 'module':
      return ['module', value.module, ...value.path].join(':');
    case 'global':
      return ['global', value.name, ...value.path].join(':');
    case 'created':
      return `created(${show(value.by)})${value.path.map((p) => '.' + p).join('')}`;
    default:
      return 'unknown';
  }
}

describe('BindingResolver.valueOf', () => {
  before(async () => {
    await parser.load('typescript');
    await parser.load('javascript');
  });

  const cases: Array<[string, string, string]> = [
    ["import axios from 'axios';\naxios.get(u);", 'axios.get', 'module:axios:get'],
    ["import * as http from 'node:http';\nhttp.request(o);", 'http.request', 'module:http:request'],
    ["import { request as send } from 'undici';\nsend(u);", 'send', 'module:undici:request'],
    ["import { default as ky } from 'ky';\nky.get(u);", 'ky.get', 'module:ky:get'],
    ["const fetch = require('node-fetch');\nfetch(u);", 'fetch', 'module:node-fetch'],
    ["const { get } = require('https');\nget(u);", 'get', 'module:https:get'],
    ["const { get: download } = require('https');\ndownload(u);", 'download', 'module:https:get'],
    ["const got = require('got').default;\ngot.post(u);", 'got.post', 'module:got:post'],
    ["import axios from 'axios';\nconst client = axios;\nclient.get(u);", 'client.get', 'module:axios:get'],
    ["import axios from 'axios';\nconst api = axios.create({ timeout: 1 });\napi.get(u);", 'api.get', 'created(module:axios:create).get'],
    ["import axios from 'axios';\nconst api = axios.create();\nconst other = api;\nother.post(u);", 'other.post', 'created(module:axios:create).post'],
    ['fetch(u);', 'fetch', 'global:fetch'],
    ['AbortSignal.timeout(5);', 'AbortSignal.timeout', 'global:AbortSignal:timeout'],
    // Shadowing: a parameter or local named like the import or global is not it.
    ["import axios from 'axios';\nfunction f(axios: any) { axios.get(u); }", 'axios.get', 'unknown'],
    ['function f(fetch: typeof globalThis.fetch) { return fetch(u); }', 'fetch', 'unknown'],
    ["import axios from 'axios';\nfunction f() { const axios = make(); axios.get(u); }", 'axios.get', 'created(global:make).get'],
    ['function f({ fetch }: Deps) { fetch(u); }', 'fetch', 'unknown'],
    ['try { x(); } catch (fetch) { fetch(u); }', 'fetch', 'unknown'],
    ['for (const fetch of fetchers) fetch(u);', 'fetch', 'unknown'],
    // An import in another module is not visible, and this.x is not followed.
    ["import { api } from './http';\napi.get(u);", 'api.get', 'module:./http:api:get'],
    ['class A { run() { this.client.get(u); } }', 'this.client.get', 'unknown'],
    ["import axios from 'axios';\nasync function f() { await axios.get<Invoice>(u); }", 'axios.get', 'module:axios:get'],
    // The module-scope fast path must not be fooled by other occurrences of the name.
    ["import axios from 'axios';\nconst x = { axios: 1 };\nx.axios;\naxios.get(u);", 'axios.get', 'module:axios:get'],
    ["import axios from 'axios';\nfunction f() { function axios() {} axios.get(u); }", 'axios.get', 'unknown'],
    ["import axios from 'axios';\nconst f = (axios) => axios.get(u);", 'axios.get', 'unknown'],
    ["import axios from 'axios';\nconst f = axios => axios.get(u);", 'axios.get', 'unknown'],
    ["import axios from 'axios';\nfunction f({ axios = other }) { axios.get(u); }", 'axios.get', 'unknown'],
    ["import axios from 'axios';\nclass A { axios() { return axios.get(u); } }", 'axios.get', 'module:axios:get'],
    ["import axios from 'axios';\n(axios as any).get(u);", '(axios as any).get', 'module:axios:get'],
    ["import axios from 'axios';\naxios['get'](u);", "axios['get']", 'module:axios:get'],
    // Type arguments and comparisons are uses: they must not make a name look redeclared.
    ['async function f(): Promise<void> { await new Promise<void>((r) => setTimeout(r, 1)); }', 'setTimeout', 'global:setTimeout'],
    ["import axios from 'axios';\nfunction f(n: number): Map<axios, axios> { if (axios > n || axios < n) axios.get(u); }", 'axios.get', 'module:axios:get'],
    ["import axios from 'axios';\nfunction f<axios>(x: axios) { axios.get(u); }", 'axios.get', 'module:axios:get'],
    ["import axios from 'axios';\nfunction f() { function axios<T>(x: T) { return x; } axios.get(u); }", 'axios.get', 'unknown'],
    // Many possible declarations of one name (a parameter in every handler): only the top level counts.
    [`import axios from 'axios';\n${Array.from({ length: 8 }, (_, i) => `function h${i}(axios: unknown) { return axios; }`).join('\n')}\naxios.get(u);`, 'axios.get', 'module:axios:get'],
    [`${Array.from({ length: 8 }, (_, i) => `function h${i}(fetch: unknown) { return fetch; }`).join('\n')}\nexport function fetch(u: string) { return u; }\nfetch(u);`, 'fetch', 'unknown'],
    [`${Array.from({ length: 8 }, (_, i) => `function h${i}() { const fetch = make(); return fetch; }`).join('\n')}\nfetch(u);`, 'fetch', 'global:fetch'],
    // A declaration in a `case` belongs to the whole switch body.
    ['switch (mode) { case 1: const fetch = make(); fetch(u); }', 'fetch', 'created(global:make)'],
    ['switch (mode) { case 1: const fetch = make(); break; default: fetch(u); }', 'fetch', 'created(global:make)'],
    ['switch (mode) { case 1: { const fetch = make(); } break; default: fetch(u); }', 'fetch', 'global:fetch'],
    ["import axios from 'axios';\nclass A { static { const axios = make(); axios.get(u); } }", 'axios.get', 'created(global:make).get'],
  ];
  for (const [code, call, expected] of cases) {
    it(`${code.split('\n').pop()} → ${expected}`, () => assert.strictEqual(calleeValue(code, call), expected));
    it(`${code.split('\n').pop()} → ${expected} (through the node index)`, () => assert.strictEqual(calleeValue(code, call, 'typescript', true), expected));
  }

  it('follows require in JavaScript', () => {
    assert.strictEqual(calleeValue("const axios = require('axios');\nmodule.exports = () => axios.get(u);", 'axios.get', 'javascript'), 'module:axios:get');
  });

  it('does not loop on self-referential aliases', () => {
    assert.strictEqual(calleeValue('var a = b; var b = a;\na();', 'a', 'javascript'), 'unknown');
  });
});
