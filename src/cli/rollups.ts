import { loadConfig } from '../server/config.js';
import { rebuildRollups } from '../server/modules/analytics/rollups-rebuild.js';
import { openRuntime } from '../server/runtime.js';

/**
 * `yimen rollups rebuild`: recomputes the dashboards' rollups from the case ledger and the grid
 * reports. On the embedded engine a running server holds the data folder and this refuses with a
 * message naming it; on PostgreSQL it may run beside the server (writers wait for its lock).
 */
export async function rollupsRebuildCommand(opts: { json?: boolean }): Promise<void> {
  const runtime = await openRuntime(loadConfig(), { jobs: false });
  try {
    const report = await rebuildRollups(runtime.deps.db);
    if (opts.json) console.log(JSON.stringify(report, null, 2));
    else {
      console.log(
        `Rollups rebuilt from ${report.cases} cases (${report.events} ledger events) and ` +
          `${report.gridReports} grid reports: ${report.caseRows} case rows in ${report.ms} ms.`,
      );
    }
  } finally {
    await runtime.close();
  }
}
