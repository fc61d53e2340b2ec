import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import type { Config } from './config.js';
import type { Runtime } from './runtime.js';
import { openRuntime } from './runtime.js';
import { demoAccountCount, ensureDemoTotp, listDemoAccounts } from './seed/demo-accounts.js';
import { seedDemo } from './seed/seed-demo.js';

export interface Started {
  app: FastifyInstance;
  runtime: Runtime;
  url: string;
  stop(): Promise<void>;
}

/** A production server does not start while demo accounts (a published password) can log in. */
export async function refuseDemoAccountsInProduction(
  config: Pick<Config, 'production'>,
  db: Parameters<typeof demoAccountCount>[0],
): Promise<void> {
  if (config.production && (await demoAccountCount(db)) > 0) {
    throw new Error('Demo accounts exist but NODE_ENV=production: remove them before serving real data.');
  }
}

/** Opens the database, seeds the Dezhou demo on first start, and serves API and web. */
export async function startServer(
  config: Config,
  opts: { seed: boolean; log?: (line: string) => void },
): Promise<Started> {
  const log = opts.log ?? ((line: string) => console.log(line));
  const runtime = await openRuntime(config, { jobs: config.startJobs });
  const { deps } = runtime;
  try {
    if (opts.seed && !config.production) {
      const result = await seedDemo(deps, (msg) => log(msg));
      if (result.seeded) log(`Seeded the Dezhou demo: ${result.summary}`);
    }
    await refuseDemoAccountsInProduction(config, deps.db.kysely);
    // administrators and leaders sign in with a second factor: demo ones get their demo secret
    if (!config.production) await ensureDemoTotp(deps);
    const app = await buildApp(deps, { logger: true });
    await app.listen({ port: config.port, host: config.host });
    const url = `http://localhost:${config.port}`;
    log('');
    log(`Yimen is running at ${url}  (API docs: ${url}/api/docs, health: ${url}/healthz)`);
    log(
      `Database: ${deps.db.engine === 'pglite' ? `embedded PGlite in ${config.dataDir} (for trying Yimen and demos; use PostgreSQL for real data)` : 'PostgreSQL'}`,
    );
    if (!config.production) {
      const accounts = await listDemoAccounts(deps.db.kysely);
      if (accounts.length) {
        log(`Demo log-ins (password for all: ${accounts[0]!.password}; TOTP secrets: yimen demo accounts):`);
        for (const a of accounts) log(`  ${a.username.padEnd(28)} ${a.role.padEnd(17)} ${a.scope_name}`);
      }
    }
    let stopping: Promise<void> | null = null;
    const stop = () =>
      (stopping ??= (async () => {
        await app.close();
        await runtime.close();
      })());
    return { app, runtime, url, stop };
  } catch (err) {
    await runtime.close();
    throw err;
  }
}
