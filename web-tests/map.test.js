import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, openPage, screenshot } from './harness.js';

let server;
let browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

const jin = '#theatre circle.force[data-force="jin_east"]:not([data-inset])';

test('the map draws the theatre and the day slider moves the forces', async () => {
  const { page, problems, close } = await openPage(browser, server);
  await page.goto(`${server.url}map`);
  await page.waitForSelector('#theatre');
  for (const id of ['kaifeng', 'mutuo_gang', 'huazhou', 'taiyuan', 'zhongshan', 'hejian', 'pingyang']) {
    assert.equal(await page.locator(`#theatre [data-place="${id}"]`).count() >= 1, true, `${id} is on the map`);
  }
  assert.ok(await page.locator('#theatre .river').count() === 1, 'the Yellow River is drawn');
  const at = async () => page.$eval(jin, (c) => [c.getAttribute('cx'), c.getAttribute('cy')].join(','));
  const day0 = await at();
  const label0 = await page.textContent('#day-label');
  assert.match(label0, /JK1 1\/2/);
  await page.fill('#day', '12');
  await page.dispatchEvent('#day', 'input');
  const day12 = await at();
  assert.notEqual(day12, day0, 'the eastern army has moved by day 12');
  assert.match(await page.textContent('#day-label'), /JK1 1\/14/);
  assert.ok(await page.locator('#force-table tbody tr').count() > 3);
  await page.waitForTimeout(500); // the forces glide to their places
  await screenshot(page, 'map-day-12');

  // Play animates: the slider advances by itself.
  await page.fill('#day', '0');
  await page.dispatchEvent('#day', 'input');
  await page.click('#play');
  await page.waitForFunction(() => Number(document.querySelector('#day').value) >= 3, null, { timeout: 10000 });
  await page.click('#play');
  const stopped = await page.$eval('#day', (s) => s.value);
  assert.ok(Number(stopped) >= 3);
  await screenshot(page, 'map-played');
  assert.deepEqual(problems, []);
  await close();
});
