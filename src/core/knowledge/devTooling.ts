import { SERVER_FRAMEWORKS } from '../instructions/domains';
import type { SyntaxNode } from '../parse/parser';
import { stringValue, unwrap } from '../parse/syntax';
import { FileCache, type SourceFile } from '../sourceFile';

/**
 * Code that runs on a developer's machine or in CI, not in the service: release and seed scripts,
 * build files, command-line tools. A fetch without a timeout there hangs one terminal, and a shell
 * command built from a version number the developer typed injects nothing; rules about production
 * risks (timeouts, retries, injection) skip it. Hard-coded secrets are still secrets there.
 */

/** Folders of scripts run by hand or by CI (`scripts/release.js`, `server/scripts/seed.ts`), anywhere in the project. */
const SCRIPT_FOLDERS: ReadonlySet<string> = new Set(['scripts', 'script']);
/** Build files at the top of a project: `build.js`, `Gruntfile.js`, `webpack.prod.js`, `vite.config.ts`. */
const BUILD_FILE = /^(build|gruntfile|gulpfile|jakefile|webpack(\..+)?|rollup(\..+)?|esbuild(\..+)?|.+\.config)\.[cm]?[jt]s$/i;
/** Libraries that ask a person at a terminal: a service never prompts. (Spinners such as `ora` also appear in server SDKs.) */
const PROMPT_MODULES: readonly string[] = ['inquirer', '@inquirer/prompts', 'prompts', 'enquirer', '@clack/prompts'];

const cache = new FileCache<boolean>();

/**
 * True for a file in a `scripts/` folder of its project, a build file at the project's top, or any
 * file of a command-line package (one that depends on a terminal prompt library and on
 * no server framework). Folders count only below the project root; computed once per file.
 */
export function isDevTooling(file: SourceFile): boolean {
  let verdict = cache.get(file);
  if (verdict === undefined) {
    verdict = judge(file);
    cache.set(file, verdict);
  }
  return verdict;
}

function judge(file: SourceFile): boolean {
  const dependencies = file.project.dependencies;
  if (PROMPT_MODULES.some((m) => dependencies.has(m)) && !SERVER_FRAMEWORKS.some((m) => dependencies.has(m))) return true;
  const root = file.project.root;
  if (!root) return false;
  const inside = file.path.split(/[\\/]/).filter(Boolean).slice(root.split(/[\\/]/).filter(Boolean).length);
  const name = inside.pop() ?? '';
  if (inside.length === 0 && BUILD_FILE.test(name)) return true;
  return inside.some((folder) => SCRIPT_FOLDERS.has(folder.toLowerCase()));
}

/** `NODE_ENV` values of a developer's machine or a test run. */
const DEVELOPMENT_ENVIRONMENTS: ReadonlySet<string> = new Set(['development', 'dev', 'local', 'test']);

/**
 * True when `node` runs only in development: inside the `if` branch of a check such as
 * `process.env.NODE_ENV === 'development'` (or `!== 'production'`), alone or as one side of `&&`.
 */
/**
 * A development entry point by its name: `server-dev.ts`, `dev-server.js`, `webpack.dev.js`. The
 * values it hard-codes (a local admin token, a dev database password) start a developer's machine,
 * not a deployed service.
 */
export function isDevelopmentEntryPoint(file: SourceFile): boolean {
  const base = file.path.split(/[\\/]/).pop() ?? '';
  const stem = base.replace(/\.[cm]?[jt]sx?$/i, '');
  return /(^|[-_.])dev([-_.]|$)/i.test(stem);
}

export function isDevelopmentOnly(file: SourceFile, node: SyntaxNode): boolean {
  if (!file.memo('mentions', 'NODE_ENV', () => file.text.includes('NODE_ENV'))) return false;
  for (let child = node, parent = node.parent; parent; child = parent, parent = parent.parent) {
    if (parent.type !== 'if_statement' || parent.childForFieldName('consequence')?.id !== child.id) continue;
    const condition = parent.childForFieldName('condition');
    if (condition && conjuncts(condition).some((term) => checksDevelopment(file, term))) return true;
  }
  return false;
}

function conjuncts(condition: SyntaxNode): SyntaxNode[] {
  const node = unwrap(condition);
  if (node.type !== 'binary_expression' || node.childForFieldName('operator')?.text !== '&&') return [node];
  return [node.childForFieldName('left'), node.childForFieldName('right')].flatMap((side) => (side ? conjuncts(side) : []));
}

/** `process.env.NODE_ENV === 'development'`, `'test' == process.env.NODE_ENV`, `process.env.NODE_ENV !== 'production'`. */
function checksDevelopment(file: SourceFile, term: SyntaxNode): boolean {
  const operator = term.type === 'binary_expression' ? term.childForFieldName('operator')?.text : undefined;
  const left = term.childForFieldName('left');
  const right = term.childForFieldName('right');
  if (!operator || !left || !right) return false;
  const [read, literal] = stringValue(unwrap(right)) !== undefined ? [left, right] : [right, left];
  const value = file.resolver.valueOf(unwrap(read));
  const readsNodeEnv = value.kind === 'global' && value.name === 'process' && value.path.join('.') === 'env.NODE_ENV';
  const environment = stringValue(unwrap(literal));
  if (!readsNodeEnv || environment === undefined) return false;
  if (operator === '===' || operator === '==') return DEVELOPMENT_ENVIRONMENTS.has(environment);
  return (operator === '!==' || operator === '!=') && environment === 'production';
}

