import type { SyntaxNode } from '../parse/parser';
import type { PatternCode } from '../patterns/catalog';
import type { SourceFile } from '../sourceFile';
import type { Fix, LanguageId, SectionRef, Severity } from '../types';

/** Declarative description of a rule, in the manner of ESLint's `meta`. */
export interface RuleMeta {
  /** Kebab-case verb phrase: `require-timeout`. */
  id: string;
  /** One line, shown in the rules table and SARIF. */
  description: string;
  /** Message templates by id; `{{name}}` is replaced from the report's `data`. */
  messages: Record<string, string>;
  defaultSeverity: Severity;
  /** The instruction section that explains the rule: what, why, what to do. */
  section: SectionRef;
  /** Whether findings carry fixes. */
  fixable: boolean;
  languages: readonly LanguageId[];
  /**
   * Whether the rule also runs on test files (`*.test.ts`, `__tests__/`, `test/` in the project).
   * Off by default: tests talk to mocks, and a missing timeout or a fake secret there is not a risk.
   */
  appliesToTests?: boolean;
  /**
   * The Apply Pattern pattern that resolves a finding of this rule by writing code around the
   * flagged call (the project's resilience library, or the instruction file's helper). The editor
   * offers it on findings that have no fix of their own, such as a request with no retry in a file
   * without a retry helper yet.
   */
  pattern?: string;
}

export interface Problem {
  /** The node to underline; or give `start`/`end`. */
  node?: SyntaxNode;
  start?: number;
  end?: number;
  messageId: string;
  data?: Record<string, string>;
  fixes?: Fix[];
}

export interface RuleContext {
  readonly file: SourceFile;
  report(problem: Problem): void;
  /**
   * The dependency-free helper of an Apply Pattern pattern (`mapWithConcurrency` for `bulkhead`),
   * read from the instruction files in the file's language, for a fix that writes it into the file;
   * undefined when no instruction library is at hand or its block cannot be read. The words and
   * the code users get stay in the instruction files.
   */
  patternHelper(patternId: string): PatternHelper | undefined;
}

/** A pattern's helper code, and the top-level names it declares. */
export type PatternHelper = Pick<PatternCode, 'code' | 'declares'>;

/** Handlers keyed by tree-sitter node type; `program:exit` runs after the whole tree was seen. */
export type RuleVisitor = { [nodeType: string]: ((node: SyntaxNode) => void) | undefined } & {
  'program:exit'?: () => void;
};

export interface Rule {
  meta: RuleMeta;
  create(context: RuleContext): RuleVisitor;
}

export const JS_FAMILY: readonly LanguageId[] = ['typescript', 'typescriptreact', 'javascript', 'javascriptreact'];

/** Identity helper that gives rule modules a checked shape. */
export function defineRule(rule: Rule): Rule {
  for (const id of Object.keys(rule.meta.messages)) {
    if (!/^[a-zA-Z]+$/.test(id)) throw new Error(`${rule.meta.id}: message id "${id}" must be a plain word`);
  }
  return rule;
}

/** Fills `{{name}}` placeholders. */
export function formatMessage(template: string, data: Record<string, string> = {}): string {
  let parts = templateParts.get(template);
  if (!parts) templateParts.set(template, (parts = template.split(/\{\{\s*(\w+)\s*\}\}/)));
  // Even parts are text, odd parts are placeholder names (split keeps the captured names).
  let message = parts[0];
  for (let i = 1; i < parts.length; i += 2) {
    const value = Object.hasOwn(data, parts[i]) ? data[parts[i]] : undefined;
    message += (value ?? `{{${parts[i]}}}`) + parts[i + 1];
  }
  return message;
}

/** Message templates split once: a file can have hundreds of findings of a few messages. */
const templateParts = new Map<string, string[]>();
