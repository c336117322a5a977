import axios from 'axios';
import { ExponentialBackoff, handleWhen, retry } from 'cockatiel';
import type { OrderLine } from './inventory';

const catalogApi = axios.create({
  baseURL: process.env.CATALOG_URL ?? 'http://catalog.internal:8080',
  timeout: 1_500,
});

/** Retries only failures worth retrying: no response at all, or the catalog saying it is overloaded. */
const isTransient = (error: Error): boolean =>
  axios.isAxiosError(error) && (error.response === undefined || [429, 502, 503, 504].includes(error.response.status));

const retryReads = retry(handleWhen(isTransient), {
  maxAttempts: 4,
  backoff: new ExponentialBackoff({ initialDelay: 100, maxDelay: 2_000 }),
});

export interface Product {
  sku: string;
  name: string;
  priceCents: number;
}

export async function productsFor(lines: OrderLine[]): Promise<Map<string, Product>> {
  const skus = [...new Set(lines.map((line) => line.sku))];
  const products = await retryReads.execute(async ({ signal }) => {
    const response = await catalogApi.get<Product[]>('/products', { params: { sku: skus.join(',') }, signal });
    return response.data;
  });
  return new Map(products.map((product) => [product.sku, product]));
}

export function orderTotalCents(lines: OrderLine[], products: Map<string, Product>): number {
  let total = 0;
  for (const line of lines) {
    const product = products.get(line.sku);
    if (!product) throw new Error(`unknown product ${line.sku}`);
    total += product.priceCents * line.quantity;
  }
  return total;
}
