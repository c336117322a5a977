import { isFixedText } from '../../knowledge/fixedValues';
import { importedSqlLibraries, isLibraryEscaped, localVariable, recognizeSqlCall, type SqlLibrary } from '../../knowledge/sqlCalls';
import { isDevTooling } from '../../knowledge/devTooling';
import type { SyntaxNode } from '../../parse/parser';
import { dottedName, unwrap } from '../../parse/syntax';
import { requestInputIn } from '../../knowledge/requestInput';
import type { SourceFile } from '../../sourceFile';
import { defineRule, JS_FAMILY } from '../rule';
import { placeholderFix } from './placeholders';

/** How each library binds a value, in the words of the instruction section. */
const HOW_TO_BIND: Readonly<Record<SqlLibrary | 'unknown', string>> = {
  pg: 'a $1 placeholder and a values array',
  postgres: 'the sql tagged template, which binds every ${}',
  mysql: 'a ? placeholder and a values array',
  sqlite3: 'a ? placeholder and a values array',
  sqlite: 'a ? placeholder and a values array',
  'better-sqlite3': 'a ? placeholder in prepare(), with the value passed to run(), get() or all()',
  knex: 'a ? binding, with the value in the bindings array',
  sequelize: 'a :name placeholder with replacements (or bind) in the options',
  prisma: 'the $queryRaw tagged template, or $1 with the value as an extra argument',
  typeorm: 'a placeholder, with the value in the parameters array',
  unknown: 'a placeholder, with the value in the parameters array',
};

type Pasted = { piece: SyntaxNode; messageId: 'interpolated' | 'concatenated' | 'identifier' };

