import * as assert from 'assert';
import { languageOfFile } from '../parse/languages';
import { SourceParser } from '../parse/parser';
import { SourceFile, type ProjectInfo } from '../sourceFile';
import { isServerSideFile, isTestSupportPath, looksLikeBrowserCode } from './serverSide';

const parser = new SourceParser();
const CLIENT = "import axios from 'axios';\nexport const order = (id: string) => axios.get(`/orders/${id}`);\n";

function judge(path: string, code: string, project: ProjectInfo): { server: boolean; browser: boolean; testSupport: boolean } {
  const language = languageOfFile(path)!;
  const file = new SourceFile(path, language, code, parser.parse(language, code), project);
  try {
    return { server: isServerSideFile(file), browser: looksLikeBrowserCode(file), testSupport: isTestSupportPath(file) };
  } finally {
    file.tree.delete();
  }
}

describe('serverSide', () => {
  before(async () => {
    for (const language of ['typescript', 'typescriptreact', 'javascript'] as const) await parser.load(language);
  });

  const backend: ProjectInfo = { root: '/repo/orders', dependencies: new Set(['axios', 'pg']) };
  const webApp: ProjectInfo = { root: '/repo/shop', dependencies: new Set(['react', 'next', 'axios']) };

  const cases: Array<[string, string, string, ProjectInfo, boolean]> = [
    ['a server folder below the project root', '/repo/orders/src/services/orders.ts', CLIENT, backend, true],
    ['routes/ and handlers/ count too', '/repo/orders/src/handlers/orders.ts', CLIENT, backend, true],
    ['a server-looking folder above the project root does not', '/srv/api/orders/src/lib/orders.ts', CLIENT, { ...backend, root: '/srv/api/orders' }, false],
    ['no project root: folders say nothing', '/repo/orders/src/services/orders.ts', CLIENT, { dependencies: new Set() }, false],
    ['services/ of a React app is client code', '/repo/shop/src/services/orders.ts', CLIENT, webApp, false],
    ['a Next.js API route is server code', '/repo/shop/pages/api/orders.ts', CLIENT, webApp, true],
    ['server/ is server code in any project', '/repo/shop/src/server/orders.ts', CLIENT, webApp, true],
    ['an express import makes any file server code', '/repo/orders/src/lib/app.ts', `import express from 'express';\n${CLIENT}`, backend, true],
    ['an exported serverless handler', '/repo/orders/src/lib/index.js', 'exports.handler = async (event) => fetch("https://x.internal/");\n', backend, true],
    ["'use client' wins over the folder", '/repo/orders/src/services/orders.ts', `'use client';\n${CLIENT}`, backend, false],
    ['a JSX file is not server code by folder', '/repo/orders/src/services/Orders.tsx', `${CLIENT}export const View = () => <div />;\n`, backend, false],
  ];
  for (const [name, path, code, project, expected] of cases) {
    it(name, () => assert.strictEqual(judge(path, code, project).server, expected));
  }

  it('browser code: JSX, or a frontend project, unless it is server code', () => {
    assert.strictEqual(judge('/repo/shop/src/View.tsx', CLIENT, webApp).browser, true);
    assert.strictEqual(judge('/repo/shop/src/services/orders.ts', CLIENT, webApp).browser, true);
    assert.strictEqual(judge('/repo/shop/pages/api/orders.ts', CLIENT, webApp).browser, false);
    assert.strictEqual(judge('/repo/orders/src/lib/orders.ts', CLIENT, backend).browser, false);
  });

  it('test support code: test suites in and around the project, fixtures and mocks inside it', () => {
    const support = (path: string, root = '/repo/orders') => judge(path, CLIENT, { root, dependencies: new Set() }).testSupport;
    assert.strictEqual(support('/repo/dev-packages/e2e-tests/test-applications/shop/src/app.ts', '/repo/dev-packages/e2e-tests/test-applications/shop'), true);
    assert.strictEqual(support('/repo/orders/integration-tests/server.ts'), true);
    assert.strictEqual(support('/repo/orders/src/__fixtures__/server.ts'), true);
    assert.strictEqual(support('/work/test/fixtures/workspace/src/orders.ts', '/work/test/fixtures/workspace'), false);
    assert.strictEqual(support('/repo/orders/src/services/latest-orders.ts'), false);
    // Folders above the project count only when named exactly like a test suite.
    assert.strictEqual(support('/tmp/instruction-lens-extension-tests-Ab12/workspace/src/orders.ts', '/tmp/instruction-lens-extension-tests-Ab12/workspace'), false);
    assert.strictEqual(support('/ci/payments-e2e-tests/src/orders.ts', '/ci/payments-e2e-tests'), true);
  });
});
