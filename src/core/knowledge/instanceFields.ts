import type { SyntaxNode } from '../parse/parser';
import { NodeCache } from '../parse/syntaxTree';
import { FUNCTION_TYPES, descendantsOfTypes } from '../parse/syntax';

/**
 * What `this.<name>` holds inside a class, when one file can tell: a client stored once in a
 * field (`private client = new OpenAI()`, or `this.client = new OpenAI()` in the constructor) is
 * traced to its creation. Anything assigned in two places, or received as a constructor parameter
 * property, stays unknown.
 */

export interface InstanceField {
  /** The one expression ever assigned to the field, when there is exactly one assignment and no parameter property. */
  value?: SyntaxNode;
  /** Every expression assigned to the field in its class (initializer first), when it is not a parameter property. */
  values?: readonly SyntaxNode[];
  /** The field's declared type annotation (`: Map<string, string>`), on the field or on the parameter property. */
  type?: SyntaxNode;
}

const FIELD_TYPES: ReadonlySet<string> = new Set(['public_field_definition', 'field_definition']);

/** Per class body: its fields by name, as far as asked. */
const fieldsOfBody = new NodeCache<Map<string, InstanceField | null>>();

/**
 * The field `member` (`this.client`, or `this.client` inside `this.client.chat.create`) reads, within
 * the class whose method it is in. Undefined when `member` is not `this.<name>`, when `this` is not
 * the instance (a nested `function`), or when the field is static.
 */
export function instanceFieldOf(member: SyntaxNode): InstanceField | undefined {
  if (member.type !== 'member_expression' || member.childForFieldName('object')?.type !== 'this') return undefined;
  const name = member.childForFieldName('property')?.text;
  const body = classBodyOfThis(member);
  if (!name || !body) return undefined;
  let fields = fieldsOfBody.get(body);
  if (!fields) fieldsOfBody.set(body, (fields = new Map()));
  let field = fields.get(name);
  if (field === undefined) {
    field = collectField(body, name) ?? null;
    fields.set(name, field);
  }
  return field ?? undefined;
}

/** The class body `this` refers to at `node`: arrow functions see through, other functions rebind `this`. */
function classBodyOfThis(node: SyntaxNode): SyntaxNode | undefined {
  for (let p = node.parent; p; p = p.parent) {
    if (p.type === 'arrow_function') continue;
    if (FIELD_TYPES.has(p.type)) return isStatic(p) ? undefined : (p.parent ?? undefined);
    if (FUNCTION_TYPES.has(p.type)) {
      if (p.type !== 'method_definition' || isStatic(p)) return undefined;
      return p.parent?.type === 'class_body' ? p.parent : undefined;
    }
  }
  return undefined;
}

function collectField(body: SyntaxNode, name: string): InstanceField | undefined {
  let type: SyntaxNode | undefined;
  const values: SyntaxNode[] = [];
  let parameterProperty = false;
  for (const member of body.namedChildren) {
    if (!member) continue;
    if (FIELD_TYPES.has(member.type) && !isStatic(member) && fieldName(member) === name) {
      type = member.childForFieldName('type') ?? type;
      const value = member.childForFieldName('value');
      if (value) values.push(value);
    } else if (member.type === 'method_definition' && member.childForFieldName('name')?.text === 'constructor') {
      for (const parameter of member.childForFieldName('parameters')?.namedChildren ?? []) {
        if (!parameter || !isParameterProperty(parameter) || parameter.childForFieldName('pattern')?.text !== name) continue;
        parameterProperty = true;
        type = parameter.childForFieldName('type') ?? type;
      }
    }
  }
  for (const assignment of descendantsOfTypes(body, ['assignment_expression'])) {
    const left = assignment.childForFieldName('left');
    if (left?.type !== 'member_expression' || left.childForFieldName('property')?.text !== name) continue;
    if (left.childForFieldName('object')?.type !== 'this' || classBodyOfThis(left)?.id !== body.id) continue;
    const right = assignment.childForFieldName('right');
    if (right) values.push(right);
  }
  if (!type && values.length === 0 && !parameterProperty) return undefined;
  return { value: values.length === 1 && !parameterProperty ? values[0] : undefined, values: parameterProperty ? undefined : values, type };
}

function fieldName(field: SyntaxNode): string | undefined {
  return (field.childForFieldName('name') ?? field.childForFieldName('property'))?.text;
}

/** `constructor(private readonly client: OpenAI)`: the field is whatever the caller passes. */
function isParameterProperty(parameter: SyntaxNode): boolean {
  return parameter.children.some((c) => c?.type === 'accessibility_modifier' || c?.type === 'readonly' || c?.type === 'override_modifier');
}

function isStatic(member: SyntaxNode): boolean {
  return member.children.some((c) => c?.type === 'static');
}
