// Headless Debian Chromium driven by playwright-core (which downloads no browser of its own).
import path from 'node:path';
import { chromium } from 'playwright-core';
import { toolPaths } from './paths.mjs';

/** Launches Chromium with a fresh profile inside the run folder; returns its one page too. */
export async function launchBrowser(runDir, { width = 1280, height = 800 } = {}) {
  // launchPersistentContext is the way to give Chromium our own profile folder
  // (a --user-data-dir in args is refused by playwright).
  const context = await chromium.launchPersistentContext(path.join(runDir, 'chromium-profile'), {
    executablePath: toolPaths().chromium,
    headless: true,
    viewport: { width, height },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = context.pages()[0] ?? await context.newPage();
  return { context, page };
}
