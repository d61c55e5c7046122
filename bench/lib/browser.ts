/**
 * The staff view in a real browser (Debian's chromium through playwright-core, never a downloaded
 * one): the handler's page served over loopback HTTP by a small server that calls it as the gateway
 * does, loaded `loads` times; each load timed from navigation start to the load event (the page's
 * own Navigation Timing), so it includes the handler's DynamoDB reads, the transfer and rendering.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { launchBrowser } from '../../tests/support/browser.js';
import { invoke } from './invoke.js';

export async function staffInChromium(tableName: string, loads: number): Promise<{ loads: number[]; bytes: number; rows: number }> {
  let bytes = 0;
  const server = createServer((req, res) => {
    void invoke('GET', req.url ?? '/staff', {}, tableName).then((r) => {
      bytes = Buffer.byteLength(r.body);
      res.writeHead(r.status, r.headers);
      res.end(r.body);
    }, (e: unknown) => { res.writeHead(500); res.end(String(e)); });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/staff`;
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const times: number[] = [];
    let rows = 0;
    for (let i = 0; i < loads + 1; i++) {
      const res = await page.goto(url, { waitUntil: 'load' });
      if (res?.status() !== 200) throw new Error(`GET /staff answered ${res?.status()}`);
      const ms = await page.evaluate(() => {
        const [nav] = performance.getEntriesByType('navigation') as PerformanceNavigationTiming[];
        return nav ? nav.loadEventEnd - nav.startTime : Number.NaN;
      });
      rows = await page.locator('tbody tr').count();
      if (i > 0) times.push(ms); // the first load warms the browser's own caches
    }
    return { loads: times, bytes, rows };
  } finally {
    await browser.close();
    await new Promise((r) => server.close(r));
  }
}
