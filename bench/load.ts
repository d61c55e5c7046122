/**
 * `npm run bench:load`: only the load run of `npm run bench` — `npm start`'s stack under autocannon
 * on loopback for a bounded time (BENCH_LOAD_SECONDS, 20; BENCH_LOAD_CONNECTIONS, 8), mixed routes;
 * prints throughput, latency, errors and lost requests. Exits 1 on any error or lost request.
 */
import '../local/node-warnings.js';
import { loadRun } from './lib/load.js';

const seconds = Number(process.env.BENCH_LOAD_SECONDS ?? 20);
const connections = Number(process.env.BENCH_LOAD_CONNECTIONS ?? 8);
const log = (s: string) => process.stderr.write(`${s}\n`);
log(`load: ${seconds} s of autocannon against npm start's stack on 127.0.0.1, ${connections} connections, routes: terms, quotes, requests, status…`);
const r = await loadRun({ seconds, connections, log });
console.log(`throughput ${r.throughput.toFixed(1)} req/s; latency p50 ${r.p50} ms, p99 ${r.p99} ms; ${r.requests} requests; `
  + `errors ${r.errors + r.non2xx} (status codes ${JSON.stringify(r.statusCodes)}); lost ${r.lost} of ${r.acknowledged} acknowledged`);
process.exitCode = r.errors + r.non2xx + r.lost === 0 ? 0 : 1;
