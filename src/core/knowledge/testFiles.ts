/**
 * Test files talk to mocked clients (nock, msw, jest.mock): a missing timeout or retry there is not
 * a production risk, so rules about remote calls skip them.
 */

/** `orders.test.ts`, `orders.spec.js`, `app.e2e-spec.ts`, with any JS or TS extension. */
const TEST_FILE_NAME = /\.(test|spec|e2e-spec)\.[cm]?[jt]sx?$/i;

/** Folders whose files are tests or test doubles. */
const TEST_FOLDERS: ReadonlySet<string> = new Set(['__tests__', '__mocks__', 'test', 'tests']);

/** True when `filePath` (POSIX or Windows separators) names a test file or lies in a test folder. */
export function isTestFile(filePath: string): boolean {
  const segments = filePath.split(/[\\/]/);
  const name = segments[segments.length - 1] ?? '';
  return TEST_FILE_NAME.test(name) || segments.slice(0, -1).some((segment) => TEST_FOLDERS.has(segment.toLowerCase()));
}
