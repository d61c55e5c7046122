/**
 * `npm run bench:journeys`: only the metered journeys of `npm run bench` (cost per 1,000 completed:
 * write and read units, invocations, emails per journey), in about a minute. Same stack, same
 * journeys (bench/lib/cost.ts), same meter (bench/lib/meter.ts). BENCH_JOURNEYS (10) per kind.
 */
import '../local/node-warnings.js';
import { dynamoDocumentClient } from '../functions/adapters/aws-clients.js';
import { dynamoRepository } from '../functions/adapters/repository.js';
import { costPerThousand, loadPrices, measureJourneys } from './lib/cost.js';
import { moduleFor } from './lib/invoke.js';
import { DynamoMeter } from './lib/meter.js';
import { startBenchStack } from './lib/stack.js';

const RUNS = Number(process.env.BENCH_JOURNEYS ?? 10);
const TABLE = 'bench-journeys';
const stack = await startBenchStack(TABLE);
try {
  const meter = new DynamoMeter(stack.dynamodb);
  meter.attach(dynamoDocumentClient());
  const shared = {
    raw: stack.raw, tableName: TABLE, repo: dynamoRepository(stack.raw, TABLE),
    async dispatch() {
      const { dispatchDue } = await moduleFor<{ dispatchDue: (now: Date) => Promise<{ sent: number }> }>('dispatcher', TABLE);
      while ((await dispatchDue(new Date())).sent) { /* until nothing is due */ }
    },
  };
  const prices = loadPrices();
  for (const j of await measureJourneys(shared, meter, `${stack.ses}/store`, RUNS)) {
    const cost = costPerThousand(j.perJourney, prices);
    const per = j.perJourney;
    const byFn = Object.entries(per.byFunction).map(([fn, f]) => `${fn} ${f.wru.toFixed(1)}`).join(', ');
    console.log(`${j.name}: ${per.wru.toFixed(1)} WRU, ${per.rru.toFixed(1)} RRU, ${per.invocations.toFixed(0)} invocations, ${j.emailsPerJourney.toFixed(0)} email(s); `
      + `$${cost.total.toFixed(4)} per 1,000 = ${cost.ratio.toFixed(2)}× the emails alone; WRU by function: ${byFn}`);
    console.log(`  per 1,000: ${cost.lines.map((l) => `${l.item} $${l.usd.toFixed(4)}`).join(', ')}; ${per.gbSeconds.toFixed(4)} GB-s each`);
  }
} finally {
  await stack.stop();
}
