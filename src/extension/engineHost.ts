/**
 * Entry of the separate `dist/engine.js` bundle: everything that needs the core at run time
 * (tree-sitter, the rules, the instruction files) lives behind this module. The adapter loads it
 * on first use through `lazyEngine.ts`, so activation evaluates only the small adapter bundle.
 */
import {
  DISABLE_NEXT_LINE,
  Engine,
  adoptionAdvice,
  concernOfSection,
  isResilienceLibrary,
  InstructionLibrary,
  PATTERNS,
  ProjectIndex,
  RULE_IDS,
  SourceParser,
  fixAllOfRule,
  labelledParagraph,
  leadParagraph,
  loadBundledInstructions,
  parseInstructionFile,
  parseRepositoryInstructions,
  safeFixAll,
  sanitiseBundledInstructions,
  sanitiseSettings,
  type AnalyzeInput,
  type Analysis,
  type EngineSettings,
  type InstructionFile,
  type PatternLibraryChoice,
  type PatternPlan,
  type PatternSelection,
  type SectionRef,
} from '../core';

/** A workspace instruction file as read from disk. */
export interface InstructionText {
  path: string;
  text: string;
  /** `.github/copilot-instructions.md` or `AGENTS.md`: applies to every file, no front matter. */
  repositoryWide?: boolean;
}

/** A bundled instruction file, as "Add Instructions to Workspace" offers it. */
export interface BundledChoice {
  id: string;
  path: string;
  description?: string;
}

/** What a hover quotes from an instruction section. */
export interface SectionExplanation {
  heading: string;
  /** Absolute path of the instruction file the words come from. */
  path: string;
  /** Zero-based line of the `##` heading. */
  line: number;
  lead: string;
  why?: string;
  whatToDo?: string;
  /** The first fenced code block after the `**What to do:**` paragraph. */
  example?: { language: string; code: string };
}

/** One entry of the Apply Pattern pick. */
export interface PatternChoice {
  id: string;
  label: string;
  detail: string;
}

/** The engine and everything around it that the adapter needs, behind one object. */
export class EngineHost {
  /** The comment "Disable for this line" writes; the engine honours it. */
  readonly disableNextLine = DISABLE_NEXT_LINE;
  /** Edits of "Fix all <rule> problems in this file"; undefined unless two findings of the rule have a fix. */
  readonly fixAllOfRule = fixAllOfRule;
  /** Edits of fix-all on save: the findings' preferred fixes that are marked safe. */
  readonly safeFixAll = safeFixAll;
  private readonly parser = new SourceParser();
  private readonly bundled: InstructionFile[];
  private readonly projects = new ProjectIndex();
  /** Documents whose syntax tree the engine keeps, to hand them over when the engine is rebuilt. */
  private readonly documentKeys = new Set<string>();
  private workspaceFiles: InstructionFile[] = [];
  private disabledBundled: ReadonlySet<string> = new Set();
  private engine: Engine;

  constructor() {
    this.bundled = loadBundledInstructions(RULE_IDS);
    this.engine = new Engine(new InstructionLibrary(this.bundled), undefined, this.parser);
  }

  get library(): InstructionLibrary {
    return this.engine.library;
  }

  /** Bundled instruction files with problems: a packaging bug, worth a log line. */
  get bundledProblems(): InstructionFile[] {
    return this.bundled.filter((file) => file.problems.length > 0);
  }

  analyze(input: Omit<AnalyzeInput, 'project'>, settings: EngineSettings): Promise<Analysis> {
    if (input.documentKey) this.documentKeys.add(input.documentKey);
    return this.engine.analyze({ ...input, project: this.projects.forFile(input.path) }, settings);
  }

  forget(documentKey: string): void {
    this.documentKeys.delete(documentKey);
    this.engine.forget(documentKey);
  }

  /** A package.json changed: dependencies are read again on the next analysis. */
  invalidateProjects(): void {
    this.projects.invalidate();
  }

  /**
   * Replaces the workspace instruction files (a workspace file overrides the bundled one of the
   * same id) and returns them parsed, each with its problems.
   */
  setWorkspaceInstructions(texts: readonly InstructionText[]): InstructionFile[] {
    this.workspaceFiles = texts.map(({ path, text, repositoryWide }) =>
      repositoryWide ? parseRepositoryInstructions(path, text, RULE_IDS) : parseInstructionFile(path, text, 'workspace', RULE_IDS),
    );
    this.rebuild();
    return this.workspaceFiles;
  }

