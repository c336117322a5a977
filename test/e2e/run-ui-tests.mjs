// UI test through the browser, as a person sees the extension: the packaged .vsix installed into
// code-server, the fixture workspace open, a squiggle, its hover, the command in the palette.
// Saves docs/images/editor-diagnostic.png and editor-hover.png (the README screenshots).
// Env: INSTRUCTION_LENS_UI_STEP_TIMEOUT_MS (default 60000), the longest wait for one thing to show.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { launchBrowser } from './harness/browser.mjs';
import { codeServerDirs, installExtension, startCodeServer } from './harness/code-server.mjs';
import { REPO_ROOT, copyFixtureWorkspace, log, makeRunDir, removeRunDir, requireBuilt } from './harness/paths.mjs';
import { printExtensionErrors } from './harness/results.mjs';

const STEP_TIMEOUT_MS = Number(process.env.INSTRUCTION_LENS_UI_STEP_TIMEOUT_MS || 60_000);
const IMAGES = path.join(REPO_ROOT, 'docs/images');
const FILE = 'payments-client.ts';
const HOVER_TEXT = 'Timeouts and deadlines';
const COMMAND = /Instruction Lens: Apply Pattern(\.\.\.|…)/;

// Settings for clean screenshots. The fixture has no node_modules, so TypeScript's own checker
// would draw "Cannot find module 'axios'" errors; the extension under test does not rely on it.
const UI_SETTINGS = {
  'typescript.validate.enable': false,
  'javascript.validate.enable': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'editor.minimap.enabled': false,
};

/** The checks, in order; each later one builds on the editor state the earlier ones left. */
const STEPS = [
  ['Quick Open opens src/payments-client.ts', openFile],
  ['a warning squiggle is drawn in the editor', waitForSquiggle],
  [`hovering the squiggle explains it ("${HOVER_TEXT}")`, hoverSquiggle],
  ['the command palette lists "Instruction Lens: Apply Pattern..."', findCommandInPalette],
];

async function main() {
  requireBuilt('dist/extension.js');
  const runDir = makeRunDir('ui');
  const workspace = copyFixtureWorkspace(runDir);
  log(`run folder ${runDir}`);
  const vsix = packageExtension(runDir);
  log(`installed: ${installExtension(runDir, vsix).split('\n').pop()}`);
  const server = await startCodeServer({ runDir, settings: UI_SETTINGS });
  log(`code-server listening on port ${server.port} after ${server.readyMs} ms`);

  const counts = { passed: 0, failed: 0, skipped: 0 };
  let browser;
  try {
    browser = await launchBrowser(runDir);
    const { page } = browser;
    page.setDefaultTimeout(STEP_TIMEOUT_MS);
    await page.goto(server.workbenchUrl(workspace));
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'src' }).waitFor();
    log('workbench shows the workspace');
    for (const [name, step] of STEPS) {
      if (counts.failed) { counts.skipped++; console.log(`  - ${name} (skipped)`); continue; }
      const started = Date.now();
      try {
        await step(page);
        counts.passed++;
        console.log(`  ✔ ${name} (${Date.now() - started} ms)`);
      } catch (error) {
        counts.failed++;
        const message = error.message.replace(/\x1b\[[0-9;]*m/g, '').split('\n').slice(0, 4);
        console.log(`  ✖ ${name}\n    ${message.join('\n    ')}`);
        const shot = path.join(runDir, 'failure.png');
        await page.screenshot({ path: shot }).catch(() => {});
        console.log(`    screenshot: ${shot}; code-server log: ${server.logFile}`);
      }
    }
  } finally {
    await browser?.context.close().catch(() => {});
    await server.stop();
  }
  // The plain closing line CI reads.
  console.log(`ui: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
  if (counts.failed) {
    printExtensionErrors(codeServerDirs(runDir).userDataDir);
    process.exitCode = 1;
  } else {
    removeRunDir(runDir);
  }
}

/** Packages the built extension the way users get it; vsce works offline. */
function packageExtension(runDir) {
  const vsix = path.join(runDir, 'instruction-lens.vsix');
  const result = spawnSync(path.join(REPO_ROOT, 'node_modules/.bin/vsce'),
    // The README's images are relative: VS Code shows them from the installed folder, so no URL rewrite.
    ['package', '--no-dependencies', '--no-rewrite-relative-links', '-o', vsix],
    { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (result.status !== 0) throw new Error(`vsce package failed:\n${result.stdout}${result.stderr}`);
  return vsix;
}

const editorOf = (page) => page.locator('.editor-instance .monaco-editor').first();

async function openFile(page) {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(FILE);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: FILE }).first().waitFor();
  await page.keyboard.press('Enter');
  await editorOf(page).locator('.view-lines', { hasText: 'getInvoice' }).waitFor();
}

async function waitForSquiggle(page) {
  await editorOf(page).locator('.squiggly-warning').first().waitFor({ state: 'visible' });
  // The Problems panel beside the squiggle puts the diagnostic's words in the picture; filtered
  // to this file, since the fixture also holds files that are broken on purpose for other tests.
  await page.keyboard.press('Control+Shift+M');
  await page.getByPlaceholder('Filter (e.g. text').fill(FILE);
  await page.getByText(/^Showing \d+ of \d+$/).waitFor({ state: 'visible' }); // the filter took effect
  await page.locator('.markers-panel .monaco-list-row', { hasText: FILE }).first().waitFor({ state: 'visible' });
  await page.screenshot({ path: path.join(IMAGES, 'editor-diagnostic.png') });
  // Close the panel again: the hover gets the editor's full height.
  await page.keyboard.press('Control+J');
  await page.locator('.markers-panel').waitFor({ state: 'hidden' });
}

async function hoverSquiggle(page) {
  const box = await editorOf(page).locator('.squiggly-warning').first().boundingBox();
  // Two moves: the editor starts its hover timer on a mouse move inside the squiggled range.
  await page.mouse.move(box.x + box.width / 2 - 2, box.y + box.height / 2);
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  const hover = page.locator('.monaco-hover', { hasText: HOVER_TEXT }).first();
  await hover.waitFor({ state: 'visible' }).catch(async (error) => {
    const shown = await page.locator('.monaco-hover').allInnerTexts();
    throw new Error(`no hover says "${HOVER_TEXT}"; hovers shown: ${JSON.stringify(shown)}\n${error.message}`);
  });
  // Other hover providers (TypeScript's) may still show "Loading..."; the picture is better
  // without it, but the test does not depend on them.
  await hover.getByText(/^Loading/).waitFor({ state: 'hidden', timeout: 10_000 }).catch(() => {});
  await page.screenshot({ path: path.join(IMAGES, 'editor-hover.png') });
}

async function findCommandInPalette(page) {
  await page.mouse.move(5, 5);
  await page.keyboard.press('Escape');
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill('>Instruction Lens: Apply Pattern');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: COMMAND }).first().waitFor({ state: 'visible' });
  await page.keyboard.press('Escape');
}

fs.mkdirSync(IMAGES, { recursive: true });
main().catch((error) => {
  console.error(`ui tests FAILED: ${error.message}`);
  process.exitCode = 1;
});
