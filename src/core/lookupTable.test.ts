import * as assert from 'assert';
import { lookupTable } from './lookupTable';

describe('lookupTable', () => {
  const table = lookupTable({ get: 1, post: 2 });
  for (const name of ['constructor', 'toString', 'hasOwnProperty', '__proto__', 'valueOf']) {
    it(`has no entry for ${name}`, () => assert.strictEqual(table[name], undefined));
  }
  it('has its own entries, and cannot be changed', () => {
    assert.deepStrictEqual([table.get, table.post], [1, 2]);
    assert.throws(() => {
      (table as Record<string, number>).put = 3;
    }, TypeError);
  });
});
