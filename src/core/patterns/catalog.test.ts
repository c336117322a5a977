import * as assert from 'assert';
import { InstructionLibrary } from '../instructions/library';
import { PATTERNS, patternById, patternCode, type PatternCode } from './catalog';
import { bundledLibrary, libraryOf, loadGrammars, parser } from './testing';

function code(result: PatternCode | { error: string }): PatternCode {
  if ('error' in result) assert.fail(result.error);
  return result;
}

const FENCE = '```';

describe('pattern catalog', () => {
  before(loadGrammars);

  it('has unique ids and labels', () => {
    assert.strictEqual(new Set(PATTERNS.map((p) => p.id)).size, PATTERNS.length);
    assert.strictEqual(new Set(PATTERNS.map((p) => p.label)).size, PATTERNS.length);
    assert.strictEqual(patternById('timeout')?.entry, 'withTimeout');
    assert.strictEqual(patternById('bulkhead'), undefined, 'bulkhead is not offered yet');
  });

  for (const pattern of PATTERNS) {
    describe(pattern.id, () => {
      it('points at a bundled section that holds its code block', () => {
        const found = bundledLibrary().section(pattern.section);
        assert.ok(found, `no section "${pattern.section.heading}" in ${pattern.section.instruction}.instructions.md`);
        assert.ok(
          found.section.patterns.some((b) => b.id === pattern.id),
          `the "${pattern.section.heading}" section has no \`pattern=${pattern.id}\` block`,
        );
      });

      it('lists exactly the names its block declares', () => {
        const helper = code(patternCode(bundledLibrary(), pattern.id, 'typescript', parser));
        assert.deepStrictEqual([...helper.declares].sort(), [...pattern.names].sort());
        assert.ok(pattern.names.includes(pattern.entry));
      });

      it('gives the block as written for TypeScript and without types for JavaScript', () => {
        const library = bundledLibrary();
        const block = library.section(pattern.section)!.section.patterns.find((b) => b.id === pattern.id)!;
        assert.strictEqual(code(patternCode(library, pattern.id, 'typescript', parser)).code, block.code);
        const js = code(patternCode(library, pattern.id, 'javascript', parser));
        const tree = parser.parse('javascript', js.code);
        assert.ok(!tree.rootNode.hasError, `the JavaScript form does not parse:\n${js.code}`);
        tree.delete();
        assert.ok(js.code.includes(pattern.entry));
        assert.notStrictEqual(js.code, block.code, 'the TypeScript block should have had types to strip');
      });
    });
  }

  describe('patternCode', () => {
    const retryBlock = (body: string) => `## Retries with exponential backoff and jitter\n\n${FENCE}ts pattern=retry-backoff-jitter\n${body}${FENCE}\n`;

    it("uses a team's own block from a workspace file, made private to the file", () => {
      const workspace = libraryOf(retryBlock('export async function retryWithBackoff<T>(op: () => Promise<T>): Promise<T> {\n  return op();\n}\n'), 'workspace');
      const helper = code(patternCode(workspace, 'retry-backoff-jitter', 'typescript', parser));
      assert.strictEqual(helper.code, 'async function retryWithBackoff<T>(op: () => Promise<T>): Promise<T> {\n  return op();\n}\n');
      assert.strictEqual(helper.file.source, 'workspace');
    });

    it('falls back to the bundled block when an overriding file lacks it', () => {
      const bundled = bundledLibrary().bundledFiles;
      const team = libraryOf('## Timeouts and deadlines\n\nWe use our own client.\n', 'workspace');
      const library = new InstructionLibrary(bundled, team.files);
      const helper = code(patternCode(library, 'timeout', 'typescript', parser));
      assert.strictEqual(helper.file.source, 'bundled');
      assert.ok(helper.declares.includes('withTimeout'));
    });

    it('explains a missing block, a block without the entry point, and a block that does not parse', () => {
      const missing = patternCode(libraryOf('## Circuit breakers\n\nNo code here.\n'), 'circuit-breaker', 'typescript', parser);
      assert.match('error' in missing ? missing.error : '', /No `pattern=circuit-breaker` code block .*"Circuit breakers"/);
      const renamed = patternCode(libraryOf(retryBlock('async function retry() {}\n')), 'retry-backoff-jitter', 'typescript', parser);
      assert.match('error' in renamed ? renamed.error : '', /does not declare `retryWithBackoff`/);
      const broken = patternCode(libraryOf(retryBlock('async function retryWithBackoff( {\n')), 'retry-backoff-jitter', 'typescript', parser);
      assert.match('error' in broken ? broken.error : '', /does not parse/);
      assert.match(code(patternCode(libraryOf(retryBlock('function retryWithBackoff() {}\n')), 'retry-backoff-jitter', 'typescript', parser)).code, /^function/);
    });

    it('explains a block that has no JavaScript form', () => {
      const withEnum = patternCode(libraryOf(retryBlock('enum Mode { Fast }\nfunction retryWithBackoff() {}\n')), 'retry-backoff-jitter', 'javascript', parser);
      assert.match('error' in withEnum ? withEnum.error : '', /cannot be turned into JavaScript: an enum/);
    });

    it('counts type names as declared only for TypeScript', () => {
      const typed = libraryOf(retryBlock('type Attempt = number;\nfunction retryWithBackoff(attempt: Attempt) {}\n'));
      assert.deepStrictEqual(code(patternCode(typed, 'retry-backoff-jitter', 'typescript', parser)).declares.sort(), ['Attempt', 'retryWithBackoff']);
      assert.deepStrictEqual(code(patternCode(typed, 'retry-backoff-jitter', 'javascript', parser)).declares, ['retryWithBackoff']);
    });

    it('explains an unknown pattern id', () => {
      const result = patternCode(bundledLibrary(), 'bulkhead', 'typescript', parser);
      assert.match('error' in result ? result.error : '', /no pattern "bulkhead"/);
    });
  });
});
