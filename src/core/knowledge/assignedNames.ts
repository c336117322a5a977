import type { SyntaxNode } from '../parse/parser';
import { calleeOf, propertyKeyName, stringValue } from '../parse/syntax';

/**
 * The name a value is stored under, read from the syntax around it: `const jwtSecret = <value>`,
 * `{ password: <value> }`, `this.token = <value>`, `function f(apiKey = <value>)`. Rules that judge
 * a value by what the code calls it (secrets, password hashes) share this.
 */

export type AssignedNameKind =
  /** `const name = value` */
  | 'variable'
  /** `{ name: value }` */
  | 'property'
  /** `class { name = value }` */
  | 'field'
  /** `name = value`, `obj.name = value` */
  | 'assignment'
  /** `function f(name = value)`, `const { name = value } = source` */
  | 'default';

export interface AssignedName {
  name: string;
  kind: AssignedNameKind;
  /** The node that holds the name and the value (declarator, pair, field, assignment, parameter, pattern). */
  holder: SyntaxNode;
}

const TRANSPARENT_PARENTS: ReadonlySet<string> = new Set([
  'parenthesized_expression', 'as_expression', 'satisfies_expression', 'non_null_expression', 'type_assertion',
]);

/** The outermost expression that is `value` itself, seen through parentheses and `as` casts. */
export function throughWrappers(value: SyntaxNode): SyntaxNode {
  let node = value;
  while (node.parent && TRANSPARENT_PARENTS.has(node.parent.type)) node = node.parent;
  return node;
}

/** The name `value` is stored under when it is the whole right-hand side of a declaration, property, assignment or default. */
export function assignedNameOf(value: SyntaxNode): AssignedName | undefined {
  const node = throughWrappers(value);
  const holder = node.parent;
  if (!holder) return undefined;
  const is = (field: string) => holder.childForFieldName(field)?.id === node.id;
  switch (holder.type) {
    case 'variable_declarator': {
      const name = holder.childForFieldName('name');
      return is('value') && name?.type === 'identifier' ? { name: name.text, kind: 'variable', holder } : undefined;
    }
    case 'pair': {
      const key = holder.childForFieldName('key');
      const name = key && is('value') ? propertyKeyName(key) : undefined;
      return name !== undefined ? { name, kind: 'property', holder } : undefined;
    }
    case 'public_field_definition':
    case 'field_definition': {
      const name = holder.childForFieldName('name') ?? holder.childForFieldName('property');
      return is('value') && name ? { name: name.text.replace(/^#/, ''), kind: 'field', holder } : undefined;
    }
    case 'assignment_expression':
    case 'augmented_assignment_expression': {
      const left = holder.childForFieldName('left');
      const name = is('right') && left ? targetName(left) : undefined;
      return name !== undefined ? { name, kind: 'assignment', holder } : undefined;
    }
    case 'required_parameter':
    case 'optional_parameter': {
      const pattern = holder.childForFieldName('pattern');
      return is('value') && pattern?.type === 'identifier' ? { name: pattern.text, kind: 'default', holder } : undefined;
    }
    case 'assignment_pattern':
    case 'object_assignment_pattern': {
      const left = holder.childForFieldName('left');
      const named = left?.type === 'identifier' || left?.type === 'shorthand_property_identifier_pattern';
      return is('right') && left && named ? { name: left.text, kind: 'default', holder } : undefined;
    }
    default:
      return undefined;
  }
}

/** `x` in `x = ...`, `password` in `user.password = ...` or `config['password'] = ...`. */
function targetName(left: SyntaxNode): string | undefined {
  if (left.type === 'identifier') return left.text;
  if (left.type === 'member_expression') return left.childForFieldName('property')?.text.replace(/^#/, '');
  if (left.type === 'subscript_expression') {
    const index = left.childForFieldName('index');
    return index ? stringValue(index) : undefined;
  }
  return undefined;
}

/**
 * For a property: the name of the object literal it belongs to (`db` for `const db = { password: ... }`),
 * or of the function it is passed to (`session` for `session({ secret: ... })`), when there is one.
 */
export function ownerName(property: AssignedName): string | undefined {
  if (property.kind !== 'property') return undefined;
  const object = property.holder.parent;
  if (object?.type !== 'object') return undefined;
  const call = object.parent?.type === 'arguments' ? object.parent.parent : null;
  if (!call) return assignedNameOf(object)?.name;
  const callee = calleeOf(call);
  if (callee?.type === 'identifier') return callee.text;
  return callee?.type === 'member_expression' ? callee.childForFieldName('property')?.text : undefined;
}
