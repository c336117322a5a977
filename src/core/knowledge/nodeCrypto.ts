import type { Value } from '../parse/bindings';
import type { SyntaxNode } from '../parse/parser';
import { argumentsOf, calleeOf, numberValue, stringValue } from '../parse/syntax';
import type { SourceFile } from '../sourceFile';

/**
 * What Node's `crypto` module looks like in source: which calls compute a fast digest
 * (`createHash`, `createHmac`, WebCrypto's `subtle.digest`) and which derive a key from a password
 * (`pbkdf2`, `pbkdf2Sync`), reached through `crypto.x`, `node:crypto`, destructuring and aliases.
 */

export type DigestFactory = 'createHash' | 'createHmac';

/** A call that starts a fast digest: `createHash('sha256')`, `crypto.createHmac('sha1', key)`. */
export interface DigestCall {
  factory: DigestFactory;
  call: SyntaxNode;
  callee: SyntaxNode;
  /** Lower-case algorithm when the code states it as a literal: `sha256`. */
  algorithm?: string;
}

const DIGEST_FACTORIES: ReadonlySet<string> = new Set(['createHash', 'createHmac']);
const PBKDF2_FUNCTIONS: ReadonlySet<string> = new Set(['pbkdf2', 'pbkdf2Sync']);

/** The last name of a callee (`createHash` for `crypto.createHash`), read before resolving anything. */
export function calleeName(call: SyntaxNode): string | undefined {
  const callee = calleeOf(call);
  if (callee?.type === 'identifier') return callee.text;
  return callee?.type === 'member_expression' ? callee.childForFieldName('property')?.text : undefined;
}

function isCryptoExport(value: Value, names: ReadonlySet<string>): boolean {
  return value.kind === 'module' && value.module === 'crypto' && value.path.length === 1 && names.has(value.path[0]);
}

/**
 * `call` as a `createHash`/`createHmac` call of Node's crypto module (also through an alias such as
 * `const sha = createHash`), or undefined. It resolves the callee: filter calls by name first where
 * many calls are seen.
 */
export function recogniseDigestCall(file: SourceFile, call: SyntaxNode): DigestCall | undefined {
  const callee = calleeOf(call);
  if (!callee || call.type !== 'call_expression') return undefined;
  const value = file.resolver.valueOf(callee);
  if (value.kind !== 'module' || !isCryptoExport(value, DIGEST_FACTORIES)) return undefined;
  const [algorithm] = argumentsOf(call);
  const literal = algorithm && stringValue(algorithm);
  return { factory: value.path[0] as DigestFactory, call, callee, algorithm: literal?.toLowerCase() };
}

/**
 * The digest a hash object comes from: `hash` in `hash.update(x)` when `const hash = createHash(...)`
 * (also after `.update()` calls: `const h = createHash('md5').update(salt)`), or the call at the root
 * of a chain `createHash('sha1').update(a).update(b)`.
 */
export function digestOf(file: SourceFile, hashObject: SyntaxNode): DigestCall | undefined {
  let node: SyntaxNode | null = hashObject;
  // Walk down `.update(...)` chains to the object they start from.
  while (node?.type === 'call_expression' && calleeName(node) === 'update') {
    const callee = calleeOf(node);
    node = callee?.type === 'member_expression' ? callee.childForFieldName('object') : null;
  }
  if (!node) return undefined;
  if (node.type === 'call_expression') return recogniseDigestCall(file, node);
  if (node.type !== 'identifier') return undefined;
  for (let value = file.resolver.valueOf(node); value.kind === 'created'; value = value.by) {
    if (isCryptoExport(value.by, DIGEST_FACTORIES)) return recogniseDigestCall(file, value.call);
  }
  return undefined;
}

/** A PBKDF2 call with its arguments: `pbkdf2Sync(password, salt, iterations, keylen, digest)`. */
export interface Pbkdf2Call {
  call: SyntaxNode;
  callee: SyntaxNode;
  password?: SyntaxNode;
  /** The iteration count when it is a numeric literal. */
  iterations?: number;
  /** Lower-case digest when it is a string literal. */
  digest?: string;
}

export function recognisePbkdf2Call(file: SourceFile, call: SyntaxNode): Pbkdf2Call | undefined {
  const name = calleeName(call);
  const callee = calleeOf(call);
  if (!name || !callee || !PBKDF2_FUNCTIONS.has(name)) return undefined;
  if (!isCryptoExport(file.resolver.valueOf(callee), PBKDF2_FUNCTIONS)) return undefined;
  const [password, , iterations, , digest] = argumentsOf(call);
  return {
    call,
    callee,
    password,
    iterations: iterations ? numberValue(iterations) : undefined,
    digest: digest ? stringValue(digest)?.toLowerCase() : undefined,
  };
}

/**
 * OWASP Password Storage Cheat Sheet minimum iterations for PBKDF2 by HMAC digest; digests it does
 * not list are left alone.
 */
export const PBKDF2_MINIMUM_ITERATIONS: Readonly<Record<string, number>> = {
  sha1: 1_300_000,
  sha256: 600_000,
  sha512: 210_000,
};

/** `SHA-256` for `sha256`, `MD5` for `md5`, `SHA3-256` for `sha3-256`: how people write the names. */
export function algorithmLabel(algorithm: string): string {
  const upper = algorithm.toUpperCase();
  return /^SHA\d{3}$|^SHA1$/.test(upper) ? `SHA-${upper.slice(3)}` : upper;
}
