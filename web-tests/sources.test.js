import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, openPage, screenshot } from './harness.js';

let server;
let browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

test('the sources page lists every fact with its sources and filters on a search term', async () => {
  const { page, problems, close } = await openPage(browser, server);
  await page.goto(`${server.url}sources`);
  await page.waitForSelector('article.fact');
  const total = await page.locator('article.fact').count();
  assert.ok(total > 200, `${total} facts`);
  assert.ok(await page.locator('#source-list dt').count() >= 10);
  assert.ok(await page.locator('article.fact.disputed').count() > 5, 'disagreements are marked');
  await screenshot(page, 'sources');

  await page.fill('#search', 'Yao Pingzhong');
  const shown = await page.locator('article.fact:not(.hidden)').count();
  assert.ok(shown > 0 && shown < total, `${shown} of ${total} shown`);
  for (const text of await page.locator('article.fact:not(.hidden)').allTextContents()) {
    assert.match(text.toLowerCase(), /yao pingzhong/);
  }
  assert.match(await page.textContent('#count'), new RegExp(`^${shown} of ${total} facts$`));
  assert.match(page.url(), /q=Yao/);
  await page.locator('article.fact:not(.hidden)').first().scrollIntoViewIfNeeded();
  await screenshot(page, 'sources-search');

  await page.fill('#search', 'no such thing anywhere');
  assert.equal(await page.locator('article.fact:not(.hidden)').count(), 0);
  assert.deepEqual(problems, []);
  await close();
});
