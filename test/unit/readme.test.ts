import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { regenerate } from '../../scripts/readmeTables';

describe('README', () => {
  const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');

  it('has rule and coverage tables that match the rules and the instruction files (run `npm run docs`)', () => {
    assert.strictEqual(readme, regenerate(readme));
  });

  it('gives the two quick-start commands', () => {
    assert.match(readme, /npm install && npm run demo/);
    assert.match(readme, /^npm test$/m);
  });
});
