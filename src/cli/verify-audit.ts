import { loadConfig } from '../server/config.js';
import { verifyAuditLog } from '../server/modules/audit/audit-chain.service.js';
import { openRuntime } from '../server/runtime.js';

/** `yimen verify-audit`: seals pending audit rows, then re-verifies the audit log's whole hash chain. */
export async function verifyAuditCommand(opts: { json?: boolean }): Promise<void> {
  const runtime = await openRuntime(loadConfig(), { jobs: false });
  try {
    const report = await verifyAuditLog(runtime.deps);
    if (opts.json) console.log(JSON.stringify(report, null, 2));
    else if (report.ok)
      console.log(`Audit log OK: ${report.records} records, ${report.links} links verified.`);
    else {
      if (report.problem)
        console.log(`BROKEN audit chain at link ${report.problem.seq}: ${report.problem.problem}`);
      if (report.unsealed) console.log(`${report.unsealed} audit records older than an hour are not sealed.`);
    }
    process.exitCode = report.ok ? 0 : 1;
  } finally {
    await runtime.close();
  }
}