/** SQL text right before an identifier (a table, a column to sort or group by), quoted or not. */
const BEFORE_IDENTIFIER = /\b(order\s+by|group\s+by|from|join|into|update|table|exists|index\s+on|savepoint)\s*["`]?$/i;
/** SQL text right after one: a sort direction, or a comparison the identifier is the left side of (`${column} = ?`, `(${column}) ILIKE`). */
const AFTER_IDENTIFIER = /^["`]?\)?\s*(asc\b|desc\b|=|<>|!=|<|>|i?like\b|in\s*\(|is\b|between\b)/i;

const MAX_DEPTH = 12;

export default defineRule({
  meta: {
    id: 'no-sql-string-concat',
    description: 'SQL text must not be built from values by concatenation or template interpolation: bind them as parameters.',
    messages: {
      interpolated: '{{value}} is interpolated into the SQL text of {{callee}}, so the database parses it as SQL and a quote in it can rewrite the query (CWE-89). Pass it as a bound parameter: {{how}}.',
      concatenated: '{{value}} is concatenated into the SQL text of {{callee}}, so the database parses it as SQL and a quote in it can rewrite the query (CWE-89). Pass it as a bound parameter: {{how}}.',
      identifier: '{{value}} is interpolated into the SQL text of {{callee}} where an identifier goes, and identifiers cannot be bound: a crafted value rewrites the query (CWE-89). Map it through a fixed allowlist object in code, then suppress this line with a comment naming the allowlist.',
    },
    defaultSeverity: 'error',
    section: { instruction: 'secure-backend', heading: 'SQL injection' },
    fixable: true,
    languages: JS_FAMILY,
  },
  create(context) {
    const { file } = context;
    // Test code builds fixtures against throwaway databases, and scripts run with the developer's
    // own values; neither is deployed.
    if (importedSqlLibraries(file).size === 0 || isDevTooling(file)) return {};
    return {
      call_expression(call) {
        const sqlCall = recognizeSqlCall(file, call);
        if (!sqlCall) return;
        const pasted = pastedValue(file, sqlCall.sql, call, 0);
        if (!pasted) return;
        const fix = placeholderFix(file, sqlCall);
        context.report({
          node: sqlCall.sql,
          messageId: pasted.messageId,
          data: { value: shorten(pasted.piece.text), callee: dottedName(sqlCall.callee)?.join('.') ?? sqlCall.method, how: HOW_TO_BIND[sqlCall.library ?? 'unknown'] },
          fixes: fix ? [fix] : [],
        });
      },
    };
  },
});

/**
 * The first value pasted into the SQL text `sql` that is not fixed by the code, following `const`
 * (and `let` with its `+=`) declarations of the same function. Undefined when the text is fixed, or
 * built somewhere this function cannot see (a parameter, a helper's return value).
 */
function pastedValue(file: SourceFile, sql: SyntaxNode, call: SyntaxNode, depth: number): Pasted | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const node = unwrap(sql);
  switch (node.type) {
    case 'template_string':
      for (const part of node.namedChildren) {
        const expression = part?.type === 'template_substitution' ? part.namedChildren[0] : null;
        const found = expression && operandProblem(file, expression, 'interpolated', call, depth);
        if (!found) continue;
        if (found.piece.id !== expression?.id || !part || !isIdentifierPosition(file, node, part)) return found;
        // An identifier chosen by the code (a column map, a table name from config) is how query
        // builders work, and checked on real code it was never an injection; one taken from the
        // request is. Only that one is reported; values later in the text still are.
        if (requestInputIn(file, expression)) return { ...found, messageId: 'identifier' };
      }
      return undefined;
    case 'binary_expression': {
      if (node.childForFieldName('operator')?.text !== '+') return undefined;
      const operands = concatenated(node);
      // `a + b` with no text in sight may be arithmetic, or fragments built elsewhere: nothing to judge.
      if (!operands.some((o) => isTextLiteral(o))) return undefined;
      for (const operand of operands) {
        const found = operandProblem(file, operand, 'concatenated', call, depth);
        if (found) return found;
      }
      return undefined;
    }
    case 'ternary_expression':
      return pastedValue(file, node.childForFieldName('consequence') ?? node, call, depth + 1) ?? pastedValue(file, node.childForFieldName('alternative') ?? node, call, depth + 1);
    case 'identifier': {
      const local = localVariable(file, node, call);
      if (!local || !isSqlText(local.init)) return undefined;
      const fromInit = pastedValue(file, local.init, call, depth + 1);
      if (fromInit || local.isConst) return fromInit;
      return laterAssignments(file, local.scope, local.identifier).map((assignment) => {
        const right = assignment.childForFieldName('right');
        if (!right) return undefined;
        return assignment.type === 'augmented_assignment_expression' ? operandProblem(file, right, 'concatenated', call, depth + 1) : pastedValue(file, right, call, depth + 1);
      }).find((found) => found !== undefined);
    }
    default:
      return undefined;
  }
}

function isIdentifierPosition(file: SourceFile, template: SyntaxNode, substitution: SyntaxNode): boolean {
  return BEFORE_IDENTIFIER.test(file.text.slice(template.startIndex + 1, substitution.startIndex)) || AFTER_IDENTIFIER.test(file.text.slice(substitution.endIndex, template.endIndex - 1));
}

/** A part of the SQL text: more SQL (a template, a local fragment) to look into, or a value that must be fixed. */
function operandProblem(file: SourceFile, operand: SyntaxNode, messageId: Pasted['messageId'], call: SyntaxNode, depth: number): Pasted | undefined {
  const node = unwrap(operand);
  if (node.type === 'ternary_expression') {
    const branches = [node.childForFieldName('consequence'), node.childForFieldName('alternative')];
    return branches.map((branch) => branch && operandProblem(file, branch, messageId, call, depth + 1)).find((found) => found) ?? undefined;
  }
  if (isSqlText(node)) return pastedValue(file, node, call, depth + 1);
  if (node.type === 'identifier') {
    const local = localVariable(file, node, call);
    if (local && isSqlText(local.init)) return pastedValue(file, node, call, depth + 1);
  }
  return isFixedText(file, node) || isLibraryEscaped(file, node, call) ? undefined : { piece: node, messageId };
}

/** Expressions that build text: what to look into rather than judge as one value. */
function isSqlText(node: SyntaxNode): boolean {
  const n = unwrap(node);
  if (n.type === 'binary_expression') return n.childForFieldName('operator')?.text === '+' && concatenated(n).some(isTextLiteral);
  return n.type === 'template_string' || n.type === 'ternary_expression' || n.type === 'string';
}

function isTextLiteral(node: SyntaxNode): boolean {
  const n = unwrap(node);
  return n.type === 'string' || n.type === 'template_string';
}

/** The operands of `a + b + c`, left to right. */
function concatenated(node: SyntaxNode): SyntaxNode[] {
  const n = unwrap(node);
  if (n.type !== 'binary_expression' || n.childForFieldName('operator')?.text !== '+') return [n];
  const left = n.childForFieldName('left');
  const right = n.childForFieldName('right');
  return [...(left ? concatenated(left) : []), ...(right ? [right] : [])];
}

/** `sql = ...` and `sql += ...` for the `let` declared by `identifier`, in its scope. */
function laterAssignments(file: SourceFile, scope: SyntaxNode, identifier: SyntaxNode): SyntaxNode[] {
  return scope.descendantsOfType(['assignment_expression', 'augmented_assignment_expression']).filter((assignment): assignment is SyntaxNode => {
    const left = assignment?.childForFieldName('left');
    return left?.type === 'identifier' && left.text === identifier.text && file.resolver.resolve(left)?.identifier.id === identifier.id;
  });
}

function shorten(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > 40 ? `${flat.slice(0, 39)}…` : flat;
}
