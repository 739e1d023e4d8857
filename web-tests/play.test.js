import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { startServer, launchBrowser, openPage, screenshot } from './harness.js';

let server;
let browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

const entries = (page) => page.locator('#play-chronicle li:not(.muted)').count();
const idle = (page) => page.waitForFunction(() => !document.querySelector('button[data-busy]'));

test('a game: to a decision, a choice, the chronicle grows, save and load, on to the end screen', async () => {
  const { page, problems, close } = await openPage(browser, server);
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(`${server.url}play`);
  await page.waitForSelector('#new-game');
  await page.fill('#seed', '7');
  await page.click('#begin');
  await page.waitForSelector('#play-date');
  assert.match(await page.textContent('#play-date'), /JK1 1\/2.*\(Julian\)/);
  assert.ok(await page.locator('#play-map [data-place="kaifeng"]:not([data-inset])').count() === 1, 'the capital is on the map');
  assert.ok(await page.locator('#play-map circle.force.jin').count() >= 1, 'the Jin are on the map');
  assert.ok(await page.locator('#play-map [data-place="kaifeng"][data-inset]').count() === 1, 'the capital is enlarged in the inset');
  assert.ok(await page.locator('#knowledge table.estimates tbody tr').count() >= 5, 'the estimates are shown');

  // Run to the first decision: the date moves on, the chronicle grows, the advisors argue.
  const before0 = await entries(page);
  if (await page.locator('.options button').count() === 0) {
    await page.click('#run-on');
    await page.waitForSelector('.options button');
  }
  assert.ok(await entries(page) > before0, 'the chronicle has grown by the first decision');
  assert.ok(await page.locator('#decision ul.advisors li').count() >= 2, 'the advisors argue');
  assert.ok(await page.locator('#decision .sources .badge').count() >= 1, 'the decision cites its sources');
  assert.equal(await page.locator('#next-day').isDisabled(), true, 'no day passes while a decision waits');
  await page.waitForTimeout(200);
  await screenshot(page, 'play-decision');

  // Choose by keyboard: the first option has the focus.
  const title = await page.textContent('#decision-title');
  const dayBefore = await page.textContent('#play-date');
  const option = await page.getAttribute('.options button:first-child', 'data-option');
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.option), option, 'the first option has the focus');
  await page.keyboard.press('Enter');
  await page.waitForFunction((t) => document.querySelector('#play-status')?.textContent.startsWith('Decided:'), title);
  await idle(page);
  const stored = await page.evaluate(() => localStorage.getItem('bianjing-play-save'));
  assert.equal(JSON.parse(stored).choices.at(-1).option, option, 'the choice is in the save');

  // Questions left this morning are answered by their number; then on: the chronicle grows.
  while (await page.locator('.options button').count() > 0) {
    await page.keyboard.press('1');
    await idle(page);
  }
  const beforeOn = await entries(page);
  await page.click('#run-on');
  await idle(page);
  assert.notEqual(await page.textContent('#play-date'), dayBefore, 'the days have moved on');
  assert.ok(await entries(page) > beforeOn, 'the chronicle has grown');

  // Save: the file is the save the server gave, and it loads back to the same morning.
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#save')]);
  assert.equal(download.suggestedFilename(), 'bianjing-game.json');
  const saved = await readFile(await download.path(), 'utf8');
  assert.equal(JSON.parse(saved).format, 'bianjing-game-save');
  const dateSaved = await page.textContent('#play-date');
  await page.click('#new');
  await page.waitForSelector('#new-game');
  await page.setInputFiles('#load-file', { name: 'bianjing-game.json', mimeType: 'application/json', buffer: Buffer.from(saved) });
  await page.waitForSelector('#play-date');
  assert.equal(await page.textContent('#play-date'), dateSaved, 'the loaded game is at the saved morning');

  // A bad file is refused with the server's reason, and the game stays as it was.
  await page.setInputFiles('#load-file', { name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from('{"format": "something"}') });
  await page.waitForSelector('#play-status .error');
  assert.match(await page.textContent('#play-status .error'), /^400: the save: not a game save: format `something`/);
  assert.equal(await page.textContent('#play-date'), dateSaved);
  // The browser reports the refused request in its console: that one is expected.
  const refusals = problems.filter((p) => p.includes('status of 400'));
  assert.equal(refusals.length, 1, problems.join('\n'));
  problems.splice(problems.indexOf(refusals[0]), 1);

  // Choose until the end: the first option each time.
  for (let moves = 0; await page.locator('#end').count() === 0; moves += 1) {
    assert.ok(moves < 300, 'the game ends');
    if (await page.locator('.options button').count() > 0) {
      await page.click('.options button:first-child');
    } else {
      await page.click('#run-on');
    }
    await idle(page);
  }
  assert.match(await page.textContent('#end-yours .summary'), /\w/);
  assert.match(await page.textContent('#end-record .summary'), /\w/);
  assert.ok(await page.locator('#end-outcomes g.share').count() >= 5, 'the outcome categories of the ensemble');
  assert.equal(await page.locator('#end-outcomes g.share.marked').count() >= 1, true, 'your outcome is marked');
  assert.ok(await page.locator('#turning-points li.yours').count() >= 1, 'your decisions are among the turning points');
  assert.ok(await page.locator('#game-chronicle li').count() > 5, 'the whole game is told');
  await screenshot(page, 'play-end');
  await screenshot(page, 'play-end-full', { fullPage: true });

  // A narrow window: everything in one column, nothing wider than the window.
  await page.setViewportSize({ width: 420, height: 800 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `the page is ${overflow}px wider than a narrow window`);
  await screenshot(page, 'play-end-narrow');
  assert.deepEqual(problems, []);
  await close();
});

test('a reload resumes the game where it was', async () => {
  const { page, problems, close } = await openPage(browser, server);
  await page.goto(`${server.url}play`);
  await page.waitForSelector('#new-game');
  await page.fill('#seed', '11');
  await page.click('#begin');
  await page.waitForSelector('#run-on');
  await page.click('#run-on');
  await page.waitForSelector('.options button');
  const date = await page.textContent('#play-date');
  await page.reload();
  await page.waitForSelector('#play-date');
  assert.equal(await page.textContent('#play-date'), date);
  assert.match(await page.textContent('#play-status'), /resumed/);
  // A seed that is not a number is refused on the page, before any request.
  await page.click('#new');
  await page.fill('#seed', 'seven');
  await page.click('#begin');
  assert.match(await page.textContent('#play-status .error'), /Seed: `seven` is not a whole number/);
  await page.setViewportSize({ width: 420, height: 800 });
  await page.fill('#seed', '11');
  await page.click('#begin');
  await page.waitForSelector('#play-date');
  if (await page.locator('.options button').count() === 0) {
    await page.click('#run-on');
    await page.waitForSelector('.options button');
  }
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `the page is ${overflow}px wider than a narrow window`);
  await screenshot(page, 'play-decision-narrow');
  assert.deepEqual(problems, []);
  await close();
});
