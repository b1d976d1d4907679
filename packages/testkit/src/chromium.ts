/**
 * Starts the Chromium that Debian installs, headless, for the workbook's browser tests.
 *
 * playwright-core is only the remote control: it never downloads a browser of its own. Where the
 * browser lives comes from CHROMIUM_PATH, or Debian's /usr/bin/chromium. A separate entry point
 * (`@workbook/testkit/chromium`), so tests that need no browser never load playwright-core.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const chromiumFound = existsSync(CHROMIUM_PATH);

export const SKIP_NOTICE = `skipped: no Chromium found at ${CHROMIUM_PATH}; install it (Debian/Ubuntu: sudo apt-get install chromium) ` + 'to run the browser tests';

export const MISSING_IN_CI =
  `CI must install Chromium: none found at ${CHROMIUM_PATH}, so the browser tests cannot run. ` +
  'Install it in the CI setup (Debian/Ubuntu: apt-get install -y chromium), or set CHROMIUM_PATH.';

/**
 * `extraArgs` go after the kit's own flags: lesson 13 passes `--ignore-certificate-errors-spki-list`
 * so that the test browser trusts the one key the lesson made, and no other.
 */
export function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    // Headless, and quiet: no sandbox (tests often run as root in a container), no GPU, and none
    // of the background traffic a desktop browser makes (updates, sync, first-run pages).
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...extraArgs,
    ],
  });
}
