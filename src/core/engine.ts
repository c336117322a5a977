import { detectDomains, DOMAIN_NODE_TYPES, type DomainEvidence } from './instructions/domains';
import type { InstructionLibrary, InstructionMatch } from './instructions/library';
import { isSupportedLanguage, isTypeScriptFamily, languageOfFile } from './parse/languages';
import { SourceParser, type Tree } from './parse/parser';
import { planPattern, type PatternLibraryChoice, type PatternPlan, type PatternSelection } from './patterns/applyPattern';
import { patternHelpers, type PatternHelperCache } from './patterns/patternHelpers';
import type { Rule } from './rules/rule';
import { ALL_RULES } from './rules';
import { SourceFile, EMPTY_PROJECT, type ProjectInfo } from './sourceFile';
import { INDEXED_TYPES } from './parse/nodeIndex';
import { RuleRun } from './ruleRunner';
import type { EngineSettings, Finding, LanguageId } from './types';

export { runRules } from './ruleRunner';

export interface AnalyzeInput {
  /** Absolute path of the file (POSIX or Windows separators). */
  path: string;
  text: string;
  /** VS Code language id; derived from the file name when absent. */
  languageId?: string;
  project?: ProjectInfo;
  /** A stable key (a document URI) to reuse the previous tree for incremental parsing. */
  documentKey?: string;
}

export interface Analysis {
  findings: Finding[];
  language?: LanguageId;
  /** Every instruction file with whether and why it applies. */
  matches: InstructionMatch[];
  domains: DomainEvidence[];
  /** Why the file was not analysed (unsupported language, too large, minified), if it was not. */
  skipped?: string;
  /** Rules that threw; the others still ran. */
  ruleErrors: string[];
  timings: { parseMs: number; rulesMs: number };
}

/** Files above this size are not analysed: a generated bundle is not hand-written service code. */
export const MAX_FILE_CHARS = 2_000_000;
/** A file whose average line is longer than this is minified. */
const MINIFIED_AVERAGE_LINE = 500;

const LANGUAGE_LABELS: Record<LanguageId, string> = {
  typescript: 'TypeScript',
  typescriptreact: 'TypeScript React',
  javascript: 'JavaScript',
  javascriptreact: 'JavaScript React',
};

/** The analysis engine: `analyze(text, file, settings) → findings`, with no editor in sight. */
export class Engine {
  private readonly previous = new Map<string, { tree: Tree; text: string; language: LanguageId }>();
  /** Pattern helpers fixes have read from `library`, kept for the engine's life (see patternHelpers). */
  private readonly helpers: PatternHelperCache = new Map();

  constructor(
    readonly library: InstructionLibrary,
    readonly rules: readonly Rule[] = ALL_RULES,
    private readonly parser = new SourceParser(),
  ) {}

  async analyze(input: AnalyzeInput, settings: EngineSettings): Promise<Analysis> {
    const language = input.languageId && isSupportedLanguage(input.languageId) ? input.languageId : languageOfFile(input.path);
    const empty: Analysis = { findings: [], matches: [], domains: [], ruleErrors: [], timings: { parseMs: 0, rulesMs: 0 }, language };
    if (!language) return { ...empty, skipped: 'language not supported' };
    if (!settings.enable) return { ...empty, skipped: 'disabled by instructionLens.enable' };
    const tooBig = whyTooBig(input.text);
    if (tooBig) {
      this.forget(input.documentKey);
      return { ...empty, skipped: tooBig };
    }
    await this.parser.load(language);
    // Fixes that write a pattern's helper read it from a TypeScript block (see patternHelpers).
    if (!isTypeScriptFamily(language)) await this.parser.load('typescript');
    const parseStart = performance.now();
    const tree = this.parseWithCache(input, language);
    const parseMs = performance.now() - parseStart;

    const rulesStart = performance.now();
    const file = new SourceFile(input.path, language, input.text, tree, input.project ?? EMPTY_PROJECT);
    const candidates = this.rules.filter((rule) => rule.meta.languages.includes(language));
    const run = new RuleRun(file, candidates, settings, patternHelpers(this.library, language, this.parser, this.helpers));
    // One walk of the tree serves domain detection and every rule's visitor.
    const types = new Set([...DOMAIN_NODE_TYPES, ...INDEXED_TYPES, ...run.nodeTypes]);
    const nodes = file.root.descendantsOfType([...types]);
    const domains = detectDomains(file, nodes);
    const matches = this.library.match({ path: input.path.replace(/\\/g, '/'), languageLabel: LANGUAGE_LABELS[language], domains });
    const applying = new Set(matches.filter((m) => m.applies).map((m) => m.file.id));
    const active = new Set(candidates.filter((rule) => applying.has(rule.meta.section.instruction)).map((rule) => rule.meta.id));
    run.dispatch(nodes, types, active);
    const { findings, ruleErrors } = run.finish(active);
    file.dispose();
    // A document's tree is kept for its next, incremental parse; the nodes the rules used are not.
    if (input.documentKey) tree.releaseNodes();
    else tree.delete();
    return { findings, language, matches, domains, ruleErrors, timings: { parseMs, rulesMs: performance.now() - rulesStart } };
  }

  /** `use`: write the pattern with this library, or `'none'` for the dependency-free helper, instead of the project's choice. */
  async planPattern(input: AnalyzeInput, patternId: string, selection: PatternSelection, use?: PatternLibraryChoice): Promise<PatternPlan> {
    const language = input.languageId && isSupportedLanguage(input.languageId) ? input.languageId : languageOfFile(input.path);
    if (!language) return { error: 'Apply Pattern works in TypeScript and JavaScript files.' };
    await this.parser.load(language);
    await this.parser.load('typescript'); // pattern blocks are TypeScript
    const cached = input.documentKey ? this.previous.get(input.documentKey) : undefined;
    const tree = cached && cached.text === input.text && cached.language === language ? cached.tree : this.parseWithCache(input, language);
    try {
      const file = new SourceFile(input.path, language, input.text, tree, input.project ?? EMPTY_PROJECT);
      return planPattern({ file, library: this.library, patternId, selection, parser: this.parser, use });
    } finally {
      if (input.documentKey) tree.releaseNodes();
      else tree.delete();
    }
  }

  /** Drops the cached tree of a closed document. */
  forget(documentKey: string | undefined): void {
    if (!documentKey) return;
    this.previous.get(documentKey)?.tree.delete();
    this.previous.delete(documentKey);
  }

  private parseWithCache(input: AnalyzeInput, language: LanguageId): Tree {
    const key = input.documentKey;
    const before = key ? this.previous.get(key) : undefined;
    const tree = this.parser.parse(language, input.text, before?.language === language ? before : undefined);
    if (key) {
      before?.tree.delete();
      this.previous.set(key, { tree, text: input.text, language });
    }
    return tree;
  }
}

function whyTooBig(text: string): string | undefined {
  if (text.length > MAX_FILE_CHARS) return `file is larger than ${MAX_FILE_CHARS.toLocaleString('en-US')} characters`;
  if (text.length > 20_000) {
    let lines = 1;
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lines++;
    if (text.length / lines > MINIFIED_AVERAGE_LINE) return 'file looks minified (very long lines)';
  }
  return undefined;
}
