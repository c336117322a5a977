import { enclosingHandler, HANDLER_LABELS, type Handler } from '../../knowledge/requestHandlers';
import { recognizeClientCreation, type ClientCreation } from '../../knowledge/remoteClients';
import type { SyntaxNode } from '../../parse/parser';
import { calleeOf, unwrap } from '../../parse/syntax';
import type { SourceFile } from '../../sourceFile';
import { defineRule, JS_FAMILY } from '../rule';
import { HoistFixes } from './hoist';

const SERVERLESS = new Set(['lambda', 'cloud-function', 'azure-function']);

export default defineRule({
  meta: {
    id: 'no-client-per-invocation',
    description: 'SDK, database and HTTP clients are created once at module scope, not in every handler call.',
    messages: {
      perInvocation:
        '{{client}} is created on every invocation of this {{handler}}: each call repeats DNS, TCP and TLS setup (for a database, authentication too) and opens connections that nothing reuses or closes. Create it once at module scope and reuse it.',
      perRequest:
        '{{client}} is created on every request this {{handler}} serves: each request repeats DNS, TCP and TLS setup (for a database, authentication too) and opens connections that nothing reuses. Create it once at module scope and reuse it.',
      httpInstance:
        '{{client}} builds a new HTTP client on every {{call}} of this {{handler}}: its defaults and interceptors are set up again each time, and an agent given to it starts with no open connections. Create it once at module scope and reuse it.',
    },
    defaultSeverity: 'warning',
    section: { instruction: 'backend-advanced', heading: 'Serverless cold starts' },
    fixable: true,
    languages: JS_FAMILY,
  },
  create(context) {
    const { file } = context;
    const reported = new Set<number>();
    const hoist = new HoistFixes(file);

    const check = (node: SyntaxNode) => {
      const creation = recognizeClientCreation(file, node);
      if (!creation) return;
      // `DynamoDBDocumentClient.from(new DynamoDBClient({}))` is one client: reported once, on the outer call.
      const root = expressionRoot(node);
      if (reported.has(root.id)) return;
      const handler = enclosingHandler(file, node);
      if (!handler || isCachedOutside(file, node, root, handler)) return;
      reported.add(root.id);
      const fix = hoist.fixFor(root, handler);
      context.report({
        start: node.startIndex,
        end: creation.callee.endIndex,
        messageId: isHttpInstance(creation) ? 'httpInstance' : SERVERLESS.has(handler.kind) ? 'perInvocation' : 'perRequest',
        data: { client: creation.label, handler: HANDLER_LABELS[handler.kind], call: SERVERLESS.has(handler.kind) ? 'invocation' : 'request' },
        fixes: fix ? [fix] : [],
      });
    };
    return { new_expression: check, call_expression: check };
  },
});

/**
 * `axios.create()` opens nothing itself (requests share the default agent), so its message speaks of
 * configuration rebuilt per call rather than of connections; an `http.Agent` or undici pool does hold them.
 */
function isHttpInstance(creation: ClientCreation): boolean {
  return creation.module === 'axios';
}

/**
 * The whole expression a creation belongs to: up through parentheses, `await`, calls it is an argument
 * of (`drizzle(new Pool())`), methods called on it (`new Kafka(config).producer()`) and the right side
 * of `??` / `||`.
 */
function expressionRoot(node: SyntaxNode): SyntaxNode {
  let current = node;
  for (let parent = current.parent; parent; current = parent, parent = parent.parent) {
    const type = parent.type;
    if (type === 'parenthesized_expression' || type === 'await_expression' || type === 'as_expression' || type === 'non_null_expression' || type === 'satisfies_expression') continue;
    if (type === 'arguments' && parent.parent && (parent.parent.type === 'call_expression' || parent.parent.type === 'new_expression')) {
      parent = parent.parent;
      continue;
    }
    if (type === 'member_expression' && parent.childForFieldName('object')?.id === current.id && parent.parent?.type === 'call_expression') {
      parent = parent.parent;
      continue;
    }
    if (type === 'binary_expression' && parent.childForFieldName('right')?.id === current.id && isDefaulting(parent)) continue;
    break;
  }
  return current;
}

/**
 * A client created once and kept outside the handler: `client ??= new S3Client()`,
 * `if (!pool) pool = new Pool()`, `cached = cached ?? new Redis()`, `clients.set(region, new S3Client(...))`.
 */
function isCachedOutside(file: SourceFile, creation: SyntaxNode, root: SyntaxNode, handler: Handler): boolean {
  for (let node = creation; node.id !== root.id && node.parent; node = node.parent) {
    if (node.parent.type === 'arguments' && isStoredIn(file, node.parent.parent, handler)) return true;
  }
  const parent = root.parent;
  if (!parent) return false;
  if (parent.type === 'augmented_assignment_expression') {
    const operator = parent.childForFieldName('operator')?.text;
    const left = parent.childForFieldName('left');
    return (operator === '??=' || operator === '||=') && left !== null && outlives(file, left, handler.fn);
  }
  if (parent.type === 'assignment_expression') {
    const left = parent.childForFieldName('left');
    return left !== null && outlives(file, left, handler.fn) && isGuarded(parent, left, root, handler.fn);
  }
  return false;
}

/** `clients.set(key, <client>)` on a map that outlives the call. */
function isStoredIn(file: SourceFile, call: SyntaxNode | null, handler: Handler): boolean {
  const callee = call && calleeOf(call);
  const object = callee?.type === 'member_expression' && callee.childForFieldName('property')?.text === 'set' ? callee.childForFieldName('object') : null;
  return object !== null && outlives(file, object, handler.fn);
}

/** The assignment happens only while the target is empty: `x = x ?? new X()`, inside `if (!x)`, or in `x ?? (x = new X())`. */
function isGuarded(assignment: SyntaxNode, left: SyntaxNode, root: SyntaxNode, fn: SyntaxNode): boolean {
  const target = left.text;
  if (root.type === 'binary_expression' && isDefaulting(root) && root.childForFieldName('left')?.text === target) return true;
  for (let node = assignment.parent; node && node.id !== fn.id; node = node.parent) {
    if (node.type === 'binary_expression' && isDefaulting(node) && node.childForFieldName('left')?.text === target) return true;
    if (node.type === 'if_statement') {
      const condition = node.childForFieldName('condition');
      const mentions = condition?.descendantsOfType(['identifier', 'member_expression']).some((n) => n?.text === target);
      if (mentions) return true;
    }
  }
  return false;
}

/** True when the assigned place lives longer than one call of `fn`: a module or outer variable, a property, a global. */
function outlives(file: SourceFile, target: SyntaxNode, fn: SyntaxNode): boolean {
  let node = unwrap(target);
  while (node.type === 'member_expression' || node.type === 'subscript_expression') {
    const object = node.childForFieldName('object');
    if (!object) return false;
    node = unwrap(object);
  }
  if (node.type === 'this') return true;
  if (node.type !== 'identifier') return false;
  const binding = file.resolver.resolve(node);
  return !binding || binding.scope.startIndex < fn.startIndex || binding.scope.endIndex > fn.endIndex;
}

function isDefaulting(binary: SyntaxNode): boolean {
  const operator = binary.childForFieldName('operator')?.text;
  return operator === '??' || operator === '||';
}
