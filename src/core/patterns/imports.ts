import { importSnippet, type ImportSpec, type ImportStyle, type ModuleSystem } from '../knowledge/resilienceLibraries';
import type { Binding, Value } from '../parse/bindings';
import { isTypeScriptFamily } from '../parse/languages';
import type { SyntaxNode } from '../parse/parser';
import { calleeOf, indentationAt, stringValue, unwrap, lineEnding } from '../parse/syntax';
import type { SourceFile } from '../sourceFile';
import type { TextEdit } from '../types';

/**
 * Bringing a library's names into a file for pattern code: found when the file already has them
 * (under any local name), merged into the file's import (or `require` destructuring) of that
 * module, or added as a new statement in the file's module system. Never a second binding of a name.
 */

/**
 * How the file loads modules. TypeScript, `.mjs` and files with `import` or `export` statements are
 * ES modules; `.cjs` files and JavaScript that calls `require` or assigns `module.exports` are
 * CommonJS; a JavaScript file with neither is taken as an ES module.
 */
export function moduleSystem(file: SourceFile): ModuleSystem {
  if (isTypeScriptFamily(file.language) || /\.mjs$/i.test(file.path)) return 'esm';
  if (/\.cjs$/i.test(file.path)) return 'commonjs';
  let commonjs = false;
  for (const statement of file.root.namedChildren) {
    if (!statement) continue;
    if (statement.type === 'import_statement' || statement.type === 'export_statement') return 'esm';
    if (!commonjs && (requireDeclaration(statement) !== undefined || assignsModuleExports(statement))) commonjs = true;
  }
  return commonjs ? 'commonjs' : 'esm';
}

/** Modules the file loads with a top-level `import` or `require` declaration. */
export function loadedModules(file: SourceFile): Set<string> {
  const modules = new Set<string>();
  for (const statement of file.root.namedChildren) {
    if (statement?.type === 'import_statement') {
      const source = statement.childForFieldName('source');
      const module = source ? stringValue(source) : undefined;
      if (module) modules.add(module);
    } else if (statement) {
      const required = requireDeclaration(statement);
      if (required) modules.add(required.module);
    }
  }
  return modules;
}

export interface ImportPlan {
  /** Names of the block's imports that the file binds under another name: block name → file name. */
  rename: Map<string, string>;
  /** Edits adding names to the file's own import or `require` of a module. */
  merges: TextEdit[];
  /** New import or `require` statements, for {@link importOffset}. */
  statements: string[];
}

/**
 * What it takes to give the file every binding in `specs`. An error when a name the code needs is
 * already declared in the file for something else.
 */
export function planImports(file: SourceFile, specs: readonly ImportSpec[], system: ModuleSystem): ImportPlan | { error: string } {
  const plan: ImportPlan = { rename: new Map(), merges: [], statements: [] };
  const declared = file.resolver.declarationsOf(file.root);
  for (const spec of mergeSpecs(specs)) {
    const missing: { default?: string; named: Array<{ imported: string; local: string }> } = { named: [] };
    const wanted = [...(spec.default ? [{ imported: undefined, local: spec.default }] : []), ...spec.named];
    for (const { imported, local } of wanted) {
      const existing = bindingOf(file, spec.module, imported);
      if (existing) {
        if (existing !== local) plan.rename.set(local, existing);
        continue;
      }
      if (declared.has(local)) {
        const what = imported ? `\`${imported}\` from ${spec.module}` : `${spec.module}'s default export as \`${local}\``;
        return { error: `This file already declares \`${local}\`, and the pattern needs ${what}. Rename yours, or import it under that name.` };
      }
      if (imported === undefined) missing.default = local;
      else missing.named.push({ imported, local });
    }
    if (!missing.default && missing.named.length === 0) continue;
    const merge = missing.default ? undefined : mergeEdit(file, spec.module, missing.named, system);
    if (merge) plan.merges.push(merge);
    else plan.statements.push(importSnippet({ module: spec.module, ...missing }, system, importStyle(file)));
  }
  return plan;
}

/** Where new import statements go: after the file's last import or `require` declaration; undefined when it has none. */
export function importOffset(file: SourceFile): number | undefined {
  let offset: number | undefined;
  for (const statement of file.root.namedChildren) {
    if (!statement) continue;
    if (statement.type === 'import_statement' || requireDeclaration(statement)) offset = statement.endIndex;
  }
  return offset;
}

/** One spec per module, names in first-seen order, each once. */
function mergeSpecs(specs: readonly ImportSpec[]): ImportSpec[] {
  const byModule = new Map<string, { module: string; default?: string; named: Array<{ imported: string; local: string }> }>();
  for (const spec of specs) {
    const merged = byModule.get(spec.module) ?? { module: spec.module, named: [] };
    merged.default ??= spec.default;
    for (const name of spec.named) if (!merged.named.some((n) => n.local === name.local)) merged.named.push(name);
    byModule.set(spec.module, merged);
  }
  return [...byModule.values()];
}

/** The module a module-scope name is imported or required from, if it is. */
export function moduleOfName(file: SourceFile, name: string): string | undefined {
  const binding = file.resolver.moduleDeclaration(name, file.root);
  if (!binding) return undefined;
  const value = bindingValue(file, binding);
  return value.kind === 'module' ? value.module : undefined;
}

/** The file's module-scope name for `module`'s export `imported` (its default export when undefined). */
function bindingOf(file: SourceFile, module: string, imported: string | undefined): string | undefined {
  for (const binding of file.resolver.declarationsOf(file.root).values()) {
    if (binding.identifier.parent?.type === 'namespace_import' || isTypeOnly(binding.identifier)) continue;
    const value = bindingValue(file, binding);
    if (value.kind !== 'module' || value.module !== module) continue;
    if (imported === undefined ? value.path.length === 0 : value.path.length === 1 && value.path[0] === imported) return binding.name;
  }
  return undefined;
}

