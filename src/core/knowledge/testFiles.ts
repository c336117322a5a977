/**
 * Test files talk to mocked clients (nock, msw, jest.mock): a missing timeout or retry there is not
 * a production risk, so rules about remote calls skip them.
 */

/** `orders.test.ts`, `orders.spec.js`, `app.e2e-spec.ts`, with any JS or TS extension. */
const TEST_FILE_NAME = /\.(test|spec|e2e|e2e-spec|e2e-ee|int-spec|integration|cy|stories)\.[cm]?[jt]sx?$/i;
/** Files a test runner loads before or after the suites: `test-setup.ts`, `jest.setup.js`, `setupTests.ts`, `global-teardown.ts`. */
const TEST_SETUP_NAME = /^((test|tests|jest|vitest|mocha)[-_.]setup|setup[-_]?tests?|global[-_.]?(setup|teardown))\.[cm]?[jt]sx?$/i;

/** Folders whose files are tests or test doubles wherever they are. */
const TEST_FOLDERS: ReadonlySet<string> = new Set(['__tests__', '__mocks__']);
/** Folders that hold tests when they sit inside the project; above it they say nothing (a checkout under `/home/ci/test/`). */
const PROJECT_TEST_FOLDERS: ReadonlySet<string> = new Set(['test', 'tests', 'testing', 'e2e', 'cypress', 'playwright', '__fixtures__']);
/** The last part of a package name that says the whole package is test support: `@acme/testing`, `test-utils`, `e2e`. */
const TEST_PACKAGE_NAME = /(^|[-_])(tests?|testing|e2e)([-_]|$)/i;

/**
 * True when `filePath` (POSIX or Windows separators) names a test file or a test runner's setup
 * file, lies in a test folder, or belongs to a test-support package (`projectName` `@acme/testing`).
 * `test/`, `tests/` and `testing/` count only below `projectRoot` (the folder of the nearest package.json).
 */
export function isTestFile(filePath: string, projectRoot?: string, projectName?: string): boolean {
  const segments = filePath.split(/[\\/]/);
  const name = segments[segments.length - 1] ?? '';
  if (TEST_FILE_NAME.test(name) || TEST_SETUP_NAME.test(name)) return true;
  if (projectName && TEST_PACKAGE_NAME.test(projectName.slice(projectName.lastIndexOf('/') + 1))) return true;
  const folders = segments.slice(0, -1).map((segment) => segment.toLowerCase());
  if (folders.some((folder) => TEST_FOLDERS.has(folder))) return true;
  if (!projectRoot) return false;
  const rootDepth = projectRoot.split(/[\\/]/).filter(Boolean).length;
  const inside = folders.filter(Boolean).slice(rootDepth);
  return inside.some((folder) => PROJECT_TEST_FOLDERS.has(folder));
}
