/** The engine's public surface: what the extension, the CLI and the benchmark use. */
export { Engine, MAX_FILE_CHARS, type AnalyzeInput, type Analysis } from './engine';
export { applyEdits, selectFixes } from './fixes';
export { fixAllOfRule, safeFixAll } from './fixAll';
export { loadBundledInstructions, bundledInstructionsDir } from './instructions/bundled';
export {
  parseInstructionFile,
  parseRepositoryInstructions,
  instructionIdOf,
  type InstructionFile,
  type InstructionProblem,
} from './instructions/instructionFile';
export { InstructionLibrary, SWITCHED_OFF_REASON, type InstructionMatch } from './instructions/library';
export { DEFAULT_INSTRUCTIONS_FOLDER, INSTRUCTIONS_LOCATIONS_SETTING, REPOSITORY_INSTRUCTION_FILES, instructionFolders } from './instructions/locations';
export { labelledParagraph, leadParagraph, type Section } from './instructions/sections';
export { languageOfFile, isSupportedLanguage } from './parse/languages';
export { SourceParser } from './parse/parser';
export { PATTERNS, concernOfSection, patternById, type PatternId, type PatternInfo } from './patterns/catalog';
export type { PatternLibraryChoice, PatternPlan, PatternSelection } from './patterns/applyPattern';
export { adoptionAdvice, isResilienceLibrary } from './knowledge/resilienceLibraries';
export { ProjectIndex } from './project';
export { ALL_RULES, RULE_IDS, ruleById } from './rules';
export { sanitiseSettings, sanitiseBundledInstructions, DEFAULT_SETTINGS } from './settings';
export { DISABLE_NEXT_LINE } from './suppressions';
export type { EngineSettings, Finding, Fix, SectionRef, Severity, SeveritySetting, TextEdit } from './types';