  /** Switches bundled instruction files off (`instructionLens.bundledInstructions`); false when nothing changed. */
  setDisabledBundled(ids: ReadonlySet<string>): boolean {
    if (ids.size === this.disabledBundled.size && [...ids].every((id) => this.disabledBundled.has(id))) return false;
    this.disabledBundled = new Set(ids);
    this.rebuild();
    return true;
  }

  /** The bundled instruction files, whether switched off or not. */
  get bundledFiles(): BundledChoice[] {
    return this.bundled.map(({ id, path, description }) => ({ id, path, description }));
  }

  sanitiseSettings(raw: { enable?: unknown; rules?: unknown }): { settings: EngineSettings; problems: string[] } {
    return sanitiseSettings(raw, RULE_IDS);
  }

  sanitiseBundledInstructions(raw: unknown): { disabled: Set<string>; problems: string[] } {
    return sanitiseBundledInstructions(raw, this.bundled.map((file) => file.id));
  }

  /** A new engine over the current instruction files; the old one's syntax trees are dropped. */
  private rebuild(): void {
    for (const key of this.documentKeys) this.engine.forget(key);
    this.documentKeys.clear();
    this.engine = new Engine(new InstructionLibrary(this.bundled, this.workspaceFiles, this.disabledBundled), undefined, this.parser);
  }

  /** The words of one instruction section, for a hover; undefined when the section does not exist. */
  explain(ref: SectionRef): SectionExplanation | undefined {
    const found = this.library.section(ref);
    if (!found) return undefined;
    const { file, section } = found;
    const lead = leadParagraph(section);
    return {
      heading: section.heading,
      path: file.path,
      line: section.line,
      // A section that opens with its **Why:** paragraph has no separate lead.
      lead: lead.startsWith('**') ? '' : lead,
      why: labelledParagraph(section, 'Why'),
      whatToDo: labelledParagraph(section, 'What to do'),
      example: firstCodeBlockAfter(section.body, '**What to do:**'),
    };
  }

  /** Zero-based line of a section heading in its file, for "Open instruction". */
  locate(ref: SectionRef): { path: string; line: number } | undefined {
    const file = this.library.get(ref.instruction) ?? this.library.bundledFiles.find((f) => f.id === ref.instruction);
    if (!file) return undefined;
    const section = ref.heading ? this.library.section(ref) : undefined;
    return section ? { path: section.file.path, line: section.section.line } : { path: file.path, line: 0 };
  }

  /** The patterns Apply Pattern offers. */
  patterns(): PatternChoice[] {
    return PATTERNS.map(({ id, label, detail }) => ({ id, label, detail }));
  }

  /**
   * Edits that apply a pattern around the selection, or why it cannot be applied there. `use`: a
   * library to write it with, or `'none'` for the dependency-free helper (anything else is ignored).
   */
  planPattern(input: Omit<AnalyzeInput, 'project'>, patternId: string, selection: PatternSelection, use?: string): Promise<PatternPlan> {
    if (input.documentKey) this.documentKeys.add(input.documentKey);
    const choice: PatternLibraryChoice | undefined = use === 'none' || (use !== undefined && isResilienceLibrary(use)) ? use : undefined;
    return this.engine.planPattern({ ...input, project: this.projects.forFile(input.path) }, patternId, selection, choice);
  }

  /** For a hover on a finding of `section`: one line naming libraries worth adopting, when the file's project uses none. */
  libraryAdvice(section: SectionRef, path: string): string | undefined {
    const concern = concernOfSection(section);
    return concern ? adoptionAdvice(concern, this.projects.forFile(path).dependencies) : undefined;
  }
}

/** Creates the host; the adapter calls this once, on the first document that needs the engine. */
export function createEngineHost(): EngineHost {
  return new EngineHost();
}

/** The first fenced code block that follows the paragraph starting with `label`, fence info trimmed to the language. */
function firstCodeBlockAfter(markdown: string, label: string): { language: string; code: string } | undefined {
  const lines = markdown.split(/\r?\n/);
  const from = lines.findIndex((line) => line.trimStart().startsWith(label));
  if (from < 0) return undefined;
  for (let i = from + 1; i < lines.length; i++) {
    const open = /^\s*(`{3,}|~{3,})\s*([\w+-]*)/.exec(lines[i]);
    if (!open) continue;
    const fence = open[1];
    const end = lines.findIndex((line, j) => j > i && line.trim().startsWith(fence) && line.trim().replace(/[`~]/g, '') === '');
    if (end < 0) return undefined;
    return { language: open[2], code: lines.slice(i + 1, end).join('\n') };
  }
  return undefined;
}
