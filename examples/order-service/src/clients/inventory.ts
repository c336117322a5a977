const INVENTORY_URL = process.env.INVENTORY_URL ?? 'http://inventory.internal:8080';

export interface OrderLine {
  sku: string;
  quantity: number;
}

export interface StockLevel {
  sku: string;
  available: number;
}

export async function stockLevel(sku: string): Promise<StockLevel> {
  const response = await fetch(`${INVENTORY_URL}/stock/${encodeURIComponent(sku)}`, {
    signal: AbortSignal.timeout(800),
  });
  if (!response.ok) throw new Error(`inventory responded ${response.status} for ${sku}`);
  return (await response.json()) as StockLevel;
}

export async function reserveStock(orderId: string, lines: OrderLine[]): Promise<void> {
  const response = await fetch(`${INVENTORY_URL}/reservations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ orderId, lines }),
  });
  if (response.status === 409) throw new Error(`not enough stock for order ${orderId}`);
  if (!response.ok) throw new Error(`inventory responded ${response.status}`);
}
