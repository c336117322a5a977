/**
 * Test files talk to mocked clients (nock, msw, jest.mock): a missing timeout or retry there is not
 * a production risk, so rules about remote calls skip them.
 */

/** `orders.test.ts`, `orders.spec.js`, `app.e2e-spec.ts`, with any JS or TS extension. */
const TEST_FILE_NAME = /\.(test|spec|e2e|e2e-spec|e2e-ee|int-spec|integration|cy|stories)\.[cm]?[jt]sx?$/i;

/** Folders whose files are tests or test doubles wherever they are. */
const TEST_FOLDERS: ReadonlySet<string> = new Set(['__tests__', '__mocks__']);
/** Folders that hold tests when they sit inside the project; above it they say nothing (a checkout under `/home/ci/test/`). */
const PROJECT_TEST_FOLDERS: ReadonlySet<string> = new Set(['test', 'tests', 'e2e', 'cypress', 'playwright', '__fixtures__']);

/**
 * True when `filePath` (POSIX or Windows separators) names a test file or lies in a test folder.
 * `test/` and `tests/` count only below `projectRoot` (the folder of the nearest package.json).
 */
export function isTestFile(filePath: string, projectRoot?: string): boolean {
  const segments = filePath.split(/[\\/]/);
  const name = segments[segments.length - 1] ?? '';
  if (TEST_FILE_NAME.test(name)) return true;
  const folders = segments.slice(0, -1).map((segment) => segment.toLowerCase());
  if (folders.some((folder) => TEST_FOLDERS.has(folder))) return true;
  if (!projectRoot) return false;
  const rootDepth = projectRoot.split(/[\\/]/).filter(Boolean).length;
  const inside = folders.filter(Boolean).slice(rootDepth);
  return inside.some((folder) => PROJECT_TEST_FOLDERS.has(folder));
}
