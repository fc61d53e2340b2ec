import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadConfig } from '../server/config.js';
import { HttpError } from '../server/http/errors.js';
import { t } from '../server/http/i18n.js';
import { openRuntime } from '../server/runtime.js';
import { kindOf, modeOf } from '../server/modules/imports/imports.routes.js';
import { prepareImport, readImport } from '../server/modules/imports/imports.service.js';
import { TableFileError, fileTypeOf, readTable, toCsv } from '../server/modules/imports/table-file.js';
import { cliActor } from './api-key.js';

export interface ImportOptions {
  mode?: string;
  region?: string;
  source?: string;
  passwordsOut?: string;
  json?: boolean;
}

/**
 * `yimen import cases|users|units|mediation-orgs FILE`: validates every row, reports the refused
 * ones, writes the rest (or nothing, all-or-nothing). Cases are registered by the system at the
 * township center of their place, with channel 'hotline'.
 */
export async function importCommand(kindName: string, file: string, opts: ImportOptions): Promise<void> {
  const kind = kindOf(kindName);
  if (!kind) throw new Error(`unknown import kind "${kindName}": cases, users, units or mediation-orgs`);
  const mode = modeOf(opts.mode ?? 'all-or-nothing');
  if (!mode) throw new Error('--mode must be all-or-nothing or skip-bad');
  const type = fileTypeOf(file);
  if (!type) throw new Error('only .xlsx and .csv files can be imported');
  if (kind === 'users' && !opts.passwordsOut) {
    throw new Error('give --passwords-out FILE: the initial passwords are written there, once (mode 600)');
  }
  if (opts.region && !/^\d{2,15}$/.test(opts.region))
    throw new Error(`--region: not a region code: ${opts.region}`);
  let table;
  try {
    table = await readTable(await readFile(file), type);
  } catch (err) {
    if (err instanceof TableFileError) throw new Error(`cannot read ${file}: ${err.message}`);
    throw err;
  }

  const runtime = await openRuntime(loadConfig(), { jobs: true, startWorkers: false });
  try {
    const actor = cliActor();
    let prepared;
    try {
      prepared = await prepareImport(runtime.deps, {
        kind,
        mode,
        source: opts.source ?? 'hotline',
        fileName: path.basename(file),
        table,
        defaultRegion: kind === 'cases' ? (opts.region ?? null) : null,
        actor: { kind: 'cli', label: actor.actorLabel },
        ip: null,
      });
    } catch (err) {
      if (err instanceof HttpError) throw new Error(t('en', err.messageKey, err.params));
      throw err;
    }
    const started = Date.now();
    const timer = setInterval(() => {
      void readImport(runtime.deps, prepared.id).then((job) => {
        if (job) process.stderr.write(`… ${job.processed} / ${job.total} rows\n`);
      });
    }, 5000);
    let summary;
    try {
      summary = await prepared.run(async (list) => {
        const rows = [
          ['row', 'username', 'password'],
          ...list.map((p) => [String(p.row), p.username, p.password]),
        ];
        await writeFile(opts.passwordsOut!, toCsv(rows), { mode: 0o600 });
      });
    } finally {
      clearInterval(timer);
    }
    const seconds = (Date.now() - started) / 1000;
    if (opts.json) {
      const { passwords: _passwords, ...rest } = summary;
      console.log(JSON.stringify({ ...rest, seconds }, null, 2));
    } else {
      for (const r of summary.report.rejected) {
        for (const p of r.problems) console.log(`row ${r.row}\t${p.column}\t${p.zh}\t${p.en}`);
      }
      console.log(
        `${summary.status}: ${summary.total} rows, ${summary.accepted} imported, ${summary.rejected} refused, ` +
          `${summary.alreadyImported} already imported, in ${seconds.toFixed(1)} s ` +
          `(${Math.round(summary.total / Math.max(seconds, 0.001))} rows/s). Job ${summary.id}.`,
      );
      if (summary.status === 'refused')
        console.log('All-or-nothing: nothing was written. Fix the rows above, or use --mode skip-bad.');
      if (summary.passwords?.length)
        console.log(`Initial passwords written to ${opts.passwordsOut} (must be changed at first log-in).`);
    }
    if (summary.status !== 'done') process.exitCode = 1;
  } finally {
    await runtime.close();
  }
}
