/**
 * A minimal reading of SQL text held in string literals: enough to tell which tables a statement
 * writes to and how (UPDATE, DELETE, TRUNCATE, an upsert's DO UPDATE). The text of a string literal is
 * data, so it is tokenised here rather than parsed as code; comments and quoted strings are skipped,
 * so `-- UPDATE events` or `'DELETE FROM events'` inside the SQL do not count.
 */

export type SqlTokenKind = 'word' | 'identifier' | 'string' | 'placeholder' | 'punctuation';

export interface SqlToken {
  kind: SqlTokenKind;
  /** For quoted identifiers, the name without its quotes. */
  text: string;
  start: number;
  end: number;
}

export type WriteVerb = 'update' | 'delete' | 'truncate' | 'upsert';

export interface TableWrite {
  verb: WriteVerb;
  /** The table's own name, without schema or quotes: `events` for `"public"."events"`. */
  table: string;
  /** From the verb to the end of the table name; for an upsert the `DO UPDATE` keywords, for a MERGE the verb alone. */
  start: number;
  end: number;
}

/** Splits SQL into tokens, dropping whitespace and comments. Quoted identifiers keep their inner text. */
export function tokenizeSql(sql: string): SqlToken[] {
  const tokens: SqlToken[] = [];
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const c = sql[i];
    if (/\s/.test(c)) {
      i++;
    } else if (c === '-' && sql[i + 1] === '-') {
      const eol = sql.indexOf('\n', i);
      i = eol < 0 ? n : eol + 1;
    } else if (c === '/' && sql[i + 1] === '*') {
      const close = sql.indexOf('*/', i + 2);
      i = close < 0 ? n : close + 2;
    } else if (c === "'") {
      const end = closing(sql, i, "'");
      tokens.push({ kind: 'string', text: sql.slice(i, end), start: i, end });
      i = end;
    } else if (c === '"' || c === '`' || c === '[') {
      const end = closing(sql, i, c === '[' ? ']' : c);
      tokens.push({ kind: 'identifier', text: sql.slice(i + 1, Math.max(i + 1, end - 1)), start: i, end });
      i = end;
    } else if (c === '$' && /[A-Za-z_$]/.test(sql[i + 1] ?? '') && dollarQuote(sql, i)) {
      const tag = dollarQuote(sql, i)!;
      const close = sql.indexOf(tag, i + tag.length);
      const end = close < 0 ? n : close + tag.length;
      tokens.push({ kind: 'string', text: sql.slice(i, end), start: i, end });
      i = end;
    } else if ((c === '$' || c === ':' || c === '@') && /[0-9A-Za-z_]/.test(sql[i + 1] ?? '') && !(c === ':' && sql[i - 1] === ':')) {
      let end = i + 1;
      while (end < n && /[0-9A-Za-z_]/.test(sql[end])) end++;
      tokens.push({ kind: 'placeholder', text: sql.slice(i, end), start: i, end });
      i = end;
    } else if (c === '?') {
      tokens.push({ kind: 'placeholder', text: '?', start: i, end: i + 1 });
      i++;
    } else if (/[A-Za-z_]/.test(c)) {
      let end = i + 1;
      while (end < n && /[A-Za-z0-9_$]/.test(sql[end])) end++;
      tokens.push({ kind: 'word', text: sql.slice(i, end), start: i, end });
      i = end;
    } else {
      tokens.push({ kind: 'punctuation', text: c, start: i, end: i + 1 });
      i++;
    }
  }
  return tokens;
}

