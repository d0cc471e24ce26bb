import { runRetention } from './run.ts';

/**
 * The cron trigger (wrangler.toml [triggers]): one bounded retention run at the time it was
 * scheduled for. A failure fails the invocation (shown in the dashboard's cron events) and the
 * next run starts over from what is left.
 */
export async function runScheduled(controller: ScheduledController, env: Env): Promise<void> {
  await runRetention(env, controller.scheduledTime);
}
