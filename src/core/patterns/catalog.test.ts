import * as assert from 'assert';
import { InstructionLibrary } from '../instructions/library';
import { concernOfSection, PATTERNS, patternById, patternCode, VARIANTS, type PatternCode } from './catalog';
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
    assert.strictEqual(patternById('idempotency-key'), undefined, 'the idempotency key is not offered');
  });

  it('has one variant per pattern and library, and a dependency-free one for each pattern that wraps a call with a helper', () => {
    const keys = VARIANTS.map((v) => `${v.pattern}/${v.library ?? '-'}`);
    assert.strictEqual(new Set(keys).size, keys.length);
    for (const id of ['retry-backoff-jitter', 'circuit-breaker', 'timeout', 'fallback']) assert.ok(keys.includes(`${id}/-`), id);
    assert.ok(!keys.includes('bulkhead/-'), 'mapWithConcurrency maps a list; it does not wrap one call');
    assert.deepStrictEqual(keys.filter((k) => k.startsWith('resilience-pipeline/')), ['resilience-pipeline/cockatiel']);
  });

  it('names the concern of the sections a library can take over', () => {
    const ref = (heading: string) => ({ instruction: 'distributed-systems', heading });
    assert.strictEqual(concernOfSection(ref('Retry policy for idempotent calls')), 'retry');
    assert.strictEqual(concernOfSection(ref('Circuit breakers')), 'circuit-breaker');
    assert.strictEqual(concernOfSection(ref('Composing resilience policies')), 'fallback');
    assert.strictEqual(concernOfSection(ref('Event sourcing')), undefined);
    assert.strictEqual(concernOfSection({ instruction: 'other', heading: 'Circuit breakers' }), undefined);
  });

  for (const variant of VARIANTS.filter((v) => v.library !== undefined)) {
    describe(`${variant.pattern} with ${variant.library}`, () => {
      const pattern = patternById(variant.pattern)!;
      const options = { library: variant.library };

      it('has its block in the section of its pattern, declaring exactly the names listed', () => {
        const found = bundledLibrary().section(pattern.section);
        assert.ok(found?.section.patterns.some((b) => b.id === pattern.id && b.library === variant.library), `no \`pattern=${pattern.id} lib=${variant.library}\` block in "${pattern.section.heading}"`);
        const block = code(patternCode(bundledLibrary(), pattern.id, 'typescript', parser, options));
        assert.deepStrictEqual([...block.declares].sort(), [...variant.names].sort());
        if (variant.entry) assert.ok(block.declares.includes(variant.entry));
        assert.strictEqual(block.template?.name, variant.instance ? `dependency${variant.instance.suffix}` : undefined);
      });

      it('imports from its own library only, and its JavaScript form parses', () => {
        const ts = code(patternCode(bundledLibrary(), pattern.id, 'typescript', parser, options));
        assert.deepStrictEqual(ts.imports.map((i) => i.module), [variant.library]);
        const js = code(patternCode(bundledLibrary(), pattern.id, 'javascript', parser, options));
        const tree = parser.parse('javascript', `${js.code}\n${js.template?.code ?? ''}`);
        assert.ok(!tree.rootNode.hasError, `the JavaScript form does not parse:\n${js.code}`);
        tree.delete();
      });
    });
  }

  for (const pattern of PATTERNS.filter((p) => p.names.length > 0)) {
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

    it('explains an unknown pattern id, and a library form the file does not have', () => {
      const result = patternCode(bundledLibrary(), 'idempotency-key', 'typescript', parser);
      assert.match('error' in result ? result.error : '', /no pattern "idempotency-key"/);
      const missing = patternCode(bundledLibrary(), 'timeout', 'typescript', parser, { library: 'opossum' });
      assert.match('error' in missing ? missing.error : '', /No `pattern=timeout lib=opossum` code block/);
    });

    it('reads a library block’s imports and template, and renames the names the file imports differently', () => {
      const breaker = (body: string) => libraryOf(`## Circuit breakers\n\n${FENCE}ts pattern=circuit-breaker lib=cockatiel\n${body}${FENCE}\n`);
      const block = breaker("import { circuitBreaker as cb, handleAll } from 'cockatiel';\n\nconst LIMIT = 5;\n\nconst dependencyBreaker = cb(handleAll, { limit: LIMIT });\n");
      const read = code(patternCode(block, 'circuit-breaker', 'typescript', parser, { library: 'cockatiel', rename: new Map([['handleAll', 'all']]) }));
      assert.deepStrictEqual(read.imports, [{ module: 'cockatiel', default: undefined, named: [{ imported: 'circuitBreaker', local: 'cb' }, { imported: 'handleAll', local: 'handleAll' }] }]);
      assert.strictEqual(read.code, 'const LIMIT = 5;\n');
      assert.deepStrictEqual(read.template, { name: 'dependencyBreaker', code: 'const dependencyBreaker = cb(all, { limit: LIMIT });' });
      assert.deepStrictEqual(read.statements.map((st) => st.names), [['LIMIT']]);
      const noTemplate = patternCode(breaker("import { circuitBreaker } from 'cockatiel';\n\nconst breaker = circuitBreaker();\n"), 'circuit-breaker', 'typescript', parser, { library: 'cockatiel' });
      assert.match('error' in noTemplate ? noTemplate.error : '', /does not declare `dependencyBreaker`, the model of one instance per dependency/);
    });
  });
});
