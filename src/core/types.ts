/** Shared plain-data types of the engine. Offsets are UTF-16 code-unit offsets into the text. */

export type Severity = 'error' | 'warning' | 'info';
export type SeveritySetting = Severity | 'off';

/** Replace `text[start, end)` with `text`. */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

export interface Fix {
  title: string;
  edits: TextEdit[];
  /**
   * Safe fixes keep runtime behaviour apart from what the rule asks for and may be applied in bulk
   * (fix-all on save). Adding a retry, a breaker or a timeout changes behaviour: those are unsafe,
   * offered as quick fixes a person chooses.
   */
  safe: boolean;
  /** The fix the editor marks as preferred in the lightbulb. */
  preferred?: boolean;
}

/** Points at one `##` section of an instruction file, by file id and heading text. */
export interface SectionRef {
  /** Instruction file id: its file name without `.instructions.md`. */
  instruction: string;
  /** The section heading, as written after `## `. */
  heading: string;
}

export interface Finding {
  ruleId: string;
  /** Which of the rule's messages this is (its key in `meta.messages`). */
  messageId: string;
  message: string;
  severity: Severity;
  start: number;
  end: number;
  fixes: Fix[];
  section: SectionRef;
  /** The Apply Pattern pattern that resolves the finding (the rule's `meta.pattern`), if any. */
  pattern?: string;
}

/** Languages the engine can parse; ids follow VS Code's language identifiers. */
export type LanguageId = 'typescript' | 'typescriptreact' | 'javascript' | 'javascriptreact';

/** Sanitised user settings, as the core sees them (see `settings.ts`). */
export interface EngineSettings {
  enable: boolean;
  /** Per-rule severity overrides; rules not named keep their default. */
  rules: Record<string, SeveritySetting>;
}
