/**
 * A picture of a CPU profile the way a learner will see it: loaded into Chromium's own DevTools
 * (Performance panel, Bottom-up tab), as "Load profile..." does by hand. Chromium serves its
 * DevTools pages to whoever holds its debugging port; the browser is the one Debian installs,
 * driven by playwright-core, headless, on a loopback port.
 */
import { freePort } from '@workbook/testkit';
import { chromiumFound, launchChromium } from '@workbook/testkit/chromium';

/** Why no picture can be taken here, or undefined when it can. */
export function whyNoScreenshot(): string | undefined {
  return chromiumFound ? undefined : 'no Chromium found (Debian/Ubuntu: apt-get install chromium; or set CHROMIUM_PATH)';
}

export async function screenshotProfile(profileFile: string, pngFile: string): Promise<void> {
  const port = await freePort();
  const browser = await launchChromium([`--remote-debugging-port=${port}`, '--remote-debugging-address=127.0.0.1']);
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 800 } });
    await page.goto(`http://127.0.0.1:${port}/devtools/devtools_app.html`);
    await page.getByText('Performance', { exact: true }).first().click();
    // The panel's "Load trace..." button ("Load profile..." in older versions) opens a file chooser, which playwright answers.
    const load = page.getByRole('button', { name: /^load (trace|profile)/i }).first();
    await load.waitFor({ timeout: 60_000 });
    const chooser = page.waitForEvent('filechooser', { timeout: 60_000 });
    await load.click();
    await (await chooser).setFiles(profileFile);
    await page.getByText('Bottom-up', { exact: true }).first().waitFor({ timeout: 60_000 });
    // The first load shows a box of keyboard shortcuts over the flame chart.
    await page
      .getByRole('button', { name: /close/i })
      .first()
      .click({ timeout: 2_000 })
      .catch(() => {});
    await page
      .getByRole('button', { name: /sidebar/i })
      .first()
      .click({ timeout: 2_000 })
      .catch(() => {});
    const tab = page.getByText('Bottom-up', { exact: true }).first();
    await tab.click();
    // Give the table most of the height: drag the line between the chart and the table up.
    const box = await tab.boundingBox();
    if (box) {
      await page.mouse.move(box.x + 400, box.y - 6);
      await page.mouse.down();
      await page.mouse.move(box.x + 400, 330, { steps: 8 });
      await page.mouse.up();
    }
    await page.waitForTimeout(1_000);
    await page.screenshot({ path: pngFile });
  } finally {
    await browser.close();
  }
}
