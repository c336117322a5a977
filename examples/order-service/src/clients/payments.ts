import axios from 'axios';

const PAYMENTS_URL = process.env.PAYMENTS_URL ?? 'http://payments.internal:8080';

/** The payments API client: every call made through it has a 2 s timeout. */
const paymentsApi = axios.create({
  baseURL: PAYMENTS_URL,
  timeout: 2_000,
  headers: { 'content-type': 'application/json' },
});

export interface Charge {
  id: string;
  status: 'succeeded' | 'pending' | 'declined';
  amountCents: number;
}

export async function chargeCard(orderId: string, amountCents: number, cardToken: string): Promise<Charge> {
  const response = await paymentsApi.post<Charge>(
    '/charges',
    { orderId, amountCents, cardToken },
    { headers: { 'idempotency-key': `order-${orderId}` } },
  );
  return response.data;
}

export async function refundStatus(refundId: string): Promise<Charge['status']> {
  const response = await axios.get<{ status: Charge['status'] }>(`${PAYMENTS_URL}/refunds/${encodeURIComponent(refundId)}`);
  return response.data.status;
}
