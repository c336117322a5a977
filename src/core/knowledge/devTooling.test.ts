import * as assert from 'assert';
import { SourceParser } from '../parse/parser';
import { SourceFile, type ProjectInfo } from '../sourceFile';
import { isDevTooling } from './devTooling';

const parser = new SourceParser();

function judge(path: string, project: ProjectInfo): boolean {
  const tree = parser.parse('typescript', 'export {};');
  try {
    return isDevTooling(new SourceFile(path, 'typescript', 'export {};', tree, project));
  } finally {
    tree.delete();
  }
}

describe('knowledge/devTooling', () => {
  before(() => parser.load('typescript'));

  const service: ProjectInfo = { root: '/repo/shop', dependencies: new Set(['express', 'pg']) };
  const cli: ProjectInfo = { root: '/repo/cli', dependencies: new Set(['commander', 'inquirer', 'axios']) };
  const cases: Array<[string, ProjectInfo, boolean]> = [
    ['/repo/shop/scripts/release.js', service, true],
    ['/repo/shop/server/scripts/seed.ts', service, true],
    ['/repo/shop/build.js', service, true],
    ['/repo/shop/Gruntfile.js', service, true],
    ['/repo/shop/webpack.prod.js', service, true],
    ['/repo/shop/vite.config.ts', service, true],
    ['/repo/shop/src/build.js', service, false],
    ['/repo/shop/src/orders/service.ts', service, false],
    ['/home/scripts/shop/src/app.ts', { ...service, root: '/home/scripts/shop' }, false],
    ['/repo/shop/scripts/release.js', { dependencies: new Set() }, false],
    ['/repo/cli/src/commands/init.ts', cli, true],
    ['/repo/cli/src/commands/init.ts', { ...cli, dependencies: new Set([...cli.dependencies, 'fastify']) }, false],
    ['/repo/sdk/src/client.ts', { root: '/repo/sdk', dependencies: new Set(['ora', 'chalk']) }, false],
  ];
  for (const [path, project, expected] of cases) {
    it(`${path} (${[...project.dependencies].join(', ') || 'no dependencies'}${project.root ? '' : ', no root'}) ${expected ? 'is' : 'is not'} dev tooling`, () => {
      assert.strictEqual(judge(path, project), expected);
    });
  }
});
