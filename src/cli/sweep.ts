import { runAllSweeps } from '../server/jobs/sweeps.js';
import { loadConfig } from '../server/config.js';
import { openRuntime } from '../server/runtime.js';

/**
 * `yimen sweep`: runs every background sweep once (lights, automatic supervision, escalation,
 * missed report-ins) and prints what each did. Safe beside running servers on PostgreSQL (the
 * sweeps claim rows with SKIP LOCKED); on the embedded engine the data folder's lock refuses it
 * while a server runs, whose own schedules do the same every minute.
 */
export async function sweepCommand(opts: { json?: boolean }): Promise<void> {
  const runtime = await openRuntime(loadConfig(), { jobs: false });
  try {
    const started = Date.now();
    const result = await runAllSweeps(runtime.deps);
    if (opts.json) console.log(JSON.stringify(result, null, 2));
    else {
      for (const [name, counts] of Object.entries(result)) {
        const what = Object.entries(counts)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ');
        console.log(`${name.padEnd(18)} ${what}`);
      }
      console.log(`All sweeps done in ${Date.now() - started} ms.`);
    }
  } finally {
    await runtime.close();
  }
}
