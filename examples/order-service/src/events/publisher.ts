const EVENT_BUS_URL = process.env.EVENT_BUS_URL ?? 'http://events.internal:8080';
const PUBLISH_ATTEMPTS = 5;

export interface OrderPlaced {
  type: 'OrderPlaced';
  orderId: string;
  totalCents: number;
  placedAt: string;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function publishOrderPlaced(event: OrderPlaced): Promise<void> {
  for (let attempt = 1; attempt <= PUBLISH_ATTEMPTS; attempt++) {
    try {
      const response = await fetch(`${EVENT_BUS_URL}/topics/orders/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': `${event.type}-${event.orderId}` },
        body: JSON.stringify(event),
        signal: AbortSignal.timeout(2_000),
      });
      if (response.ok) return;
      throw new Error(`event bus responded ${response.status}`);
    } catch (error) {
      if (attempt === PUBLISH_ATTEMPTS) throw error;
      console.warn(`publishing ${event.orderId} failed (attempt ${attempt}), retrying`, error);
      await sleep(500);
    }
  }
}
