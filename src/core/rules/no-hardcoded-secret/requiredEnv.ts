import { isTypeScriptFamily } from '../../parse/languages';
import type { SyntaxNode } from '../../parse/parser';
import { descendantsOfTypes, FUNCTION_TYPES } from '../../parse/syntax';
import { afterPrologue, insertTopLevel } from '../../patterns/helperInsertion';
import { FileCache, type SourceFile } from '../../sourceFile';
import type { TextEdit } from '../../types';

/**
 * The fix the section asks for: read the secret from the environment and fail at startup when it is
 * missing. `process.env.X` alone is `string | undefined` (strict TypeScript rejects it where a string
 * is needed) and lets the service start without the secret, so the fix calls a small `requiredEnv`
 * helper: the file's own when it declares one (under any name), otherwise one inserted after the imports. Every
 * finding inserts the same text at the same place, so fixing several secrets adds it once.
 */

const HELPER = 'requiredEnv';

const TYPESCRIPT_HELPER = `/** The value of a required environment variable; throws at startup when it is missing. */
function ${HELPER}(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(\`Missing required environment variable \${name}\`);
  return value;
}`;

const JAVASCRIPT_HELPER = TYPESCRIPT_HELPER.replace('(name: string): string', '(name)');

const ownHelpers = new FileCache<string | null>();

/** The call that reads `variable`, with the edits that declare the helper first when the file lacks it; undefined when the name is taken by something else. */
export function requiredEnvFix(file: SourceFile, at: SyntaxNode, variable: string): { helper: string; call: string; edits: TextEdit[] } | undefined {
  let own = ownHelpers.get(file);
  if (own === undefined) ownHelpers.set(file, (own = ownRequiredEnvHelper(file) ?? null));
  const name = own ?? HELPER;
  const call = `${name}('${variable}')`;
  const visible = file.resolver.lookup(name, at);
  const declaredAtTop = file.resolver.moduleDeclaration(name, file.root);
  if (visible) return visible === declaredAtTop ? { helper: name, call, edits: [] } : undefined;
  const code = isTypeScriptFamily(file.language) ? TYPESCRIPT_HELPER : JAVASCRIPT_HELPER;
  return { helper: name, call, edits: [insertTopLevel(file.text, afterPrologue(file), code)] };
}

/**
 * A module-level function of the file that does the helper's job under another name: one
 * parameter, reads `process.env[parameter]` and throws (`function required(name) {...}`).
 */
function ownRequiredEnvHelper(file: SourceFile): string | undefined {
  for (const binding of file.resolver.declarationsOf(file.root).values()) {
    const fn = binding.kind === 'function' ? binding.identifier.parent : binding.kind === 'variable' ? binding.init : undefined;
    if (!fn || !FUNCTION_TYPES.has(fn.type) || !fn.text.includes('process.env[') || !fn.text.includes('throw')) continue;
    const parameters = fn.childForFieldName('parameters')?.namedChildren.filter((p) => p !== null && p.type !== 'comment') ?? [];
    const parameter = parameters.length === 1 ? (parameters[0]!.childForFieldName('pattern') ?? parameters[0]) : undefined;
    if (parameter?.type !== 'identifier') continue;
    const readsParameter = descendantsOfTypes(fn, ['subscript_expression']).some(
      (s) => s.childForFieldName('object')?.text === 'process.env' && s.childForFieldName('index')?.text === parameter.text,
    );
    if (readsParameter && descendantsOfTypes(fn, ['throw_statement']).length > 0) return binding.name;
  }
  return undefined;
}
