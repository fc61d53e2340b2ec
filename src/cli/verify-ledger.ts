import { loadConfig } from '../server/config.js';
import { verifyLedger } from '../server/modules/cases/verify-ledger.js';
import { openRuntime } from '../server/runtime.js';

/**
 * `yimen verify-ledger`. On the embedded engine the data folder is locked by a running server;
 * opening it then fails with a message naming that process, so this never corrupts anything.
 */
export async function verifyLedgerCommand(opts: { json?: boolean }): Promise<void> {
  const runtime = await openRuntime(loadConfig(), { jobs: false });
  try {
    const { db, crypto } = runtime.deps;
    const report = await verifyLedger(db.kysely, (t) => crypto.sm3Hex(t));
    if (opts.json) console.log(JSON.stringify(report, null, 2));
    else if (report.problems.length === 0) {
      console.log(
        `Ledger OK: ${report.cases} cases, ${report.events} events, every chain and projection verified.`,
      );
    } else {
      for (const p of report.problems) {
        console.log(`BROKEN case ${p.caseNo} (${p.caseId}) at event ${p.seq}: ${p.problem}`);
      }
      console.log(`${report.problems.length} of ${report.cases} cases fail verification.`);
    }
    process.exitCode = report.problems.length ? 1 : 0;
  } finally {
    await runtime.close();
  }
}
