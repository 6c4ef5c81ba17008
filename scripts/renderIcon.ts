// Renders media/icon.svg to the 128x128 media/icon.png the Marketplace and the Extensions view show
// (`npm run icon`). Debian's chromium through playwright-core: no image tool to install.
import { readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';

const SIZE = 128;

async function main(): Promise<void> {
  const svg = readFileSync('media/icon.svg', 'utf8');
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
  try {
    const page = await browser.newPage({ viewport: { width: SIZE, height: SIZE }, deviceScaleFactor: 1 });
    await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
    await page.locator('svg').screenshot({ path: 'media/icon.png', omitBackground: true });
  } finally {
    await browser.close();
  }
  console.log('media/icon.png written');
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
