import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { EngineHost } from '../../src/extension/engineHost';

/** The hover's library line, as the extension host computes it from a file's nearest package.json. */
describe('library advice for the hover', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'instruction-lens-advice-'));
  const project = (name: string, dependencies: Record<string, string>) => {
    fs.mkdirSync(path.join(root, name, 'src'), { recursive: true });
    fs.writeFileSync(path.join(root, name, 'package.json'), JSON.stringify({ name, dependencies }));
    return path.join(root, name, 'src', 'service.ts');
  };
  const bare = project('bare', { axios: '^1.7.0' });
  const withCockatiel = project('resilient', { axios: '^1.7.0', cockatiel: '^3.2.0' });
  const breakers = { instruction: 'distributed-systems', heading: 'Circuit breakers' };
  const host = new EngineHost();

  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('names libraries worth adopting when the project uses none', () => {
    assert.strictEqual(host.libraryAdvice(breakers, bare), 'This project uses no resilience library; cockatiel or opossum give tested circuit breakers.');
    assert.match(host.libraryAdvice({ instruction: 'distributed-systems', heading: 'Retry policy for idempotent calls' }, bare) ?? '', /cockatiel or p-retry/);
  });

  it('says nothing when the project has one, or for sections no library takes over', () => {
    assert.strictEqual(host.libraryAdvice(breakers, withCockatiel), undefined);
    assert.strictEqual(host.libraryAdvice({ instruction: 'distributed-systems', heading: 'Timeouts and deadlines' }, bare), undefined);
    assert.strictEqual(host.libraryAdvice({ instruction: 'distributed-systems', heading: 'Event sourcing' }, bare), undefined);
  });
});