/** Every write the SQL text makes to a named table. A table given by a placeholder is not a name and is skipped. */
export function tableWrites(sql: string): TableWrite[] {
  const tokens = tokenizeSql(sql);
  const writes: TableWrite[] = [];
  let statementStart = 0;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token.kind === 'punctuation' && token.text === ';') statementStart = i + 1;
    if (token.kind !== 'word') continue;
    const keyword = token.text.toUpperCase();
    if (keyword !== 'UPDATE' && keyword !== 'DELETE' && keyword !== 'TRUNCATE') continue;
    const previous = keywordAt(tokens, i - 1);
    if (keyword === 'UPDATE' && (previous === 'DO' || (previous === 'KEY' && keywordAt(tokens, i - 2) === 'DUPLICATE'))) {
      const target = intoTarget(tokens, statementStart, i, 'INSERT');
      const from = previous === 'DO' ? tokens[i - 1] : tokens[i - 3];
      if (target) writes.push({ verb: 'upsert', table: target.name, start: from.start, end: token.end });
      continue;
    }
    // MERGE INTO t ... WHEN MATCHED THEN UPDATE | DELETE writes to the MERGE target.
    if (previous === 'THEN' && keyword !== 'TRUNCATE') {
      const target = intoTarget(tokens, statementStart, i, 'MERGE');
      if (target) writes.push({ verb: keyword.toLowerCase() as WriteVerb, table: target.name, start: token.start, end: token.end });
      continue;
    }
    // A statement starts here: at the beginning, after `;`, inside `(` (a data-modifying CTE) or after
    // a CTE's `)`. Elsewhere the word is part of another clause: FOR UPDATE, ON DELETE CASCADE,
    // BEFORE UPDATE OR DELETE ON events (a trigger), REVOKE UPDATE, DELETE ON events.
    const startsStatement = i === statementStart || previous === '(' || previous === ')';
    if (!startsStatement) continue;
    let next = i + 1;
    if (keyword === 'DELETE') {
      // `DELETE FROM t`, or MySQL's `DELETE t FROM t JOIN ...`: the table after FROM is the one written.
      while (next < tokens.length && keywordAt(tokens, next) !== 'FROM' && next - i < 6 && !isStatementEnd(tokens[next])) next++;
      if (keywordAt(tokens, next) !== 'FROM') continue;
      next++;
    }
    if (keyword === 'TRUNCATE' && keywordAt(tokens, next) === 'TABLE') next++;
    // MySQL modifiers: UPDATE LOW_PRIORITY IGNORE t.
    while (keyword === 'UPDATE' && (keywordAt(tokens, next) === 'LOW_PRIORITY' || keywordAt(tokens, next) === 'IGNORE')) next++;
    for (;;) {
      if (keywordAt(tokens, next) === 'ONLY') next++;
      const name = qualifiedName(tokens, next);
      if (!name) break;
      writes.push({ verb: keyword.toLowerCase() as WriteVerb, table: name.name, start: token.start, end: tokens[name.last].end });
      // TRUNCATE a, b: every table listed.
      if (keyword !== 'TRUNCATE' || tokens[name.last + 1]?.text !== ',') break;
      next = name.last + 2;
    }
  }
  return writes;
}

function keywordAt(tokens: readonly SqlToken[], index: number): string | undefined {
  const token = tokens[index];
  if (!token) return undefined;
  return token.kind === 'word' ? token.text.toUpperCase() : token.kind === 'punctuation' ? token.text : undefined;
}

function isStatementEnd(token: SqlToken): boolean {
  return token.kind === 'punctuation' && token.text === ';';
}

/** `name`, `schema.name`, `"schema"."name"`: the last part, and the index of its token. */
function qualifiedName(tokens: readonly SqlToken[], index: number): { name: string; last: number } | undefined {
  const first = tokens[index];
  if (!first || (first.kind !== 'word' && first.kind !== 'identifier')) return undefined;
  let last = index;
  while (tokens[last + 1]?.text === '.' && tokens[last + 1].kind === 'punctuation' && (tokens[last + 2]?.kind === 'word' || tokens[last + 2]?.kind === 'identifier')) last += 2;
  return { name: tokens[last].text, last };
}

/** The table of `INSERT INTO <table>` or `MERGE INTO <table>` in the statement that holds an upsert or merge clause. */
function intoTarget(tokens: readonly SqlToken[], from: number, to: number, verb: 'INSERT' | 'MERGE'): { name: string } | undefined {
  for (let i = from; i < to; i++) {
    if (keywordAt(tokens, i) === verb) {
      const into = keywordAt(tokens, i + 1) === 'INTO' ? i + 2 : i + 1;
      const name = qualifiedName(tokens, into);
      return name && { name: name.name };
    }
  }
  return undefined;
}

/** The index just after a closing quote (a doubled quote is an escaped one), or the end of the text. */
function closing(sql: string, open: number, quote: string): number {
  let i = open + 1;
  while (i < sql.length) {
    if (sql[i] === quote) {
      if (quote !== ']' && sql[i + 1] === quote) i += 2;
      else return i + 1;
    } else i++;
  }
  return sql.length;
}

/** `$$` or `$tag$` opening a dollar-quoted string at `i`. */
function dollarQuote(sql: string, i: number): string | undefined {
  const match = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i, i + 64));
  return match?.[0];
}
