import type { SyntaxNode } from '../../parse/parser';
import { argumentsOf, descendantsOfTypes, FUNCTION_TYPES, unwrap } from '../../parse/syntax';
import { patternById } from '../../patterns/catalog';
import { helperEdits } from '../../patterns/helperInsertion';
import type { SourceFile } from '../../sourceFile';
import type { Fix } from '../../types';
import type { PatternHelper } from '../rule';
import { localFunction } from './fanOut';

const HELPER = 'mapWithConcurrency';
/** The helper's own parameter names: a module-level `mapWithConcurrency` declared with them is taken to be it. */
const HELPER_PARAMETERS = ['items', 'worker'];

/**
 * The dependency-free fix, for a project with no p-limit: `Promise.all(items.map(fn))` becomes
 * `mapWithConcurrency(items, fn)`, and the helper of the "Bulkheads and bounded concurrency"
 * section (`pattern=bulkhead`, with its `BULKHEAD_MAX_CONCURRENT` limit) is written once into the
 * file, after its imports.
 *
 * Offered only where the rewrite keeps the meaning:
 * - `Promise.all` only: the helper stops at the first failure as `Promise.all` does, where
 *   `Promise.allSettled` would have run every item;
 * - the list is mapped in place (`Promise.all(xs.map(fn))`), with no `thisArg`;
 * - `fn` takes one parameter (`map` also passes the index and the array, the helper does not);
 * - no comment sits in the text the rewrite replaces;
 * - the file declares no `mapWithConcurrency` of its own with other parameters.
 */
export function mapWithConcurrencyFix(file: SourceFile, combinator: SyntaxNode, map: SyntaxNode, collection: SyntaxNode, callback: SyntaxNode, helper: PatternHelper): Fix | undefined {
  const call = combinator.parent;
  if (call?.type !== 'call_expression' || combinator.text.replace(/\s+/g, '') !== 'Promise.all') return undefined;
  const args = argumentsOf(call);
  if (args.length !== 1 || unwrap(args[0]).id !== map.id || argumentsOf(map).length !== 1) return undefined;
  if (!takesOneItem(file, callback) || !declaresNoOtherHelper(file)) return undefined;
  const replaced = [
    { start: call.startIndex, end: collection.startIndex, text: `${HELPER}(` },
    { start: collection.endIndex, end: callback.startIndex, text: ', ' },
    { start: callback.endIndex, end: call.endIndex, text: ')' },
  ];
  const comments = descendantsOfTypes(call, ['comment']);
  if (comments.some((comment) => replaced.some((edit) => comment.startIndex < edit.end && comment.endIndex > edit.start))) return undefined;
  const insertion = helperEdits(file, patternById('bulkhead')!, helper);
  if ('error' in insertion) return undefined;
  return {
    title: `Bound the fan-out with ${HELPER} (BULKHEAD_MAX_CONCURRENT at a time; size it for the downstream)`,
    edits: [...insertion.edits, ...replaced],
    safe: false,
    preferred: true,
  };
}

/** The callback uses the item only: an inline function of at most one parameter, or a local one. */
function takesOneItem(file: SourceFile, callback: SyntaxNode): boolean {
  const fn = unwrap(callback);
  const declared = FUNCTION_TYPES.has(fn.type) ? fn : fn.type === 'identifier' ? localFunction(file, fn) : undefined;
  if (!declared) return false;
  // `x => ...` has a `parameter` field; the other forms a `parameters` list.
  if (declared.childForFieldName('parameter')) return true;
  const parameters = declared.childForFieldName('parameters')?.namedChildren.filter((p) => p !== null && p.type !== 'comment') ?? [];
  return parameters.length <= 1;
}

/** The file has no `mapWithConcurrency`, or has the instruction file's (its parameters say so), or imports one. */
function declaresNoOtherHelper(file: SourceFile): boolean {
  const binding = file.resolver.moduleDeclaration(HELPER, file.root);
  if (!binding || binding.kind === 'import') return true;
  const fn = binding.kind === 'function' ? binding.identifier.parent : binding.kind === 'variable' && binding.init ? unwrap(binding.init) : undefined;
  if (!fn || !FUNCTION_TYPES.has(fn.type)) return false;
  const names = (fn.childForFieldName('parameters')?.namedChildren ?? []).map((p) => (p?.childForFieldName('pattern') ?? p)?.text);
  return HELPER_PARAMETERS.every((name, i) => names[i] === name);
}
