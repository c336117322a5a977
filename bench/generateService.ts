/**
 * Generates a realistic TypeScript service of about `lines` lines for the benchmark: HTTP clients
 * with and without timeouts, retry loops, classes, types and plain business logic, so the rules
 * see the node mix of real backend code. Deterministic: the same size gives the same text.
 */
export function generateService(lines: number): string {
  const header = [
    "import axios from 'axios';",
    "import { retry, handleAll, ExponentialBackoff } from 'cockatiel';",
    "import type { Request, Response } from 'express';",
    '',
    "const billing = axios.create({ baseURL: 'https://billing.internal', timeout: 5_000 });",
    '',
  ];
  const out = [...header];
  for (let i = 0; out.length < lines; i++) out.push(...block(i));
  return out.slice(0, lines).join('\n') + '\n';
}

function block(i: number): string[] {
  switch (i % 4) {
    case 0:
      return [
        `export interface Order${i} {`,
        '  id: string;',
        '  customerId: string;',
        '  lines: Array<{ sku: string; quantity: number; priceCents: number }>;',
        "  status: 'new' | 'paid' | 'shipped';",
        '}',
        '',
        `export function totalOf${i}(order: Order${i}): number {`,
        '  let total = 0;',
        '  for (const line of order.lines) {',
        '    total += line.quantity * line.priceCents;',
        '  }',
        '  return total;',
        '}',
        '',
      ];
    case 1:
      return [
        `export async function fetchCustomer${i}(id: string) {`,
        `  const res = await axios.get<{ name: string }>(\`https://crm.internal/customers/\${id}\`);`,
        '  return res.data;',
        '}',
        '',
        `export async function chargeOrder${i}(order: Order${i - 1}) {`,
        "  const { data } = await billing.post('/charges', { orderId: order.id, amount: totalOf" + (i - 1) + '(order) });',
        '  return data as { chargeId: string };',
        '}',
        '',
      ];
    case 2:
      return [
        `export class InventoryClient${i} {`,
        '  constructor(private readonly baseUrl: string) {}',
        '',
        '  async reserve(sku: string, quantity: number): Promise<boolean> {',
        '    for (let attempt = 0; attempt < 3; attempt++) {',
        '      try {',
        '        const res = await fetch(`${this.baseUrl}/reserve`, {',
        "          method: 'POST',",
        '          body: JSON.stringify({ sku, quantity }),',
        '          signal: AbortSignal.timeout(2_000),',
        '        });',
        '        return res.ok;',
        '      } catch (error) {',
        '        await new Promise((resolve) => setTimeout(resolve, 250));',
        '      }',
        '    }',
        '    return false;',
        '  }',
        '}',
        '',
      ];
    default:
      return [
        `const policy${i} = retry(handleAll, { maxAttempts: 3, backoff: new ExponentialBackoff() });`,
        '',
        `export async function handler${i}(req: Request, res: Response): Promise<void> {`,
        '  const id = String(req.params.id ?? "");',
        '  if (!id) {',
        "    res.status(400).json({ error: 'missing id' });",
        '    return;',
        '  }',
        `  const customer = await policy${i}.execute(() => fetch(\`https://crm.internal/c/\${id}\`));`,
        '  res.json({ id, ok: customer.ok });',
        '}',
        '',
      ];
  }
}
