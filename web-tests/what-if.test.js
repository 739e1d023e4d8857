import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, openPage, screenshot } from './harness.js';

let server;
let browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

test('the explorer runs a what-if and charts probabilities with intervals and paired effects', async () => {
  const { page, problems, close } = await openPage(browser, server);
  await page.goto(`${server.url}what-if`);
  await page.waitForSelector('.what-if-card');
  await page.click('.what-if-card[data-what-if="no-raid"]');
  assert.ok(await page.locator('.what-if-card[data-what-if="no-raid"].chosen').count() === 1);
  await page.selectOption('#runs', '1000');
  await page.click('#run');
  await page.waitForSelector('#outcome-chart', { timeout: 60000 });
  const arms = await page.$$eval('#outcome-chart g[data-arm]', (gs) => [...new Set(gs.map((g) => g.dataset.arm))]);
  assert.deepEqual(arms, ['factual', 'no-raid']);
  // Every bar has its interval and its figure "p% [lo%, hi%]".
  const bars = await page.locator('#outcome-chart rect.bar').count();
  assert.equal(bars, 2 * 7, 'six categories and the whole sequence, for two arms');
  assert.equal(await page.locator('#outcome-chart line.interval').count(), 3 * bars);
  const figure = await page.textContent('#outcome-chart g[data-arm="factual"][data-category="withdrew-with-terms"] text.value');
  assert.match(figure, /^\d+\.\d% \[\d+\.\d%, \d+\.\d%\]$/);
  // The paired effects of no-raid, and the raid's probability falls to nothing.
  assert.ok(await page.locator('#effects-chart g.effect[data-arm="no-raid"]').count() > 0);
  const raidEffect = await page.textContent('#effects-chart g.effect[data-name="night-raid"] text:last-of-type');
  assert.match(raidEffect, /^−\d+\.\d pts/);
  assert.ok(await page.locator('#dates-chart g[data-arm]').count() > 0);
  assert.match(await page.textContent('#status'), /1,000 runs × 2 arm\(s\)/);
  await screenshot(page, 'what-if');
  assert.deepEqual(problems, []);
  await close();
});
