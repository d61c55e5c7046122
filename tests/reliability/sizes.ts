/**
 * Sizes of the reliability suite. `npm test` runs it at a size that fits CI; `npm run
 * test:reliability` sets RELIABILITY=large (and the sizes the existing suites read, such as
 * MALFORMED_RUNS and OUTAGE_REQUESTS). Any single size can be set on its own.
 */
const large = process.env.RELIABILITY === 'large';
const num = (name: string, ci: number, big: number) => Number(process.env[name] ?? (large ? big : ci));

export const sizes = {
  /** Requests submitted against `npm start`'s stack around a kill -9. */
  killRequests: num('KILL_REQUESTS', 240, 2000),
  /** Acknowledged requests after which the stack is killed (the rest are in flight or still to come). */
  killAfter: num('KILL_AFTER', 80, 800),
  killConcurrency: num('KILL_CONCURRENCY', 12, 24),
  /** Rounds of GET and HEAD over every emailed link. */
  linkRounds: num('LINK_ROUNDS', 2, 5),
  /** Generated inputs per route in the route table. */
  routeInputs: num('ROUTE_INPUTS', 60, 700),
  /** Pixel hits with distinct user agents from one address (must count one view). */
  pixelAgents: num('PIXEL_AGENTS', 200, 200),
  /** Pixel hits with distinct referrers, each from its own network (the license's items must stay bounded). */
  pixelReferrers: num('PIXEL_REFERRERS', 120, 1000),
};
