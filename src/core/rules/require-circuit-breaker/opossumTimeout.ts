import type { SyntaxNode } from '../../parse/parser';
import { argumentsOf, calleeOf, findProperty, hasSpread, unwrap } from '../../parse/syntax';
import type { SourceFile } from '../../sourceFile';
import type { Fix } from '../../types';
import { appendItems, insertArgument } from '../require-timeout/insertions';

/**
 * opossum's `timeout` option defaults to 10 s: a breaker created without it rejects a call only after
 * 10 s, which is longer than most callers' deadlines. `timeout: false` switches it off on purpose.
 */

/** The timeout the fix proposes: short enough for a request path; the user tunes it to the caller's deadline. */
const PROPOSED_TIMEOUT = 'timeout: 3_000';

export interface DefaultTimeout {
  /** The constructor as written (`CircuitBreaker`): the place to underline. */
  callee: SyntaxNode;
  fix: Fix;
}

/**
 * `new CircuitBreaker(action)` or `new CircuitBreaker(action, { ... })` resolved to opossum, whose
 * options object literal sets no `timeout`. Silent when the options cannot be read (a variable, a
 * spread, any expression but an object literal) and when the action itself is missing.
 */
export function opossumDefaultTimeout(file: SourceFile, construction: SyntaxNode): DefaultTimeout | undefined {
  const callee = calleeOf(construction);
  if (!callee || (callee.type !== 'identifier' && callee.type !== 'member_expression')) return undefined;
  const value = file.resolver.valueOf(callee);
  if (value.kind !== 'module' || value.module !== 'opossum' || value.path.length !== 0) return undefined;
  const args = argumentsOf(construction);
  if (args.length === 0 || args.length > 2 || args.some((arg) => arg.type === 'spread_element')) return undefined;
  const title = 'Time out calls through this breaker after 3 s (timeout: 3_000)';
  if (args.length === 1) {
    const edits = insertArgument(file.text, construction, 1, `{ ${PROPOSED_TIMEOUT} }`);
    return { callee, fix: { title, edits, safe: false, preferred: true } };
  }
  const options = unwrap(args[1]);
  if (options.type !== 'object' || hasSpread(options) || findProperty(options, 'timeout')) return undefined;
  return { callee, fix: { title, edits: appendItems(file.text, options, [PROPOSED_TIMEOUT]), safe: false, preferred: true } };
}
