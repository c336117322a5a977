import * as assert from 'assert';
import { SourceParser } from '../parse/parser';
import { SourceFile } from '../sourceFile';
import { chainedCalls, recognizeClientFactory, recognizeHttpCall } from './httpCalls';
import { isTestFile } from './testFiles';

const parser = new SourceParser();

/** Each recognised call of `code` as `client method @optionsIndex [options text] (instance)`; the last statement is enough context. */
function recognise(code: string): string[] {
  const tree = parser.parse('typescript', code);
  try {
    const file = new SourceFile('/project/src/service.ts', 'typescript', code, tree);
    const found: string[] = [];
    for (const call of file.root.descendantsOfType('call_expression')) {
      const http = call && recognizeHttpCall(file, call);
      if (!http) continue;
      const options = http.optionsNode ? ` [${http.optionsNode.text}]` : '';
      const instance = http.instance ? ` (instance of ${http.instance.binding?.name ?? 'inline'})` : '';
      found.push(`${http.client}/${http.source} ${http.method} @${http.optionsIndex ?? '?'}${options}${instance}`);
    }
    return found;
  } finally {
    tree.delete();
  }
}

describe('knowledge/httpCalls', () => {
  before(() => parser.load('typescript'));

  const cases: Array<[string, string[]]> = [
    [`fetch(url)`, ['fetch/global get @1']],
    [`fetch(url, { method: 'DELETE' })`, ["fetch/global delete @1 [{ method: 'DELETE' }]"]],
    [`fetch(url, { method })`, ['fetch/global request @1 [{ method }]']],
    [`window.fetch(url, { body })`, ['fetch/global get @1 [{ body }]']],
    [`import f from 'node-fetch'; f(url, init)`, ['fetch/node-fetch request @1 [init]']],
    [`fetch(new Request(url))`, ['fetch/global request @?']],
    [`import axios from 'axios'; axios.get<T>(u); axios.patch(u, b, c); axios.postForm(u, f)`, [
      'axios/axios get @1',
      'axios/axios patch @2 [c]',
      'axios/axios post @2',
    ]],
    [`import axios from 'axios'; axios({ url, method: 'PUT' }); axios('/x'); axios(x); axios.request(cfg)`, [
      "axios/axios put @0 [{ url, method: 'PUT' }]",
      'axios/axios get @1',
      'axios/axios request @?',
      'axios/axios request @0 [cfg]',
    ]],
    [`import axios from 'axios'; const api = axios.create({ baseURL }); api.delete('/x'); api?.head('/y')`, [
      'axios/axios delete @1 (instance of api)',
      'axios/axios head @1 (instance of api)',
    ]],
    [`import axios from 'axios'; axios.getUri(c); axios.create(c); axios.interceptors.request.use(f)`, []],
    [`import got from 'got'; got(u, { method: 'POST' }); got.get({ url }); const g = got.extend({}); g('x', {})`, [
      "got/got post @1 [{ method: 'POST' }]",
      'got/got get @0 [{ url }]',
      'got/got get @1 [{}] (instance of g)',
    ]],
    [`import { request } from 'undici'; request(u, { method: 'PATCH' })`, ["undici/undici patch @1 [{ method: 'PATCH' }]"]],
    [`import * as https from 'node:https'; https.get('https://x', cb); https.request(opts, cb); https.request(\`\${u}/x\`, (r) => r)`, [
      'node-http/https get @?', // cb may be a callback or options
      'node-http/https request @?',
      'node-http/https get @1',
    ]],
    [`import http from 'http'; http.request(url, { method: 'POST' }, cb); function f(u: string) { http.get(u, function (r) {}) }`, [
      "node-http/http post @1 [{ method: 'POST' }]",
      'node-http/http get @1',
    ]],
    [`import ky from 'ky'; ky.post(u, { json }); ky(u)`, ['ky/ky post @1 [{ json }]', 'ky/ky get @1']],
    [`import request from 'superagent'; request.del(u); request('PATCH', u)`, ['superagent/superagent delete @?', 'superagent/superagent patch @?']],
    [`function f(fetch: F) { fetch(u) } map.get(k); router.post('/x', handler)`, []],
  ];
  for (const [code, expected] of cases) {
    it(code, () => assert.deepStrictEqual(recognise(code), expected));
  }

  it('recognises client factories and chained calls', () => {
    const code = `import ky from 'ky'; import superagent from 'superagent'; ky.extend({ timeout: false }); superagent.get(u).set(h, v).timeout(5).then(f);`;
    const tree = parser.parse('typescript', code);
    try {
      const file = new SourceFile('/project/src/service.ts', 'typescript', code, tree);
      const calls = file.root.descendantsOfType('call_expression').filter((c) => c !== null);
      const factories = calls.map((c) => recognizeClientFactory(file, c)).filter((f) => f !== undefined);
      assert.deepStrictEqual(factories.map((f) => `${f.client} ${f.configNode?.text}`), ['ky { timeout: false }']);
      const get = calls.find((c) => c.text === 'superagent.get(u)');
      assert.ok(get);
      assert.deepStrictEqual(chainedCalls(get).map((link) => link.name), ['set', 'timeout', 'then']);
    } finally {
      tree.delete();
    }
  });
});

describe('knowledge/testFiles', () => {
  const cases: Array<[string, boolean, string?]> = [
    ['/repo/src/orders.test.ts', true],
    ['/repo/src/orders.spec.js', true],
    ['/repo/src/app.e2e-spec.ts', true],
    ['C:\\repo\\src\\__tests__\\orders.ts', true],
    ['/repo/test/helpers.js', true, '/repo'],
    ['/repo/test/helpers.js', false],
    ['/home/test/repo/src/orders.ts', false, '/home/test/repo'],
    ['/home/ci/tests/repo/tests/e2e/api.ts', true, '/home/ci/tests/repo'],
    ['/repo/src/__mocks__/axios.ts', true],
    ['/repo/src/orders.ts', false],
    ['/repo/src/latest.ts', false],
    ['/repo/src/testing/fixtures.ts', false],
    ['/repo/src/testing/fixtures.ts', true, '/repo'],
    ['/repo/src/test-utils.ts', false],
    ['/repo/src/test-setup.ts', true],
    ['/repo/jest.setup.js', true],
    ['/repo/src/setupTests.ts', true],
    ['/repo/e2e/global-teardown.ts', true],
    ['/repo/src/setup.ts', false],
    ['/repo/src/contest-setup.ts', false],
  ];
  for (const [filePath, expected, root] of cases) {
    it(`${filePath} ${expected ? 'is' : 'is not'} a test file (project ${root ?? 'unknown'})`, () => assert.strictEqual(isTestFile(filePath, root), expected));
  }
  const packages: Array<[string, boolean]> = [['@acme/testing', true], ['test-utils', true], ['orders-e2e', true], ['@acme/latest-prices', false], ['contest-api', false]];
  for (const [name, expected] of packages) {
    it(`a file of the package ${name} ${expected ? 'is' : 'is not'} test code`, () => assert.strictEqual(isTestFile('/repo/libs/x/src/constants.ts', '/repo/libs/x', name), expected));
  }
});
