import { isTypeScriptFamily } from '../../parse/languages';
import type { SyntaxNode } from '../../parse/parser';
import { indentationAt, unwrap } from '../../parse/syntax';
import { insertTopLevel } from '../../patterns/helperInsertion';
import { FileCache, type SourceFile } from '../../sourceFile';
import type { Fix, TextEdit } from '../../types';
import { localFunction } from './fanOut';

const LIMIT = 10;
const STATEMENT_PARENTS: ReadonlySet<string> = new Set(['statement_block', 'program', 'switch_case', 'switch_default']);

/**
 * The p-limit fix: `items.map((i) => call(i))` becomes `items.map((i) => limit(() => call(i)))` with
 * `const limit = pLimit(10);` declared before the statement, and p-limit imported once. Offered
 * only when the project depends on p-limit. p-limit 4+ is ESM-only, so a CommonJS file gets the fix
 * only when it already requires p-limit (its authors know which version works there).
 */
export class PLimitFixes {
  /** Limiter names handed out per block, so two fixes in one block do not declare the same name. */
  private readonly taken = new Set<string>();

  constructor(private readonly file: SourceFile) {}

  fixFor(map: SyntaxNode, callback: SyntaxNode): Fix | undefined {
    const { file } = this;
    if (!file.project.dependencies.has('p-limit')) return undefined;
    const factory = this.pLimitImport();
    if (!factory) return undefined;
    const statement = enclosingStatement(map);
    if (!statement?.parent) return undefined;
    const limiter = this.limiterName(statement);
    const wrap = limiter && wrapCallback(file, callback, limiter);
    if (!limiter || !wrap) return undefined;
    const semicolon = usesSemicolons(file) ? ';' : '';
    const declaration = `const ${limiter} = ${factory.name}(${LIMIT})${semicolon}`;
    const at = startWithComments(file.text, statement);
    const ownLine = /^[ \t]*$/.test(file.text.slice(file.text.lastIndexOf('\n', at - 1) + 1, at));
    const text = ownLine ? `${declaration}\n${indentationAt(file.text, at)}` : `${declaration} `;
    this.taken.add(`${statement.parent.id}:${limiter}`);
    return {
      title: `Run at most ${LIMIT} at a time with p-limit (size the limit for the downstream)`,
      edits: [...factory.edits, { start: at, end: at, text }, ...wrap],
      safe: false,
      preferred: true,
    };
  }

  /** The local name of p-limit's default export, with the import to add when the file has none. */
  private pLimitImport(): { name: string; edits: TextEdit[] } | undefined {
    const { file } = this;
    const declared = file.resolver.declarationsOf(file.root);
    for (const binding of declared.values()) {
      const value = file.resolver.valueOf(binding.identifier);
      if (value.kind === 'module' && value.module === 'p-limit' && value.path.length === 0) return { name: binding.name, edits: [] };
    }
    const imports = file.root.namedChildren.filter((c): c is SyntaxNode => c?.type === 'import_statement');
    const esm = isTypeScriptFamily(file.language) || imports.length > 0 || /\.mjs$/i.test(file.path);
    if (!esm || declared.has('pLimit')) return undefined;
    const last = imports[imports.length - 1];
    const quote = last?.childForFieldName('source')?.text.charAt(0) === '"' ? '"' : "'";
    const code = `import pLimit from ${quote}p-limit${quote}${usesSemicolons(file) ? ';' : ''}`;
    const hashBang = file.root.namedChildren[0]?.type === 'hash_bang_line' ? file.root.namedChildren[0] : undefined;
    return { name: 'pLimit', edits: [insertTopLevel(file.text, last?.endIndex ?? hashBang?.endIndex ?? 0, code, 1)] };
  }

  /** `limit`, or `limit2`... when the name is visible or used in the block the declaration goes into. */
  private limiterName(statement: SyntaxNode): string | undefined {
    const block = statement.parent!;
    const used = new Set(block.descendantsOfType('identifier').map((n) => n?.text));
    for (let i = 1; i < 10; i++) {
      const name = i === 1 ? 'limit' : `limit${i}`;
      if (!used.has(name) && !this.file.resolver.lookup(name, statement) && !this.taken.has(`${block.id}:${name}`)) return name;
    }
    return undefined;
  }
}

/** The statement around `node` that sits directly in a block or the program: the limiter is declared before it. */
function enclosingStatement(node: SyntaxNode): SyntaxNode | undefined {
  let current: SyntaxNode | null = node;
  while (current?.parent && !STATEMENT_PARENTS.has(current.parent.type)) current = current.parent;
  return current?.parent ? current : undefined;
}

/** Where a statement starts, counting the comment lines directly above it, which describe it. */
function startWithComments(text: string, statement: SyntaxNode): number {
  let start = statement.startIndex;
  for (let previous = statement.previousSibling; previous?.type === 'comment'; previous = previous.previousSibling) {
    const between = text.slice(previous.endIndex, start);
    const lineStart = text.lastIndexOf('\n', previous.startIndex - 1) + 1;
    if (!/^[ \t]*\r?\n[ \t]*$/.test(between) || !/^[ \t]*$/.test(text.slice(lineStart, previous.startIndex))) break;
    start = previous.startIndex;
  }
  return start;
}

/** Edits that route the callback's work through `limiter`; undefined when the callback cannot be rewritten plainly. */
function wrapCallback(file: SourceFile, callback: SyntaxNode, limiter: string): TextEdit[] | undefined {
  const fn = unwrap(callback);
  if (fn.type === 'arrow_function') {
    const body = fn.childForFieldName('body');
    if (!body) return undefined;
    const asyncKeyword = fn.children.find((c) => c?.type === 'async');
    const edits: TextEdit[] = [];
    // The outer arrow returns the limiter's promise; the work, and its `await`s, move into the inner one.
    if (asyncKeyword?.nextSibling) edits.push({ start: asyncKeyword.startIndex, end: asyncKeyword.nextSibling.startIndex, text: '' });
    edits.push({ start: body.startIndex, end: body.startIndex, text: `${limiter}(${asyncKeyword ? 'async ' : ''}() => ` });
    edits.push({ start: body.endIndex, end: body.endIndex, text: ')' });
    return edits;
  }
  if (fn.type === 'identifier') {
    // `ids.map(load)` passes (item, index, array); rewritten only when `load` takes one parameter.
    const local = localFunction(file, fn);
    const parameters = local?.childForFieldName('parameters')?.namedChildren.filter((p) => p?.type !== 'comment') ?? (local?.childForFieldName('parameter') ? [local] : []);
    if (!local || parameters.length > 1) return undefined;
    const item = fn.text === 'item' ? 'value' : 'item';
    return [{ start: fn.startIndex, end: fn.endIndex, text: `(${item}) => ${limiter}(() => ${fn.text}(${item}))` }];
  }
  return undefined;
}

const semicolonStyle = new FileCache<boolean>();

/** Whether the file ends its statements with semicolons, judged by its first import or declaration. */
function usesSemicolons(file: SourceFile): boolean {
  let uses = semicolonStyle.get(file);
  if (uses === undefined) {
    const sample = file.root.namedChildren.find((c) => c?.type === 'import_statement' || c?.type === 'lexical_declaration' || c?.type === 'expression_statement');
    uses = sample ? sample.text.trimEnd().endsWith(';') : true;
    semicolonStyle.set(file, uses);
  }
  return uses;
}
