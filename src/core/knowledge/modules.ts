import { normaliseModule, type Value } from '../parse/bindings';
import type { SyntaxNode } from '../parse/parser';
import { argumentsOf, calleeOf, stringValue, unwrap } from '../parse/syntax';
import { FileCache, type SourceFile } from '../sourceFile';

/**
 * Which modules a file uses, for the cheap checks rules make before resolving any name: a rule about
 * SQL drivers, `child_process` or web frameworks has nothing to do in a file that imports none.
 */

const importsCache = new FileCache<ReadonlySet<string>>();

/**
 * Modules the file imports (type-only imports included: they name injected clients) or requires in
 * a top-level statement, normalised (`node:fs` → `fs`); computed once per file.
 */
export function importedModules(file: SourceFile): ReadonlySet<string> {
  let modules = importsCache.get(file);
  if (!modules) {
    const found = new Set<string>();
    // Only statements holding `import` or `require` can name a module.
    for (const statement of file.moduleStatements()) collectModules(statement, found);
    modules = found;
    importsCache.set(file, modules);
  }
  return modules;
}

/** True when the file imports at least one of `modules`. */
export function importsAnyOf(file: SourceFile, modules: ReadonlySet<string>): boolean {
  for (const module of importedModules(file)) if (modules.has(module)) return true;
  return false;
}

/**
 * The module a value ultimately comes from, through every factory and constructor call:
 * `new Pool()`, `(await pool.connect()).query` and `knex(config)('users').whereRaw` all lead back to
 * their driver. Undefined for parameters, globals and other values this file cannot trace.
 */
export function originModule(value: Value): string | undefined {
  let current = value;
  while (current.kind === 'created') current = current.by;
  return current.kind === 'module' ? current.module : undefined;
}

function collectModules(statement: SyntaxNode, into: Set<string>): void {
  switch (statement.type) {
    case 'import_statement': {
      // `import x = require('m')` keeps the module in its import_require_clause.
      const clause = statement.namedChildren.find((c) => c.type === 'import_require_clause');
      const source = statement.childForFieldName('source') ?? clause?.childForFieldName('source');
      const specifier = source ? stringValue(source) : undefined;
      if (specifier !== undefined) into.add(normaliseModule(specifier));
      return;
    }
    case 'export_statement': {
      const declaration = statement.childForFieldName('declaration');
      if (declaration) collectModules(declaration, into);
      return;
    }
    case 'lexical_declaration':
    case 'variable_declaration':
      for (const declarator of statement.namedChildren) {
        const value = declarator?.type === 'variable_declarator' ? declarator.childForFieldName('value') : null;
        const required = value ? requiredModule(value) : undefined;
        if (required !== undefined) into.add(normaliseModule(required));
      }
      return;
    case 'expression_statement': {
      const expression = statement.namedChildren[0];
      const required = expression ? requiredModule(expression) : undefined;
      if (required !== undefined) into.add(normaliseModule(required));
      return;
    }
    default:
      return;
  }
}

/** The module of `require('m')` at the root of `require('m').a.b(...)` or `await import('m')`, or undefined. */
export function requiredModule(expression: SyntaxNode): string | undefined {
  let node: SyntaxNode | null = unwrap(expression);
  while (node) {
    if (node.type === 'call_expression') {
      const callee = calleeOf(node);
      if (callee && ((callee.type === 'identifier' && callee.text === 'require') || callee.type === 'import')) {
        const [specifier] = argumentsOf(node);
        return specifier && stringValue(specifier);
      }
      node = callee;
    } else if (node.type === 'member_expression') {
      node = node.childForFieldName('object');
    } else if (node.type === 'await_expression') {
      node = node.namedChildren[0];
    } else {
      return undefined;
    }
  }
  return undefined;
}
