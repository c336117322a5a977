import type { SyntaxNode } from '../parse/parser';
import { argumentsOf, calleeOf, FUNCTION_TYPES, unwrap } from '../parse/syntax';
import type { SourceFile } from '../sourceFile';

/**
 * What JWT libraries look like in source: the calls that verify a token, where their key and options
 * go. `jsonwebtoken`: `jwt.verify(token, key, options?, callback?)`; `jose`:
 * `jwtVerify(token, key, options?)`. Reached through default, namespace and named imports,
 * `require`, destructuring and aliases.
 */

export type JwtLibrary = 'jsonwebtoken' | 'jose';

export interface JwtVerifyCall {
  library: JwtLibrary;
  call: SyntaxNode;
  callee: SyntaxNode;
  key?: SyntaxNode;
  /** The options argument when the call passes one (any expression). */
  options?: SyntaxNode;
  /** Where options go: before a callback when jsonwebtoken is called `verify(token, key, callback)`. */
  optionsIndex: number;
}

const ENTRY_POINTS: Readonly<Record<JwtLibrary, string>> = { jsonwebtoken: 'verify', jose: 'jwtVerify' };
const CALLEE_NAMES: ReadonlySet<string> = new Set(Object.values(ENTRY_POINTS));

/** `call` as a token verification, or undefined; a call with spread arguments is not one (its options cannot be told). */
export function recogniseJwtVerify(file: SourceFile, call: SyntaxNode): JwtVerifyCall | undefined {
  const callee = calleeOf(call);
  const name = callee?.type === 'identifier' ? callee.text : callee?.type === 'member_expression' ? callee.childForFieldName('property')?.text : undefined;
  if (!callee || !name || !CALLEE_NAMES.has(name)) return undefined;
  const value = file.resolver.valueOf(callee);
  if (value.kind !== 'module' || value.path.length !== 1) return undefined;
  const library = (Object.keys(ENTRY_POINTS) as JwtLibrary[]).find((l) => l === value.module && ENTRY_POINTS[l] === value.path[0]);
  if (!library) return undefined;
  const args = argumentsOf(call);
  if (args.some((a) => a.type === 'spread_element')) return undefined;
  const [, key, third] = args;
  const callbackThird = third !== undefined && FUNCTION_TYPES.has(unwrap(third).type);
  return { library, call, callee, key, options: callbackThird ? undefined : third, optionsIndex: 2 };
}
