import { assignedNameOf, ownerName, throughWrappers, type AssignedName } from '../../knowledge/assignedNames';
import { environmentName, findSecretFormat, isSecretName, looksLikeSecretValue, nameWords, SECRET_PARAMETERS } from '../../knowledge/secrets';
import { isDevelopmentEntryPoint } from '../../knowledge/devTooling';
import type { Value } from '../../parse/bindings';
import type { SyntaxNode } from '../../parse/parser';
import { argumentsOf, calleeOf, stringValue } from '../../parse/syntax';
import type { SourceFile } from '../../sourceFile';
import type { Fix } from '../../types';
import { defineRule, JS_FAMILY } from '../rule';
import { requiredEnvFix } from './requiredEnv';

/** Where a string is a module specifier or a type, never a value the program holds. */
const NOT_A_VALUE_PARENTS: ReadonlySet<string> = new Set(['literal_type', 'import_statement', 'export_statement', 'import_require_clause']);

/** Where even a short literal can be a secret: `env.X ?? 'dev'`, `{ X = 'dev' } = env`, `jwt.sign(c, 'shh')`. */
const SHORT_SECRET_PARENTS: ReadonlySet<string> = new Set(['binary_expression', 'object_assignment_pattern', 'arguments']);

/** Owner names too generic to prefix an environment variable with (`headers['x-api-key']` → `X_API_KEY`, `new Pool({ password })` → `PASSWORD`). */
const GENERIC_OWNERS: ReadonlySet<string> = new Set([
  'config', 'configuration', 'settings', 'options', 'opts', 'headers', 'auth', 'credentials', 'params', 'env',
  'secrets', 'defaults', 'props', 'data', 'body', 'payload', 'client', 'connection', 'pool', 'transport', 'set', 'assign',
]);
/** Verbs that start factory names: `createPool` owns what `pool` owns. */
const FACTORY_VERBS: ReadonlySet<string> = new Set(['create', 'make', 'new', 'get', 'build', 'init']);

export default defineRule({
  meta: {
    id: 'no-hardcoded-secret',
    description: 'Credentials (API keys, passwords, tokens, private keys) must not be written in source code.',
    messages: {
      knownFormat: 'This string contains {{kind}}: source is copied to every clone, CI runner and image, and git history keeps it after the line is deleted. Rotate it, then read it from the environment or a secret manager at startup.',
      namedSecret: '{{name}} is a hard-coded secret: anyone who can read the code or its git history has it, and it cannot be rotated without a deploy. Read it from the environment or a secret manager at startup, and fail to start when it is missing.',
      envFallback: "{{env}} falls back to a hard-coded secret: when the variable is missing in production, the service starts with a secret anyone can read in the repository. Remove the default and fail at startup instead.",
    },
    defaultSeverity: 'error',
    section: { instruction: 'secure-backend', heading: 'Hard-coded secrets' },
    fixable: true,
    languages: JS_FAMILY,
  },
  create(context) {
    const { file } = context;
    // Tests need credentials-shaped values (fakes for redaction, fixtures); they are not deployed.
    if (isDevelopmentEntryPoint(file)) return {};
    const mayPassKeys = SECRET_PARAMETERS.some((p) => file.text.includes(p.module));

    const check = (literal: SyntaxNode, content: string | undefined) => {
      const format = content === undefined ? undefined : findSecretFormat(content);
      if (format) {
        const assigned = assignedNameOf(literal);
        // The variable's own name when it says what it holds (`githubToken`), else the credential's usual one.
        const variable = assigned && (isSecretName(assigned.name) || !format.variable) ? undefined : format.variable;
        // A fix replaces the whole literal: only when it is the credential (or a URL that carries it), nothing more.
        const whole = content !== undefined && (content.trim() === format.text || (content.startsWith(format.text) && !/\s/.test(content)));
        const fixes = assigned && whole ? fixesFor(file, literal, assigned, variable) : [];
        context.report({ node: literal, messageId: 'knownFormat', data: { kind: format.kind }, fixes });
        return;
      }
      const value = stringValue(literal);
      if (value === undefined) return;
      const fallback = environmentFallback(file, literal);
      if (fallback) {
        if (value.trim() !== '' && (isSecretName(fallback.variable) || (fallback.holder && isSecretName(fallback.holder)))) {
          context.report({ node: literal, messageId: 'envFallback', data: { env: fallback.read }, fixes: fallbackFixes(file, fallback) });
        }
        return;
      }
      const parameter = literal.parent?.type === 'arguments' && mayPassKeys ? secretParameterOf(file, literal) : undefined;
      if (parameter) {
        if (value.trim() === '') return;
        const name = `The key passed to ${parameter.callee}`;
        context.report({ node: literal, messageId: 'namedSecret', data: { name }, fixes: replacementFixes(file, literal, parameter.variable) });
        return;
      }
      const assigned = assignedNameOf(literal);
      if (!assigned || !isSecretName(assigned.name) || !looksLikeSecretValue(value) || isDocumentationExample(literal)) return;
      context.report({ node: literal, messageId: 'namedSecret', data: { name: assigned.name }, fixes: fixesFor(file, literal, assigned) });
    };

    return {
      string(literal) {
        if (isNotAValue(literal)) return;
        // Shorter than 8 characters, a value is only a finding as a fallback or a key argument (`jwt.sign(c, 'shh')`).
        const short = literal.endIndex - literal.startIndex < 10;
        if (short && !SHORT_SECRET_PARENTS.has(literal.parent?.type ?? '')) return;
        check(literal, stringValue(literal));
      },
      template_string(literal) {
        if (literal.endIndex - literal.startIndex < 10) return;
        // Substitutions are code, not content: only the literal parts can hold a credential.
        const parts = literal.namedChildren.flatMap((c) => (c?.type === 'string_fragment' ? [c.text] : []));
        check(literal, parts.length > 0 ? parts.join('\u0000') : undefined);
      },
    };
  },
});

