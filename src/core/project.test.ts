import * as assert from 'assert';
import { ProjectIndex } from './project';

/** A project index over an in-memory file system: path → content. */
function indexOf(files: Record<string, string>): ProjectIndex {
  return new ProjectIndex((file) => files[file]);
}

describe('ProjectIndex', () => {
  it('reads the nearest package.json: its folder, dependencies and name', () => {
    const projects = indexOf({
      '/repo/package.json': JSON.stringify({ name: 'shop', dependencies: { express: '^4' } }),
      '/repo/libs/testing/package.json': JSON.stringify({ name: '@shop/testing', devDependencies: { jest: '^29' } }),
      '/repo/.git/HEAD': 'ref: refs/heads/main\n',
    });
    const lib = projects.forFile('/repo/libs/testing/src/constants.ts');
    assert.deepStrictEqual([lib.root, lib.name, [...lib.dependencies]], ['/repo/libs/testing', '@shop/testing', ['jest']]);
    const app = projects.forFile('/repo/src/app.ts');
    assert.deepStrictEqual([app.root, app.name, [...app.dependencies]], ['/repo', 'shop', ['express']]);
  });

  it('falls back to the root of the git repository when no package.json is above the file', () => {
    const clone = indexOf({ '/srv/forum/.git/HEAD': 'ref: refs/heads/main\n', '/srv/forum/install/package.json': '{}' });
    assert.deepStrictEqual(clone.forFile('/srv/forum/test/user.js'), { dependencies: new Set(), root: '/srv/forum' });
    const worktree = indexOf({ '/srv/forum-wt/.git': 'gitdir: /srv/forum/.git/worktrees/wt\n' });
    assert.strictEqual(worktree.forFile('/srv/forum-wt/public/src/app.js').root, '/srv/forum-wt');
  });

  it('has no root when neither a package.json nor a repository is above the file', () => {
    assert.strictEqual(indexOf({}).forFile('/tmp/scratch/a.ts').root, undefined);
  });
});
