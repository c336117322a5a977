import { isFixedText } from '../../knowledge/fixedValues';
import type { SqlCall, SqlLibrary } from '../../knowledge/sqlCalls';
import type { SyntaxNode } from '../../parse/parser';
import { argumentsOf, FUNCTION_TYPES, stringValue, unwrap } from '../../parse/syntax';
import type { SourceFile } from '../../sourceFile';
import type { Fix } from '../../types';

/**
 * The fix for `query(`... ${value} ...`)` on drivers that take a values array after the SQL:
 * every interpolated value becomes a placeholder (`$1, $2` for pg, `?` for mysql and sqlite) and
 * moves to the array. Offered only when each value is a plain name or property in a value position
 * (after a comparison, `LIKE`, `LIMIT`, inside `VALUES (...)`), optionally wrapped in quotes of its
 * own; anything else (an identifier, part of a string, a list) needs a person.
 */

type Style = 'numbered' | 'question';

const DRIVERS: Partial<Record<SqlLibrary, { style: Style; methods: ReadonlySet<string> }>> = {
  pg: { style: 'numbered', methods: new Set(['query']) },
  mysql: { style: 'question', methods: new Set(['query', 'execute']) },
  sqlite3: { style: 'question', methods: new Set(['run', 'all', 'get', 'each']) },
  sqlite: { style: 'question', methods: new Set(['run', 'all', 'get', 'each']) },
};

const COMPARISON_BEFORE = /(=|<>|!=|<=|>=|<|>)$/;
const KEYWORD_BEFORE = /\b(like|ilike|limit|offset)$/i;
const LIST_KEYWORD = /\b(values|in)\s*$/i;

export function placeholderFix(file: SourceFile, sqlCall: SqlCall): Fix | undefined {
  const driver = sqlCall.library && DRIVERS[sqlCall.library];
  if (!driver || !driver.methods.has(sqlCall.method)) return undefined;
  const args = argumentsOf(sqlCall.call);
  const template = args[0] && unwrap(args[0]);
  if (!template || template.type !== 'template_string' || args[0].id !== sqlCall.sql.id) return undefined;
  if (args.length > 2 || (args.length === 2 && !FUNCTION_TYPES.has(unwrap(args[1]).type))) return undefined;

  const rewritten = rewrite(file, template, driver.style, sqlCall);
  if (!rewritten) return undefined;
  const { sql, values, placeholders } = rewritten;
  return {
    title: `Pass ${values.join(', ')} as bound parameter${values.length > 1 ? 's' : ''} (${placeholders.join(', ')})`,
    edits: [{ start: args[0].startIndex, end: args[0].endIndex, text: `${sql}, [${values.join(', ')}]` }],
    // The database now receives typed values instead of their text (a Date binds as a timestamp).
    safe: false,
    preferred: true,
  };
}

function rewrite(file: SourceFile, template: SyntaxNode, style: Style, sqlCall: SqlCall) {
  const substitutions = template.namedChildren.filter((c): c is SyntaxNode => c?.type === 'template_substitution');
  const texts: string[] = [];
  let from = template.startIndex + 1;
  for (const substitution of substitutions) {
    texts.push(file.text.slice(from, substitution.startIndex));
    from = substitution.endIndex;
  }
  texts.push(file.text.slice(from, template.endIndex - 1));
  if (texts.some((t) => (style === 'numbered' ? /\$\d/ : /\?/).test(t))) return undefined; // placeholders already in use

  let output = texts[0];
  let context = texts[0]; // the SQL so far with every substitution as a neutral token, for reading its shape
  let keptSubstitutions = false;
  const values: string[] = [];
  const placeholders: string[] = [];
  for (let i = 0; i < substitutions.length; i++) {
    const expression = substitutions[i].namedChildren[0];
    let after = texts[i + 1];
    if (!expression) return undefined;
    if (isFixedText(file, expression)) {
      output += substitutions[i].text + after;
      context += 'x' + after;
      keptSubstitutions = true;
      continue;
    }
    const quoted = /[^']'$|^'$/.test(context) && /^'(?!')/.test(after) && count(context, "'") % 2 === 1;
    const before = quoted ? context.slice(0, -1) : context;
    if (quoted) after = after.slice(1);
    if (count(before, "'") % 2 === 1 || count(before, '"') % 2 === 1) return undefined; // inside a string or quoted identifier
    if (!isValuePosition(before, sqlCall) || !/^(\s|$|[),;]|::)/.test(after) || !isPlainValue(expression)) return undefined;
    const placeholder = style === 'numbered' ? `$${values.length + 1}` : '?';
    values.push(expression.text);
    placeholders.push(placeholder);
    output = (quoted ? output.slice(0, -1) : output) + placeholder + after;
    context = before + 'x' + after;
  }
  const plain = !keptSubstitutions && !/['\\\n]/.test(output);
  return { sql: plain ? `'${output}'` : `\`${output}\``, values, placeholders };
}

/** After a comparison, `LIKE`, `LIMIT`/`OFFSET`, or as an element of `VALUES (...)` / `IN (...)`. */
function isValuePosition(before: string, sqlCall: SqlCall): boolean {
  const text = before.trimEnd();
  if (COMPARISON_BEFORE.test(text)) return true;
  const keyword = KEYWORD_BEFORE.exec(text)?.[1]?.toLowerCase();
  // MySQL prepared statements (`execute`) refuse a bound LIMIT on several server versions.
  if (keyword) return !((keyword === 'limit' || keyword === 'offset') && sqlCall.method === 'execute');
  if (!/[(,]$/.test(text)) return false;
  const open = innermostOpenParen(text);
  const list = open >= 0 ? LIST_KEYWORD.exec(text.slice(0, open))?.[1]?.toLowerCase() : undefined;
  // An array in `IN (${ids})` binds as one value except in mysql's client-side `query`.
  return list === 'values' || (list === 'in' && sqlCall.library === 'mysql' && sqlCall.method === 'query');
}

function innermostOpenParen(text: string): number {
  let depth = 0;
  for (let i = text.length - 1; i >= 0; i--) {
    if (text[i] === ')') depth++;
    else if (text[i] === '(' && depth-- === 0) return i;
  }
  return -1;
}

/** A name or a property path (`email`, `user.id`, `input['id']`): safe to move into an array unchanged. */
function isPlainValue(node: SyntaxNode): boolean {
  const n = unwrap(node);
  if (n.type === 'identifier') return n.text !== 'undefined';
  const object = n.childForFieldName('object');
  if (n.type === 'member_expression') return object !== null && (object.type === 'this' || isPlainValue(object)) && n.childForFieldName('property')?.type === 'property_identifier';
  if (n.type === 'subscript_expression') {
    const index = n.childForFieldName('index');
    return object !== null && isPlainValue(object) && index !== null && (stringValue(index) !== undefined || index.type === 'number');
  }
  return false;
}

function count(text: string, character: string): number {
  return text.split(character).length - 1;
}
