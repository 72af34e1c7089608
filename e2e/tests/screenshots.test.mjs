// Regenerates the README's screenshots from the release build: each page, light and dark.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { appReady, launch, openPage, serve } from '../lib/harness.mjs';

const OUT = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));
let server;
let browser;

before(async () => {
  mkdirSync(OUT, { recursive: true });
  server = await serve();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

for (const page of ['build', 'inspect']) {
  for (const colorScheme of ['light', 'dark']) {
    test(`screenshot of ${page} in ${colorScheme}`, async () => {
      const { context, page: tab, record } = await openPage(browser, {
        colorScheme,
        viewport: { width: 1100, height: 760 },
      });
      await tab.goto(`${server.origin}/#${page}`);
      await appReady(tab);
      const background = await tab.evaluate(() => getComputedStyle(document.body).backgroundColor);
      // The theme follows the system: a dark page has a dark background and the reverse.
      const [r, g, b] = background.match(/\d+/g).map(Number);
      const light = (r + g + b) / 3 > 128;
      assert.equal(light, colorScheme === 'light', `background ${background} in ${colorScheme}`);
      const file = `${OUT}${page}-${colorScheme}.png`;
      await tab.screenshot({ path: file, fullPage: true });
      assert.ok(statSync(file).size > 5000, `${file} has content`);
      assert.deepEqual(record.errors, []);
      await context.close();
    });
  }
}
