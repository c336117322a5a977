import * as assert from 'node:assert';
import * as path from 'node:path';
import { instructionFolders } from './locations';

const WORKSPACE = path.resolve('/work/shop');
const HOME = path.resolve('/home/dev');

describe('instruction folders (chat.instructionsFilesLocations)', () => {
  it('always reads .github/instructions, even with no setting', () => {
    for (const setting of [undefined, null, 'docs', ['docs'], {}]) {
      assert.deepStrictEqual(instructionFolders(setting, WORKSPACE, HOME), [path.join(WORKSPACE, '.github/instructions')]);
    }
  });

  it('adds folders set to true: relative to the workspace folder, absolute, or under ~', () => {
    const setting = {
      'docs/instructions': true,
      [path.resolve('/shared/team-instructions')]: true,
      '~/.copilot/instructions': true,
      '.claude/rules': false,
      'not-a-boolean': 'yes',
    };
    assert.deepStrictEqual(instructionFolders(setting, WORKSPACE, HOME), [
      path.join(WORKSPACE, '.github/instructions'),
      path.join(WORKSPACE, 'docs/instructions'),
      path.resolve('/shared/team-instructions'),
      path.join(HOME, '.copilot/instructions'),
    ]);
  });

  it('skips globs and duplicates, and does not expand a ~ inside a name', () => {
    const setting = { '.github/instructions': true, './.github/instructions/': true, 'docs/**': true, '~team/x': true, '': true };
    assert.deepStrictEqual(instructionFolders(setting, WORKSPACE, HOME), [path.join(WORKSPACE, '.github/instructions'), path.join(WORKSPACE, '~team/x')]);
  });
});