/** Property names under which API schemas show sample payloads (OpenAPI, JSON Schema). */
const EXAMPLE_KEYS: ReadonlySet<string> = new Set(['example', 'examples', 'x-example']);
const LITERAL_CONTAINERS: ReadonlySet<string> = new Set(['pair', 'object', 'array', 'parenthesized_expression', 'as_expression', 'satisfies_expression']);

/**
 * `example: { secret: 'a3c8…' }` in an OpenAPI schema: a sample shown in the API docs, not a
 * credential the program uses. Credentials in a known format are still reported by their format.
 */
function isDocumentationExample(literal: SyntaxNode): boolean {
  for (let node = literal.parent; node && LITERAL_CONTAINERS.has(node.type); node = node.parent) {
    const key = node.type === 'pair' ? node.childForFieldName('key') : null;
    if (key && EXAMPLE_KEYS.has(stringValue(key) ?? key.text)) return true;
  }
  return false;
}

function isNotAValue(literal: SyntaxNode): boolean {
  const parent = literal.parent;
  if (!parent) return true;
  if (NOT_A_VALUE_PARENTS.has(parent.type)) return true;
  // A property key (`{ 'AKIA…': 1 }`) names something; the value next to it is checked on its own.
  return parent.type === 'pair' && parent.childForFieldName('key')?.id === literal.id;
}

interface EnvironmentFallback {
  /** The `??` or `||` expression, when the fallback is one (not a destructuring default). */
  expression?: SyntaxNode;
  /** The variable read, `JWT_SECRET`. */
  variable: string;
  /** How the code reads it, for the message: `process.env.JWT_SECRET`. */
  read: string;
  /** The name the result is stored under, when there is one. */
  holder?: string;
}

/**
 * `process.env.JWT_SECRET ?? 'dev-secret'`, `env.JWT_SECRET || 'x'` (an alias of `process.env`) and
 * `const { JWT_SECRET = 'x' } = process.env`: the literal is what the service runs with when the
 * variable is missing.
 */
function environmentFallback(file: SourceFile, literal: SyntaxNode): EnvironmentFallback | undefined {
  const node = throughWrappers(literal);
  const parent = node.parent;
  if (parent?.type === 'binary_expression' && parent.childForFieldName('right')?.id === node.id) {
    const operator = parent.childForFieldName('operator')?.type;
    const left = parent.childForFieldName('left');
    if ((operator !== '??' && operator !== '||') || !left || !left.text.includes('env')) return undefined;
    const path = processPath(file.resolver.valueOf(left));
    if (path?.length !== 2 || path[0] !== 'env') return undefined;
    return { expression: parent, variable: path[1], read: left.text.replace(/\s+/g, ''), holder: assignedNameOf(parent)?.name };
  }
  if (parent?.type === 'object_assignment_pattern' && parent.childForFieldName('right')?.id === node.id) {
    const name = parent.childForFieldName('left');
    const declarator = parent.parent?.type === 'object_pattern' ? parent.parent.parent : null;
    const source = declarator?.type === 'variable_declarator' ? declarator.childForFieldName('value') : null;
    if (!name || !source || !source.text.includes('env')) return undefined;
    if (processPath(file.resolver.valueOf(source))?.join('.') !== 'env') return undefined;
    return { variable: name.text, read: `${source.text}.${name.text}` };
  }
  return undefined;
}

