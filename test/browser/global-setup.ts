// Starts `yimen start` from the build on a fresh data folder (the Dezhou demo is seeded on first
// start, as for a new user) and hands its URL to the browser tests.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';

let server: ChildProcess | null = null;
let dataDir = '';

export async function setup(project: TestProject): Promise<void> {
  // against a server already running (while developing a page): YIMEN_BROWSER_BASE_URL=http://…
  const given = process.env.YIMEN_BROWSER_BASE_URL;
  if (given) {
    project.provide('baseUrl', given);
    return;
  }
  dataDir = mkdtempSync(path.join(tmpdir(), 'yimen-browser-'));
  const port = 3900 + Math.floor(Math.random() * 90);
  server = spawn(process.execPath, ['dist/cli/main.js', 'start'], {
    env: {
      ...process.env,
      PORT: String(port),
      YIMEN_DATA_DIR: dataDir,
      NODE_ENV: 'development',
      DATABASE_URL: '',
      // the suite logs in far more often than one person would; the limit itself has API tests
      YIMEN_LOGIN_RATE_PER_MINUTE: '1000',
      // the suite signs sysadmin and the leaders in several times within one 30-second code
      YIMEN_TOTP_SINGLE_USE: '0',
      // the demo county has a few dozen cases: its export shows the second approver (data-rights.test.ts)
      YIMEN_EXPORT_APPROVAL_THRESHOLD: '10',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in 200 s:\n${output}`)), 200_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Yimen is running at')) {
        clearTimeout(timer);
        resolve();
      }
    };
    server!.stdout!.on('data', onData);
    server!.stderr!.on('data', (c: Buffer) => (output += c.toString()));
    server!.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
  project.provide('baseUrl', `http://127.0.0.1:${port}`);
}

export async function teardown(): Promise<void> {
  if (server && server.exitCode === null) {
    const exited = new Promise((r) => server!.once('exit', r));
    server.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
  }
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}
