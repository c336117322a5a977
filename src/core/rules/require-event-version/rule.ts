import { importedBrokers, recognizePublishedMessages } from '../../knowledge/eventPublishing';
import type { SyntaxNode } from '../../parse/parser';
import { closestAncestor, FUNCTION_TYPES, hasSpread, indentationAt, propertyKeyName, stringValue, unwrap, lineEnding } from '../../parse/syntax';
import type { SourceFile } from '../../sourceFile';
import type { Fix, TextEdit } from '../../types';
import { defineRule, JS_FAMILY } from '../rule';

/** Keys that name an event's type; `name` and `eventName` only with a literal value (`name: user.name` is data). */
const TYPE_KEYS: ReadonlySet<string> = new Set(['type', 'eventType', 'event_type']);
const NAME_KEYS: ReadonlySet<string> = new Set(['name', 'eventName', 'event_name']);
/** Version keys, compared lower-case without `_` and `-`: `schemaVersion`, `schema_version`, CloudEvents `specversion`. */
const VERSION_KEYS: ReadonlySet<string> = new Set(['version', 'schemaversion', 'eventversion', 'specversion', 'payloadversion']);
const NESTING = 2;

export default defineRule({
  meta: {
    id: 'require-event-version',
    description: 'Published events carry a schema version next to their type.',
    messages: {
      missingVersion:
        '{{event}} is published with a type but no schema version: consumers deployed on their own schedules, and replays of stored events, can only guess its shape from the fields present. Add an integer schemaVersion next to the type.',
    },
    defaultSeverity: 'warning',
    section: { instruction: 'distributed-systems', heading: 'Event schema evolution' },
    fixable: true,
    languages: JS_FAMILY,
  },
  create(context) {
    const { file } = context;
    if (importedBrokers(file).size === 0) return {};
    const reported = new Set<number>();

    const check = (node: SyntaxNode) => {
      for (const message of recognizePublishedMessages(file, node)) {
        const event = readablePayload(file, message.payload, node);
        if (!event || reported.has(event.id)) continue;
        const type = typeProperty(event);
        if (!type || hasVersion(event, 0) || (message.envelope && hasVersion(message.envelope, 0))) continue;
        reported.add(event.id);
        const name = stringValue(type.value);
        context.report({
          node: type.node,
          messageId: 'missingVersion',
          data: { event: name ? `Event \`${name}\`` : 'This event' },
          fixes: [addVersionFix(file, type.node)],
        });
      }
    };
    return { call_expression: check, new_expression: check };
  },
});

/** The object literal the payload is: written inline, or held in a `const` of the same function. */
function readablePayload(file: SourceFile, payload: SyntaxNode, publish: SyntaxNode): SyntaxNode | undefined {
  let node = unwrap(payload);
  if (node.type === 'identifier') {
    const binding = file.resolver.resolve(node);
    const declaration = binding?.identifier.parent?.parent;
    if (!binding?.init || binding.destructured || declaration?.childForFieldName('kind')?.text !== 'const') return undefined;
    if (closestAncestor(binding.identifier, FUNCTION_TYPES)?.id !== closestAncestor(publish, FUNCTION_TYPES)?.id) return undefined;
    node = unwrap(binding.init);
  }
  // A spread may bring a version in: the payload cannot be read whole.
  return node.type === 'object' && !hasSpread(node) ? node : undefined;
}

function typeProperty(event: SyntaxNode): { node: SyntaxNode; value: SyntaxNode } | undefined {
  for (const child of event.namedChildren) {
    if (child?.type === 'shorthand_property_identifier' && TYPE_KEYS.has(child.text)) return { node: child, value: child };
    if (child?.type !== 'pair') continue;
    const key = child.childForFieldName('key');
    const value = child.childForFieldName('value');
    const name = key && propertyKeyName(key);
    if (!name || !value) continue;
    if (TYPE_KEYS.has(name) || (NAME_KEYS.has(name) && stringValue(value) !== undefined)) return { node: child, value };
  }
  return undefined;
}

/** A version key in the object or in the object literals nested in it (a `metadata`, `headers` or attributes block). */
function hasVersion(object: SyntaxNode, depth: number): boolean {
  if (hasSpread(object)) return true;
  for (const child of object.namedChildren) {
    if (!child) continue;
    const key = child.type === 'pair' ? child.childForFieldName('key') : child.type === 'shorthand_property_identifier' ? child : null;
    const name = key && propertyKeyName(key);
    if (name && VERSION_KEYS.has(name.toLowerCase().replace(/[_-]/g, ''))) return true;
    const value = child.type === 'pair' ? child.childForFieldName('value') : null;
    if (value && unwrap(value).type === 'object' && depth < NESTING && hasVersion(unwrap(value), depth + 1)) return true;
  }
  return false;
}

/**
 * Adds `schemaVersion: 1` right after the type, in the object's layout. Not safe: the field changes
 * the bytes every consumer receives (a consumer that rejects unknown fields breaks), and `1` is a
 * claim about the payload's shape that only its author can make: it may be the third shape already.
 */
function addVersionFix(file: SourceFile, type: SyntaxNode): Fix {
  const { text } = file;
  const lineStart = text.lastIndexOf('\n', type.startIndex - 1) + 1;
  const ownLine = /^[ \t]*$/.test(text.slice(lineStart, type.startIndex));
  let edits: TextEdit[];
  if (!ownLine) {
    edits = [{ start: type.endIndex, end: type.endIndex, text: ', schemaVersion: 1' }];
  } else {
    const indent = indentationAt(text, type.startIndex);
    const eol = lineEnding(text);
    const comma = type.nextSibling?.type === ',' ? type.nextSibling : null;
    let lineEnd = comma?.endIndex ?? type.endIndex;
    // A comment that ends the type's line stays with it.
    const after = (comma ?? type).nextSibling;
    if (after?.type === 'comment' && !text.slice(lineEnd, after.startIndex).includes('\n')) lineEnd = after.endIndex;
    edits = comma
      ? [{ start: lineEnd, end: lineEnd, text: `${eol}${indent}schemaVersion: 1,` }]
      : [
          { start: type.endIndex, end: type.endIndex, text: ',' },
          { start: lineEnd, end: lineEnd, text: `${eol}${indent}schemaVersion: 1` },
        ];
    if (!comma && lineEnd === type.endIndex) edits = [{ start: type.endIndex, end: type.endIndex, text: `,${eol}${indent}schemaVersion: 1` }];
  }
  return { title: 'Add schemaVersion: 1 after the type (the version of this payload shape)', edits, safe: false, preferred: true };
}
