import type { InstructionLibrary } from '../instructions/library';
import type { SourceParser } from '../parse/parser';
import type { PatternHelpers } from '../ruleRunner';
import type { PatternHelper } from '../rules/rule';
import type { LanguageId } from '../types';
import { patternCode } from './catalog';

/** Helpers already read, by language and pattern: a library never changes (a new one is made instead). */
export type PatternHelperCache = Map<string, PatternHelper | undefined>;

/**
 * Pattern helpers for the rules of one analysis, read from `library` in `language` when a rule
 * first asks, then kept in `cache`: give the same cache for the same library, and a file analysed
 * on every pause in typing reads its helper once. The parser must have the TypeScript grammar
 * loaded: pattern blocks are TypeScript, stripped of their types for JavaScript files.
 */
export function patternHelpers(library: InstructionLibrary, language: LanguageId, parser: SourceParser, cache: PatternHelperCache = new Map()): PatternHelpers {
  return (patternId) => {
    const key = `${language}\u0000${patternId}`;
    if (!cache.has(key)) {
      const code = patternCode(library, patternId, language, parser);
      cache.set(key, 'error' in code ? undefined : { code: code.code, declares: code.declares });
    }
    return cache.get(key);
  };
}
