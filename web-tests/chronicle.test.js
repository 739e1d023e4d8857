import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, openPage, screenshot } from './harness.js';

let server;
let browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

test('the chronicle shows the record with lunar and Julian dates, sources and variants, then a run', async () => {
  const { page, problems, close } = await openPage(browser, server);
  await page.goto(server.url);
  await page.waitForSelector('li.entry');
  assert.match(await page.textContent('#run-label'), /The record: history mode/);
  // The night raid of the record: JK1 2/1, day dingyou 丁酉, 1126-02-24 Julian, with its sources.
  const raid = page.locator('li.entry[data-kind="night-raid"]');
  const raidText = await raid.textContent();
  assert.match(raidText, /JK1 2\/1/);
  assert.match(raidText, /丁酉/);
  assert.match(raidText, /1126-02-24 \(Julian\)/);
  assert.ok(await raid.locator('.badge[data-source]').count() >= 1, 'the raid carries source badges');
  // Where the sources date an event differently, each version is shown.
  const variants = page.locator('.variants');
  assert.ok(await variants.count() >= 1, 'at least one event has disputed dates');
  assert.match(await variants.first().textContent(), /sources differ/);
  // One dot per event on the time axis.
  assert.equal(await page.locator('#time-axis .dot').count(), await page.locator('li.entry').count());
  await screenshot(page, 'chronicle-record');
  await raid.scrollIntoViewIfNeeded();
  await screenshot(page, 'chronicle-raid');

  // Switch to a run: free mode, seed 7, the raid forbidden.
  await page.selectOption('select[name="mode"]', 'free');
  await page.fill('input[name="seed"]', '7');
  await page.check('input[name="what_if"][value="no-raid"]');
  await page.click('form.run button[type="submit"]');
  await page.waitForFunction(() => /A run: free mode, seed 7, what-ifs: no-raid/.test(document.querySelector('#run-label')?.textContent || ''));
  assert.equal(await page.locator('li.entry[data-kind="night-raid"]').count(), 0, 'no raid once it is forbidden');
  assert.match(page.url(), /what_if=no-raid/);
  assert.match(await page.textContent('#outcome'), /Outcome:/);
  await screenshot(page, 'chronicle-run');
  assert.deepEqual(problems, []);
  await close();
});
