import * as fs from 'fs';
import { applyEdits } from '../fixes';
import { planPattern } from './applyPattern';
import { bundledLibrary, loadGrammars, parser, sourceFile } from './testing';
const SERVICE = `import axios from 'axios';
interface Invoice { id: string }
export async function getInvoice(id: string): Promise<Invoice> {
  const { data } = await axios.get<Invoice>(\`https://billing.internal/invoices/\${id}\`);
  return data;
}
export function pingLedger(): Promise<Response> {
  return fetch('https://ledger.internal/health');
}
`;
describe('real', () => { before(loadGrammars); it('writes', () => {
  for (const [id, deps] of [['retry-backoff-jitter', ['cockatiel']], ['circuit-breaker', ['cockatiel']], ['timeout', ['cockatiel']], ['bulkhead', ['cockatiel']], ['resilience-pipeline', ['cockatiel']], ['bulkhead', ['p-limit']]] as const) {
    let text = SERVICE;
    for (const call of ['axios.get', "fetch('https"]) {
      const at = text.indexOf(call);
      const file = sourceFile(text, '/x/service.ts', deps);
      const plan = planPattern({ file, library: bundledLibrary(), patternId: id, selection: { start: at, end: at }, parser });
      if ('error' in plan) throw new Error(plan.error);
      text = applyEdits(text, plan.edits);
    }
    fs.writeFileSync(`/tmp/realcheck/${id}-${deps[0]}.ts`, text);
  }
});});
