import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { bundledInstructionsDir, loadBundledInstructions } from '../../src/core/instructions/bundled';
import { KNOWN_FRONT_MATTER_KEYS } from '../../src/core/instructions/instructionFile';
import { PATTERNS } from '../../src/core/patterns/catalog';
import { ALL_RULES, RULE_IDS } from '../../src/core/rules';

/** Ties rules and instruction files together: every rule explained, every reference real. */
describe('rules and instruction sections', () => {
  const files = loadBundledInstructions(RULE_IDS);

  it('loads the bundled instruction files without problems', () => {
    assert.ok(files.length > 0, 'no bundled instruction files');
    for (const file of files) assert.deepStrictEqual(file.problems, [], `${file.id} has problems`);
  });

  it('keeps the front matter valid for VS Code (known keys, applyTo a string)', () => {
    for (const file of files) {
      const text = fs.readFileSync(file.path, 'utf8');
      const frontMatter = text.split(/^---$/m)[1] ?? '';
      const keys = [...frontMatter.matchAll(/^(\w+):/gm)].map((m) => m[1]);
      for (const key of keys) assert.ok((KNOWN_FRONT_MATTER_KEYS as readonly string[]).includes(key), `${file.id}: key ${key}`);
      assert.ok(file.applyTo.length > 0, `${file.id}: applyTo`);
      assert.ok(file.description, `${file.id}: description`);
    }
  });

  for (const rule of ALL_RULES) {
    it(`${rule.meta.id} points at a section that exists and names it`, () => {
      const file = files.find((f) => f.id === rule.meta.section.instruction);
      assert.ok(file, `no instruction file ${rule.meta.section.instruction}`);
      const section = file.sections.find((s) => s.heading === rule.meta.section.heading);
      assert.ok(section, `no section "${rule.meta.section.heading}" in ${file.id}`);
      assert.ok(section.checkedBy.includes(rule.meta.id), `section "${section.heading}" does not say it is checked by ${rule.meta.id}`);
    });

    it(`${rule.meta.id} has its own folder with table tests`, () => {
      const folder = path.join(__dirname, '..', '..', 'src', 'core', 'rules', rule.meta.id);
      assert.ok(fs.existsSync(path.join(folder, 'rule.ts')), 'rule.ts');
      assert.ok(fs.existsSync(path.join(folder, 'rule.test.ts')), 'rule.test.ts');
    });
  }

  it('a rule that names an Apply Pattern pattern names one that exists, in its own instruction file', () => {
    const withPattern = ALL_RULES.filter((rule) => rule.meta.pattern !== undefined);
    assert.ok(withPattern.length >= 2);
    for (const rule of withPattern) {
      const pattern = PATTERNS.find((p) => p.id === rule.meta.pattern);
      assert.ok(pattern, `${rule.meta.id}: no pattern ${rule.meta.pattern}`);
      assert.strictEqual(pattern.section.instruction, rule.meta.section.instruction, rule.meta.id);
    }
  });

  it('every section is either checked by a rule or marked guidance only', () => {
    for (const file of files) {
      for (const section of file.sections) {
        const marked = section.checkedBy.length > 0 || section.guidanceOnly !== undefined;
        assert.ok(marked, `${file.id} › ${section.heading}: add "Checked by: \`rule\`" or "Guidance only: reason"`);
      }
    }
  });

  it('finds the bundled folder from the source tree', () => {
    assert.ok(fs.existsSync(bundledInstructionsDir()));
  });
});
