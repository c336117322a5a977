import type { SectionRef } from '../types';
import { matchApplyTo } from './applyTo';
import { DOMAIN_LABELS, SERVER_DOMAINS, type Domain, type DomainEvidence } from './domains';
import type { InstructionFile } from './instructionFile';
import type { Section } from './sections';

/**
 * Which code each bundled instruction file is about. A bundled file applies to a file its
 * `applyTo` matches only when the code shows one of these domains; the engine's own binding,
 * kept out of the front matter so that VS Code's validator stays quiet.
 */
export const BUNDLED_DOMAINS: Record<string, readonly Domain[]> = {
  'distributed-systems': ['http-client', 'queue', 'database', 'resilience'],
  'backend-advanced': ['serverless', 'http-server', 'queue'],
  'ai-enhanced-backend': ['llm', 'database'],
  'api-design': ['http-server', 'http-client'],
  'observability': ['http-server', 'serverless', 'queue'],
  // secure-backend has no entry: a hard-coded secret or a shell call can sit in any file.
};

export interface InstructionMatch {
  file: InstructionFile;
  applies: boolean;
  /** Why it applies (or why not), in the user's words: "applyTo `**\/*.ts`", "imports `axios` (HTTP client)". */
  reasons: string[];
}

export interface FileFacts {
  /** Absolute path, POSIX separators. */
  path: string;
  languageLabel: string;
  domains: readonly DomainEvidence[];
}

/** Why a bundled file switched off in the settings does not apply; the CLI reads the same key. */
export const SWITCHED_OFF_REASON = 'switched off in the settings (`instructionLens.bundledInstructions`)';

/**
 * The bundled and workspace instruction files in effect: workspace files override bundled ones of
 * the same id, and bundled ids in `disabledBundled` are left out (unless a workspace file takes
 * their place).
 */
export class InstructionLibrary {
  private readonly byId = new Map<string, InstructionFile>();
  private readonly bundledById = new Map<string, InstructionFile>();
  private readonly switchedOff: InstructionFile[];

  constructor(
    bundled: readonly InstructionFile[],
    workspace: readonly InstructionFile[] = [],
    disabledBundled: ReadonlySet<string> = new Set(),
  ) {
    for (const file of bundled) {
      this.bundledById.set(file.id, file);
      if (!disabledBundled.has(file.id)) this.byId.set(file.id, file);
    }
    for (const file of workspace) this.byId.set(file.id, file);
    this.switchedOff = bundled.filter((file) => !this.byId.has(file.id));
  }

  get files(): InstructionFile[] {
    return [...this.byId.values()];
  }

  get bundledFiles(): InstructionFile[] {
    return [...this.bundledById.values()];
  }

  get(id: string): InstructionFile | undefined {
    return this.byId.get(id);
  }

  /**
   * The section a rule points at, from the file in effect; when a team's file overrides a bundled
   * one but has no such heading, the bundled words are used.
   */
  section(ref: SectionRef): { file: InstructionFile; section: Section } | undefined {
    for (const file of [this.byId.get(ref.instruction), this.bundledById.get(ref.instruction)]) {
      const section = file?.sections.find((s) => s.heading === ref.heading);
      if (file && section) return { file, section };
    }
    return undefined;
  }

  /**
   * Every instruction file with whether and why it applies to the given file; the bundled files
   * switched off in the settings come last, never applying, so that a list of them can say why.
   */
  match(facts: FileFacts): InstructionMatch[] {
    const matches = this.files.map((file) => matchOne(file, facts, this.bundledById.has(file.id)));
    return [...matches, ...this.switchedOff.map((file) => ({ file, applies: false, reasons: [SWITCHED_OFF_REASON] }))];
  }

  /** Ids of the instruction files that apply. */
  applyingIds(facts: FileFacts): Set<string> {
    return new Set(this.match(facts).filter((m) => m.applies).map((m) => m.file.id));
  }
}

function matchOne(file: InstructionFile, facts: FileFacts, hasBundledTwin: boolean): InstructionMatch {
  const replaces = file.source === 'workspace' && hasBundledTwin ? [`replaces the bundled ${file.id}.instructions.md`] : [];
  if (file.repositoryWide) return { file, applies: true, reasons: ['repository-wide instructions: apply to every file', ...replaces] };
  const glob = matchApplyTo(file.applyTo, facts.path);
  if (!glob) {
    const why = file.applyTo.length ? `applyTo \`${file.applyTo.join(',')}\` does not match this file` : 'no applyTo: attached only by hand';
    return { file, applies: false, reasons: [why, ...replaces] };
  }
  const reasons = [`applyTo \`${glob}\` matches this ${facts.languageLabel} file`, ...replaces];
  const wanted = file.source === 'bundled' ? BUNDLED_DOMAINS[file.id] : undefined;
  if (!wanted) return { file, applies: true, reasons };
  const frontEnd = facts.domains.find((d) => d.domain === 'ui');
  if (frontEnd && !facts.domains.some((d) => SERVER_DOMAINS.has(d.domain))) {
    return { file, applies: false, reasons: [...reasons, `but this is front-end code (${frontEnd.via.includes(' ') ? frontEnd.via : `uses \`${frontEnd.via}\``})`] };
  }
  const evidence = facts.domains.filter((d) => wanted.includes(d.domain));
  if (evidence.length === 0) {
    const names = wanted.map((d) => DOMAIN_LABELS[d]).join(', ');
    return { file, applies: false, reasons: [...reasons, `but the code uses no ${names}`] };
  }
  for (const e of evidence) reasons.push(`uses \`${e.via}\` (${DOMAIN_LABELS[e.domain]})`);
  return { file, applies: true, reasons };
}
