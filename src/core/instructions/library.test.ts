import * as assert from 'assert';
import { parseInstructionFile, parseRepositoryInstructions } from './instructionFile';
import { InstructionLibrary, SWITCHED_OFF_REASON, type FileFacts } from './library';

const bundled = (id: string) => parseInstructionFile(`/ext/instructions/${id}.instructions.md`, "---\napplyTo: '**/*.ts'\ndescription: d\n---\n## S\n\nGuidance only: x\n", 'bundled');
const SECURE = bundled('secure-backend');
const DISTRIBUTED = bundled('distributed-systems');
const FACTS: FileFacts = { path: '/w/src/orders.ts', languageLabel: 'TypeScript', domains: [{ domain: 'http-client', via: 'axios' }] };

function summary(library: InstructionLibrary): string[] {
  return library.match(FACTS).map((m) => `${m.file.id} ${m.file.source} ${m.applies ? 'applies' : 'no'}: ${m.reasons.join('; ')}`);
}

describe('InstructionLibrary', () => {
  it('leaves the bundled files switched off out of `files` and of what applies, and says why', () => {
    const library = new InstructionLibrary([SECURE, DISTRIBUTED], [], new Set(['distributed-systems']));
    assert.deepStrictEqual(library.files.map((f) => f.id), ['secure-backend']);
    assert.strictEqual(library.get('distributed-systems'), undefined);
    assert.deepStrictEqual([...library.applyingIds(FACTS)], ['secure-backend']);
    assert.deepStrictEqual(summary(library), [
      'secure-backend bundled applies: applyTo `**/*.ts` matches this TypeScript file',
      `distributed-systems bundled no: ${SWITCHED_OFF_REASON}`,
    ]);
    // Still listed as shipped, so the settings and "Add Instructions to Workspace" can name it.
    assert.deepStrictEqual(library.bundledFiles.map((f) => f.id), ['secure-backend', 'distributed-systems']);
  });

  it('keeps every bundled file when nothing is switched off', () => {
    const library = new InstructionLibrary([SECURE, DISTRIBUTED]);
    assert.deepStrictEqual(library.files.map((f) => f.id), ['secure-backend', 'distributed-systems']);
    assert.deepStrictEqual([...library.applyingIds(FACTS)].sort(), ['distributed-systems', 'secure-backend']);
  });

  it('lets a workspace file take the place of a bundled one, even one switched off, and says so', () => {
    const team = parseInstructionFile('/w/.github/instructions/distributed-systems.instructions.md', "---\napplyTo: 'src/**'\ndescription: d\n---\n", 'workspace');
    const library = new InstructionLibrary([SECURE, DISTRIBUTED], [team], new Set(['distributed-systems']));
    assert.strictEqual(library.get('distributed-systems'), team);
    assert.deepStrictEqual(summary(library), [
      'secure-backend bundled applies: applyTo `**/*.ts` matches this TypeScript file',
      'distributed-systems workspace applies: applyTo `src/**` matches this TypeScript file; replaces the bundled distributed-systems.instructions.md',
    ]);
  });

  it('applies repository-wide instructions to every file, whatever the path', () => {
    const agents = parseRepositoryInstructions('/w/AGENTS.md', '# Agents\n\nUse pnpm.\n');
    const copilot = parseRepositoryInstructions('/w/.github/copilot-instructions.md', 'Prefer small functions.\n');
    const library = new InstructionLibrary([], [agents, copilot]);
    for (const path of ['/w/src/orders.ts', '/elsewhere/deep/x.js']) {
      const matches = library.match({ ...FACTS, path });
      assert.deepStrictEqual(matches.map((m) => [m.file.id, m.applies, m.reasons]), [
        ['AGENTS', true, ['repository-wide instructions: apply to every file']],
        ['copilot-instructions', true, ['repository-wide instructions: apply to every file']],
      ]);
    }
  });
});
