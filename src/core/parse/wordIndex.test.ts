import * as assert from 'assert';
import { WordIndex } from './wordIndex';

describe('WordIndex', () => {
  const text = "import axios from 'axios'; // importer, reimport\nconst $el = import_('x'); let Aa = BB + Aa; const n = 2_000; const café = 1; importé(café)\nimport";
  const index = new WordIndex(text);
  const at = (word: string) => index.occurrences(word).map((offset) => text.slice(offset, offset + word.length + 1));
  const cases: Array<[string, number]> = [
    ['import', 2], // not importer, reimport, import_ or importé; the one at the very end counts
    ['axios', 2],
    ['importer', 1],
    ['$el', 1],
    ['_000', 1], // `2_000`: a word cannot start with a digit, so the word begins at `_`
    ['café', 2],
    ['Aa', 2], // Aa and BB hash alike: the text decides
    ['BB', 1],
    ['const', 3],
    ['missing', 0],
    ['2_000', 0],
  ];
  for (const [word, count] of cases) {
    it(`${word}: ${count}`, () => {
      const found = index.occurrences(word);
      assert.strictEqual(found.length, count, at(word).join(' | '));
      for (const offset of found) assert.strictEqual(text.slice(offset, offset + word.length), word);
      assert.deepStrictEqual([...found], [...found].sort((a, b) => a - b));
    });
  }
});
