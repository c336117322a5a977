/**
 * Where each word of a text stands (`[A-Za-z_$][\w$]*`, non-ASCII letters included; strings and
 * comments included). Name lookups ask it which places could declare a name; the module scan asks
 * it where `import` and `require` are.
 *
 * The text is scanned once, by character code, and each word is filed under a number hashed from
 * its characters rather than under the word itself: a long file has tens of thousands of words,
 * few of which are ever asked for, and a string for each would be most of the index's cost. A
 * lookup checks the text at each filed place, which also sorts out two words with the same hash.
 */
export class WordIndex {
  private readonly places = new Map<number, number[]>();
  private readonly answers = new Map<string, readonly number[]>();

  constructor(private readonly text: string) {
    const length = text.length;
    let i = 0;
    while (i < length) {
      let code = text.charCodeAt(i);
      if (!isWordStart(code)) {
        i++;
        continue;
      }
      const start = i;
      let hash = 0;
      do {
        hash = (Math.imul(hash, 31) + code) | 0;
        code = ++i < length ? text.charCodeAt(i) : 0;
      } while (i < length && isWordPart(code));
      const list = this.places.get(hash);
      if (list) list.push(start);
      else this.places.set(hash, [start]);
    }
  }

  /** The offsets where `word` stands as a whole word, in order. */
  occurrences(word: string): readonly number[] {
    let found = this.answers.get(word);
    if (!found) {
      const candidates = this.places.get(hashOf(word)) ?? [];
      const end = word.length;
      found = candidates.filter((at) => this.text.startsWith(word, at) && !isWordPart(this.text.charCodeAt(at + end)));
      this.answers.set(word, found);
    }
    return found;
  }
}

function hashOf(word: string): number {
  let hash = 0;
  for (let i = 0; i < word.length; i++) hash = (Math.imul(hash, 31) + word.charCodeAt(i)) | 0;
  return hash;
}

export function isWordStart(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || code === 95 || code === 36 || code >= 0x80;
}

/** A letter, digit, `_` or `$`; false past the end of the text (`charCodeAt` gives NaN). */
export function isWordPart(code: number): boolean {
  return isWordStart(code) || (code >= 48 && code <= 57);
}
