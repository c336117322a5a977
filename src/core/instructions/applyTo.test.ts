import * as assert from 'assert';
import { matchApplyTo, parseApplyTo } from './applyTo';

describe('applyTo (VS Code semantics)', () => {
  const cases: Array<{ applyTo: string; path: string; matches: string | undefined }> = [
    { applyTo: '**', path: '/w/src/a.ts', matches: '**' },
    { applyTo: '*', path: '/w/deep/er/a.go', matches: '*' },
    { applyTo: '**/*.ts', path: '/w/src/a.ts', matches: '**/*.ts' },
    { applyTo: '**/*.ts', path: '/w/src/a.js', matches: undefined },
    { applyTo: '**/*.ts,**/*.js', path: '/w/src/a.js', matches: '**/*.js' },
    { applyTo: ' **/*.ts , **/*.js ', path: '/w/a.js', matches: '**/*.js' },
    // A relative pattern gets `**/` in front, so it matches below any folder.
    { applyTo: 'src/**/*.ts', path: '/home/me/project/src/api/a.ts', matches: 'src/**/*.ts' },
    { applyTo: 'src/**/*.ts', path: '/home/me/project/lib/a.ts', matches: undefined },
    // Commas inside braces do not split the list.
    { applyTo: '**/*.{ts,tsx}', path: '/w/ui/App.tsx', matches: '**/*.{ts,tsx}' },
    // Case is ignored, as in VS Code.
    { applyTo: '**/*.TS', path: '/w/a.ts', matches: '**/*.TS' },
    { applyTo: '**/.github/**/*.ts', path: '/w/.github/x/a.ts', matches: '**/.github/**/*.ts' },
    { applyTo: '', path: '/w/a.ts', matches: undefined },
  ];
  for (const c of cases) {
    it(`${JSON.stringify(c.applyTo)} on ${c.path} → ${c.matches ?? 'no match'}`, () => {
      assert.strictEqual(matchApplyTo(parseApplyTo(c.applyTo).patterns, c.path), c.matches);
    });
  }

  it('matches Windows paths', () => {
    assert.strictEqual(matchApplyTo(['src/**/*.ts'], 'C:\\work\\src\\a.ts'), 'src/**/*.ts');
  });

  it('reports malformed globs and keeps the good ones', () => {
    const parsed = parseApplyTo('**/*.{ts,js,**/*.py,src/[a.ts');
    assert.deepStrictEqual(parsed.patterns, []);
    assert.strictEqual(parsed.errors.length, 1, JSON.stringify(parsed));
    const mixed = parseApplyTo('**/*.ts,src/[ab.ts,lib/}x.js');
    assert.deepStrictEqual(mixed.patterns, ['**/*.ts']);
    assert.strictEqual(mixed.errors.length, 2);
    assert.match(mixed.errors[0], /never closed/);
  });
});