/** The property path read from Node's `process` (the global, or `node:process`): `['env', 'X']` for `process.env.X`. */
function processPath(value: Value): string[] | undefined {
  if (value.kind === 'global' && value.name === 'process') return value.path;
  if (value.kind === 'module' && value.module === 'process') return value.path;
  return undefined;
}

/** Words that say whose secret a property is: `redis` in `redis = { password }`, `session` in `session({ secret })`. */
function ownerPrefix(assigned: AssignedName): string[] {
  const owner = ownerName(assigned);
  if (!owner) return [];
  const words = nameWords(owner);
  while (words.length > 1 && FACTORY_VERBS.has(words[0])) words.shift();
  const joined = words.join('');
  if (!joined || GENERIC_OWNERS.has(joined) || nameWords(assigned.name)[0] === words[0]) return [];
  return words;
}

/** `jwt.sign(claims, 'k3y')`: the literal is a library's key parameter (see SECRET_PARAMETERS). */
function secretParameterOf(file: SourceFile, literal: SyntaxNode): { callee: string; variable: string } | undefined {
  const call = literal.parent?.parent;
  const callee = call?.type === 'call_expression' ? calleeOf(call) : null;
  if (!call || !callee || (callee.type !== 'identifier' && callee.type !== 'member_expression')) return undefined;
  const index = argumentsOf(call).findIndex((arg) => arg.id === literal.id);
  const value = file.resolver.valueOf(callee);
  if (value.kind !== 'module') return undefined;
  const parameter = SECRET_PARAMETERS.find((p) => p.module === value.module && p.path === value.path.join('.') && p.index === index);
  return parameter && { callee: callee.text.replace(/\s+/g, ''), variable: parameter.variable };
}

/** `process.env.X ?? 'dev'` becomes `requiredEnv('X')`: what the message asks for, failing at startup when X is unset. */
function fallbackFixes(file: SourceFile, fallback: EnvironmentFallback): Fix[] {
  const expression = fallback.expression;
  if (!expression || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(fallback.variable)) return [];
  const helper = requiredEnvFix(file, expression, fallback.variable);
  if (!helper) return [];
  const edits = [...helper.edits, { start: expression.startIndex, end: expression.endIndex, text: helper.call }];
  return [{ title: `Remove the fallback: read ${fallback.variable} with ${helper.helper}() (fails at startup when unset)`, edits, safe: false, preferred: true }];
}

/** Fixes for a literal stored in a variable, property, field or assignment; none for defaults (which callers override). */
function fixesFor(file: SourceFile, literal: SyntaxNode, assigned: AssignedName, suggested?: string): Fix[] {
  if (assigned.kind === 'default') return [];
  return replacementFixes(file, literal, suggested ?? environmentName(...ownerPrefix(assigned), assigned.name));
}

/** Replace the literal with a read of `variable`: through the file's required-env helper (preferred), or `process.env`. */
function replacementFixes(file: SourceFile, literal: SyntaxNode, variable: string): Fix[] {
  if (!/^[A-Z_][A-Z0-9_]*$/.test(variable)) return [];
  // `'…' as const` cannot stay on a call: the assertion goes with the literal.
  const parent = literal.parent;
  const constAssertion = parent?.type === 'as_expression' && parent.lastChild?.text === 'const';
  const target = constAssertion && parent ? parent : literal;
  const replace = (text: string) => ({ start: target.startIndex, end: target.endIndex, text });
  const fixes: Fix[] = [];
  const helper = requiredEnvFix(file, literal, variable);
  if (helper) fixes.push({ title: `Read ${variable} with ${helper.helper}() (fails at startup when unset)`, edits: [...helper.edits, replace(helper.call)], safe: false });
  fixes.push({ title: `Read it from process.env.${variable}`, edits: [replace(`process.env.${variable}`)], safe: false });
  fixes[0].preferred = true;
  return fixes;
}
