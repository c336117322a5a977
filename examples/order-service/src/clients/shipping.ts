import axios from 'axios';
import { handleAll, retry } from 'cockatiel';
import type { OrderLine } from './inventory';

const shippingApi = axios.create({
  baseURL: process.env.SHIPPING_URL ?? 'http://shipping.internal:8080',
  timeout: 3_000,
});

/** Quotes are read-only, so retrying them is safe. */
const retryQuotes = retry(handleAll, { maxAttempts: 3 });

export interface ShippingQuote {
  carrier: string;
  priceCents: number;
  days: number;
}

export async function cheapestQuote(postcode: string, lines: OrderLine[]): Promise<ShippingQuote> {
  const quotes = await retryQuotes.execute(async () => {
    const response = await shippingApi.post<ShippingQuote[]>('/quotes', { postcode, lines });
    return response.data;
  });
  if (quotes.length === 0) throw new Error(`no carrier delivers to ${postcode}`);
  return quotes.reduce((best, quote) => (quote.priceCents < best.priceCents ? quote : best));
}
