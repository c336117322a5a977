import type { SyntaxNode } from '../parse/parser';
import type { SourceFile } from '../sourceFile';
import { importsHttpClient, recognizeHttpCall, type HttpCall } from './httpCalls';

/**
 * {@link recognizeHttpCall}, remembered per file: the resilience rules (retry, circuit breaker,
 * fallback, idempotency key) run in the same walk and each asks about every call; the answer is
 * worked out once.
 */

const memo = new WeakMap<SourceFile, Map<number, HttpCall | null>>();

export function httpCallOf(file: SourceFile, call: SyntaxNode): HttpCall | undefined {
  let calls = memo.get(file);
  if (!calls) memo.set(file, (calls = new Map()));
  let http = calls.get(call.id);
  if (http === undefined) {
    http = recognizeHttpCall(file, call) ?? null;
    calls.set(call.id, http);
  }
  return http ?? undefined;
}

/** False when the file can make no HTTP request: it imports no client and never mentions `fetch`. */
export function mayMakeHttpCalls(file: SourceFile): boolean {
  return importsHttpClient(file) || file.text.includes('fetch');
}