/** What a module-scope name holds; a destructured `const { a } = require('m')` is read through its initialiser. */
function bindingValue(file: SourceFile, binding: Binding): Value {
  if (binding.destructured && binding.init) {
    const value = file.resolver.valueOf(binding.init);
    return value.kind === 'module' ? { ...value, path: [...value.path, ...binding.destructured] } : value;
  }
  return file.resolver.valueOf(binding.identifier);
}

function isTypeOnly(identifier: SyntaxNode): boolean {
  for (let node: SyntaxNode | null = identifier; node; node = node.parent) {
    if (node.type === 'import_statement') return node.children.some((c) => c?.type === 'type');
    if (node.type === 'import_specifier' && node.children.some((c) => c?.type === 'type')) return true;
  }
  return false;
}

/**
 * Adds names to the file's `import { ... } from 'module'` (or to a default-only import of it), or
 * to its `const { ... } = require('module')`; undefined when the file has neither.
 */
function mergeEdit(file: SourceFile, module: string, names: ReadonlyArray<{ imported: string; local: string }>, system: ModuleSystem): TextEdit | undefined {
  const render = (n: { imported: string; local: string }) => (n.imported === n.local ? n.local : system === 'esm' ? `${n.imported} as ${n.local}` : `${n.imported}: ${n.local}`);
  for (const statement of file.root.namedChildren) {
    if (!statement) continue;
    if (system === 'esm' && statement.type === 'import_statement') {
      const source = statement.childForFieldName('source');
      if (!source || stringValue(source) !== module || statement.children.some((c) => c?.type === 'type')) continue;
      const clause = statement.namedChildren.find((c) => c?.type === 'import_clause');
      const named = clause?.namedChildren.find((c) => c?.type === 'named_imports');
      if (named) return listEdit(file.text, named, 'import_specifier', names.map(render));
      const only = clause?.namedChildren.length === 1 ? clause.namedChildren[0] : undefined;
      if (only?.type === 'identifier') return { start: only.endIndex, end: only.endIndex, text: `, { ${names.map(render).join(', ')} }` };
    } else if (system === 'commonjs') {
      const required = requireDeclaration(statement);
      if (required?.module === module && required.pattern.type === 'object_pattern') {
        return listEdit(file.text, required.pattern, undefined, names.map(render));
      }
    }
  }
  return undefined;
}

/** Appends `items` to a `{ a, b }` list, on one line or one per line as the list is written. */
function listEdit(text: string, list: SyntaxNode, itemType: string | undefined, items: string[]): TextEdit {
  const members = list.namedChildren.filter((c): c is SyntaxNode => c !== null && c.type !== 'comment' && (itemType === undefined || c.type === itemType));
  const last = members[members.length - 1];
  if (!last) return { start: list.startIndex, end: list.endIndex, text: `{ ${items.join(', ')} }` };
  const comma = last.nextSibling?.type === ',' ? last.nextSibling : null;
  const multiLine = text.slice(list.startIndex, last.startIndex).includes('\n');
  if (multiLine) {
    const eol = lineEnding(text);
    const indent = indentationAt(text, last.startIndex);
    const added = items.map((item) => `${eol}${indent}${item}`);
    return comma ? { start: comma.endIndex, end: comma.endIndex, text: added.map((a) => `${a},`).join('') } : { start: last.endIndex, end: last.endIndex, text: `,${added.join(',')}` };
  }
  return comma ? { start: comma.endIndex, end: comma.endIndex, text: ` ${items.join(', ')},` } : { start: last.endIndex, end: last.endIndex, text: `, ${items.join(', ')}` };
}

/** `const x = require('m')` or `const { a } = require('m')` at the top level: the module and the declared pattern. */
function requireDeclaration(statement: SyntaxNode): { module: string; pattern: SyntaxNode } | undefined {
  if (statement.type !== 'lexical_declaration' && statement.type !== 'variable_declaration') return undefined;
  const declarators = statement.namedChildren.filter((c): c is SyntaxNode => c?.type === 'variable_declarator');
  if (declarators.length !== 1) return undefined;
  const value = declarators[0].childForFieldName('value');
  const name = declarators[0].childForFieldName('name');
  const call = value ? unwrap(value) : undefined;
  if (!name || call?.type !== 'call_expression' || calleeOf(call)?.text !== 'require') return undefined;
  const argument = call.childForFieldName('arguments')?.namedChildren[0];
  const module = argument ? stringValue(argument) : undefined;
  return module ? { module, pattern: name } : undefined;
}

function assignsModuleExports(statement: SyntaxNode): boolean {
  if (statement.type !== 'expression_statement') return false;
  const expression = statement.namedChildren[0];
  if (expression?.type !== 'assignment_expression') return false;
  const left = expression.childForFieldName('left')?.text ?? '';
  return left === 'module.exports' || left.startsWith('module.exports.') || left.startsWith('exports.');
}

/** The quotes and semicolons of the file's imports (or other statements), for a new one that looks like them. */
function importStyle(file: SourceFile): ImportStyle {
  let quote: ImportStyle['quote'] = "'";
  let semicolons = true;
  const sample = file.root.namedChildren.find((c) => c !== null && (c.type === 'import_statement' || requireDeclaration(c) !== undefined))
    ?? file.root.namedChildren.find((c) => c?.type === 'lexical_declaration' || c?.type === 'expression_statement');
  if (sample) {
    semicolons = sample.text.trimEnd().endsWith(';');
    const string = sample.descendantsOfType('string')[0];
    if (string?.text.startsWith('"')) quote = '"';
  }
  return { quote, semicolons };
}
