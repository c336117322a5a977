import { isTestFile } from './knowledge/testFiles';
import { INDEXED_TYPES, NodeIndex } from './parse/nodeIndex';
import type { SyntaxNode } from './parse/parser';
import { formatMessage, type PatternHelper, type Rule, type RuleContext } from './rules/rule';
import type { SourceFile } from './sourceFile';
import { DISABLE_NEXT_LINE, findSuppressions, isSuppressed } from './suppressions';
import type { EngineSettings, Finding } from './types';

type Handler = (node: SyntaxNode) => void;

/** Reads a pattern's helper for the file's language (see `RuleContext.patternHelper`). */
export type PatternHelpers = (patternId: string) => PatternHelper | undefined;

const NO_HELPERS: PatternHelpers = () => undefined;

/**
 * One run of a set of rules over one file. Rules register handlers by node type; the caller walks
 * the tree once (together with whatever else it needs from the walk) and hands the nodes to
 * `dispatch`. A rule that throws is recorded and dropped with its findings; the others go on.
 */
export class RuleRun {
  private readonly findings: Finding[] = [];
  private readonly errors: string[] = [];
  private readonly handlers = new Map<string, Array<{ rule: Rule; handle: Handler }>>();
  private readonly exits: Array<{ rule: Rule; exit: () => void }> = [];
  private readonly failed = new Set<string>();

  constructor(
    private readonly file: SourceFile,
    rules: readonly Rule[],
    settings: EngineSettings,
    patternHelper: PatternHelpers = NO_HELPERS,
  ) {
    // Test files talk to mocks: only rules that say so run on them (decided here, once, for every rule).
    const testFile = isTestFile(file.path, file.project.root, file.project.name);
    for (const rule of rules) {
      const severity = settings.rules[rule.meta.id] ?? rule.meta.defaultSeverity;
      if (severity === 'off' || (testFile && !rule.meta.appliesToTests)) continue;
      const findings = this.findings;
      const context: RuleContext = {
        file,
        patternHelper,
        report(problem) {
          const template = rule.meta.messages[problem.messageId];
          if (template === undefined) throw new Error(`unknown messageId "${problem.messageId}"`);
          const start = problem.node?.startIndex ?? problem.start ?? 0;
          findings.push({
            ruleId: rule.meta.id,
            messageId: problem.messageId,
            message: formatMessage(template, problem.data),
            severity,
            start,
            end: problem.node?.endIndex ?? problem.end ?? start,
            fixes: problem.fixes ?? [],
            section: rule.meta.section,
            ...(rule.meta.pattern ? { pattern: rule.meta.pattern } : {}),
          });
        },
      };
      this.guard(rule, () => {
        for (const [type, handle] of Object.entries(rule.create(context))) {
          if (!handle) continue;
          if (type === 'program:exit') this.exits.push({ rule, exit: handle as () => void });
          else {
            const list = this.handlers.get(type) ?? [];
            list.push({ rule, handle: handle as Handler });
            this.handlers.set(type, list);
          }
        }
      });
    }
  }

  /** The node types some rule wants to see. */
  get nodeTypes(): string[] {
    return [...this.handlers.keys()];
  }

  /**
   * Calls the handlers of the rules in `active` (all when omitted) for each node, in order, after
   * giving the file an index of those nodes (`walkedTypes` are the types the walk collected).
   */
  dispatch(nodes: readonly SyntaxNode[], walkedTypes: Iterable<string>, active?: ReadonlySet<string>): void {
    const types = nodes.map((n) => n.type);
    this.file.useIndex(new NodeIndex(nodes, types, walkedTypes));
    if (this.handlers.size === 0) return;
    // The handlers of the active rules, by type, decided once rather than for every node.
    const byType = new Map<string, Array<{ rule: Rule; handle: Handler }>>();
    for (const [type, list] of this.handlers) byType.set(type, active ? list.filter(({ rule }) => active.has(rule.meta.id)) : list);
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i];
      const list = byType.get(types[i]);
      if (!list) continue;
      for (const { rule, handle } of list) {
        if (this.failed.size > 0 && this.failed.has(rule.meta.id)) continue;
        // Not through guard(): a closure per node and handler is garbage the walk need not make.
        try {
          handle(node);
        } catch (error) {
          this.fail(rule, error);
        }
      }
    }
  }

  /** Runs `program:exit` handlers, drops suppressed findings, and returns them sorted. */
  finish(active?: ReadonlySet<string>): { findings: Finding[]; ruleErrors: string[] } {
    for (const { rule, exit } of this.exits) {
      if ((!active || active.has(rule.meta.id)) && !this.failed.has(rule.meta.id)) this.guard(rule, exit);
    }
    let kept = this.findings.filter((f) => !this.failed.has(f.ruleId) && (!active || active.has(f.ruleId)));
    // Comments are only read when a finding could be suppressed by one.
    if (kept.length > 0 && this.file.text.includes(DISABLE_NEXT_LINE)) {
      const suppressions = findSuppressions(this.file);
      kept = kept.filter((f) => !isSuppressed(suppressions, this.file.lineOf(f.start), f.ruleId));
    }
    kept.sort((a, b) => a.start - b.start || a.ruleId.localeCompare(b.ruleId));
    return { findings: kept, ruleErrors: this.errors };
  }

  private guard(rule: Rule, body: () => void): void {
    try {
      body();
    } catch (error) {
      this.fail(rule, error);
    }
  }

  private fail(rule: Rule, error: unknown): void {
    if (this.failed.has(rule.meta.id)) return;
    this.failed.add(rule.meta.id);
    this.errors.push(`${rule.meta.id}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  }
}

/** Runs rules over a file with their own walk of the tree (rule tests, tools). */
export function runRules(file: SourceFile, rules: readonly Rule[], settings: EngineSettings, patternHelper?: PatternHelpers): { findings: Finding[]; ruleErrors: string[] } {
  const run = new RuleRun(file, rules, settings, patternHelper);
  const types = [...new Set([...INDEXED_TYPES, ...run.nodeTypes])];
  run.dispatch(file.root.descendantsOfType(types).filter((n): n is SyntaxNode => n !== null), types);
  return run.finish();
}
