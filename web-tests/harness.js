// Starts `bianjing serve` on a free loopback port and Debian's chromium, and watches each page for
// console errors and for any request that leaves the server (the app must work offline).

import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
export const screenshots = path.join(here, 'screenshots');

// The binary under test: BIANJING_BIN, else the debug build in the cargo target directory.
function binary() {
  if (process.env.BIANJING_BIN) return process.env.BIANJING_BIN;
  const target = process.env.CARGO_TARGET_DIR || path.join(here, '..', 'target');
  return path.join(target, 'debug', 'bianjing');
}

export async function startServer(extraArgs = []) {
  const child = spawn(binary(), ['serve', '--addr', '127.0.0.1:0', ...extraArgs], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`the server did not start in 20 s; stderr: ${stderr}`)), 20000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/at (http:\/\/127\.0\.0\.1:\d+\/)/);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`the server exited with ${code}: ${stderr}`)); });
    child.on('error', (e) => { clearTimeout(timer); reject(new Error(`cannot start ${binary()}: ${e.message} (build it with cargo build, or set BIANJING_BIN)`)); });
  });
  return {
    url,
    child,
    async stop() {
      if (child.exitCode !== null) return child.exitCode;
      const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal)));
      child.kill('SIGINT');
      return exited;
    },
  };
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

// A page that records console errors, uncaught exceptions and requests to any other origin (which
// are blocked).
export async function openPage(browser, server) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  const origin = new URL(server.url).origin;
  await page.route('**/*', (route) => {
    const u = route.request().url();
    if (u.startsWith(origin) || u.startsWith('data:')) return route.continue();
    problems.push(`request outside the server: ${u}`);
    return route.abort();
  });
  return { page, problems, close: () => context.close() };
}

// The window as a person sees it (the whole page with `{ fullPage: true }`), in web-tests/screenshots/.
export async function screenshot(page, name, options = {}) {
  mkdirSync(screenshots, { recursive: true });
  await page.screenshot({ path: path.join(screenshots, `${name}.png`), fullPage: Boolean(options.fullPage) });
}
