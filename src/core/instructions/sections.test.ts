import * as assert from 'assert';
import { splitSections } from './sections';

const FENCE = '```';

describe('splitSections: pattern blocks', () => {
  const body = [
    '## Circuit breakers',
    '',
    `${FENCE}ts pattern=circuit-breaker`,
    'class CircuitBreaker {}',
    FENCE,
    '',
    'With cockatiel:',
    '',
    `${FENCE}ts pattern=circuit-breaker lib=cockatiel`,
    "import { circuitBreaker } from 'cockatiel';",
    FENCE,
    '',
    `${FENCE}ts lib=p-limit pattern=bulkhead`,
    "import pLimit from 'p-limit';",
    FENCE,
    '',
    `${FENCE}ts lib=opossum`,
    'const notAPattern = 1;',
    FENCE,
    '',
  ].join('\n');

  it('reads `lib=<package>` beside `pattern=<id>`, in either order, and leaves it out for a dependency-free block', () => {
    const [section] = splitSections(body);
    assert.deepStrictEqual(section.patterns, [
      { id: 'circuit-breaker', language: 'ts', code: 'class CircuitBreaker {}\n' },
      { id: 'circuit-breaker', language: 'ts', library: 'cockatiel', code: "import { circuitBreaker } from 'cockatiel';\n" },
      { id: 'bulkhead', language: 'ts', library: 'p-limit', code: "import pLimit from 'p-limit';\n" },
    ]);
  });

  it('keeps scoped package names whole', () => {
    const [section] = splitSections(`## Retries\n\n${FENCE}ts pattern=retry-backoff-jitter lib=@acme/retry\nconst x = 1;\n${FENCE}\n`);
    assert.strictEqual(section.patterns[0].library, '@acme/retry');
  });
});
