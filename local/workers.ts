/**
 * Local stand-ins for what AWS triggers: the outbox dispatcher (a DynamoDB stream in AWS, a poller
 * on the sparse `outbox` index here) and the lifecycle function (EventBridge Scheduler in AWS).
 * They call the same handler modules' exported functions as the deployed triggers.
 */

export interface Workers { stop(): Promise<void>; dispatchNow(): Promise<void>; lifecycleNow(): Promise<void> }

export function startWorkers(opts: { dispatchIntervalMs: number; lifecycleIntervalMs: number }): Workers {
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  const dispatch = async () => {
    const { dispatchDue } = await import('../functions/handlers/dispatcher.js');
    await dispatchDue(new Date());
  };
  const lifecycle = async () => {
    const { runLifecycle } = await import('../functions/handlers/lifecycle.js');
    await runLifecycle(new Date()); // it logs its own report
  };
  // One run at a time per worker: a slow SES never piles up overlapping dispatches.
  const serial = (fn: () => Promise<void>, name: string) => () => {
    if (stopped) return;
    running = running.then(fn).catch(async (e: unknown) => {
      // Imported once the stack has set STAGE and LOG_LEVEL (the logger reads them when loaded).
      const { logger } = await import('../functions/edge/logger.js');
      logger.error(`${name} failed`, { error: e instanceof Error ? e : String(e) });
    });
  };
  const d = setInterval(serial(dispatch, 'dispatcher'), opts.dispatchIntervalMs);
  const l = setInterval(serial(lifecycle, 'lifecycle'), opts.lifecycleIntervalMs);
  return {
    dispatchNow: async () => { serial(dispatch, 'dispatcher')(); await running; },
    lifecycleNow: async () => { serial(lifecycle, 'lifecycle')(); await running; },
    async stop() {
      stopped = true;
      clearInterval(d);
      clearInterval(l);
      await running;
    },
  };
}
