import { loadConfig } from '../server/config.js';
import { startServer } from '../server/main.js';

/** `yimen start`: serve until SIGINT/SIGTERM, then close cleanly (PGlite must be closed). */
export async function startCommand(opts: { seed: boolean }): Promise<void> {
  const server = await startServer(loadConfig(), { seed: opts.seed });
  const shutdown = (signal: string) => {
    console.log(`\n${signal}: shutting down…`);
    server.stop().then(
      () => process.exit(0),
      (err) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}
