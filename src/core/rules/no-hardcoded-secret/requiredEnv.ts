import { isTypeScriptFamily } from '../../parse/languages';
import type { SyntaxNode } from '../../parse/parser';
import { afterPrologue, insertTopLevel } from '../../patterns/helperInsertion';
import type { SourceFile } from '../../sourceFile';
import type { TextEdit } from '../../types';

/**
 * The fix the section asks for: read the secret from the environment and fail at startup when it is
 * missing. `process.env.X` alone is `string | undefined` (strict TypeScript rejects it where a string
 * is needed) and lets the service start without the secret, so the fix calls a small `requiredEnv`
 * helper: the file's own when it declares one, otherwise one inserted after the imports. Every
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

/** The call that reads `variable`, with the edits that declare the helper first when the file lacks it; undefined when the name is taken by something else. */
export function requiredEnvFix(file: SourceFile, at: SyntaxNode, variable: string): { call: string; edits: TextEdit[] } | undefined {
  const call = `${HELPER}('${variable}')`;
  const visible = file.resolver.lookup(HELPER, at);
  const declaredAtTop = file.resolver.declarationsOf(file.root).get(HELPER);
  if (visible) return visible === declaredAtTop ? { call, edits: [] } : undefined;
  const code = isTypeScriptFamily(file.language) ? TYPESCRIPT_HELPER : JAVASCRIPT_HELPER;
  return { call, edits: [insertTopLevel(file.text, afterPrologue(file), code)] };
}
