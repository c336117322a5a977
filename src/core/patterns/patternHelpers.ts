import type { InstructionLibrary } from '../instructions/library';
import type { SourceParser } from '../parse/parser';
import type { PatternHelpers } from '../ruleRunner';
import type { PatternHelper } from '../rules/rule';
import type { LanguageId } from '../types';
import { patternCode } from './catalog';

/**
 * Pattern helpers for the rules of one analysis, read from `library` in `language` when a rule
 * first asks, then remembered. The parser must have the TypeScript grammar loaded: pattern blocks
 * are TypeScript, stripped of their types for JavaScript files.
 */
export function patternHelpers(library: InstructionLibrary, language: LanguageId, parser: SourceParser): PatternHelpers {
  const read = new Map<string, PatternHelper | undefined>();
  return (patternId) => {
    if (!read.has(patternId)) {
      const code = patternCode(library, patternId, language, parser);
      read.set(patternId, 'error' in code ? undefined : { code: code.code, declares: code.declares });
    }
    return read.get(patternId);
  };
}
