// Real server processes for the suites that need more than one (test/scale/round-robin.test.ts):
// each runs src/server/modules/live/test-two-process-child.ts from the sources on the PostgreSQL
// schema of a createTestApp() database and speaks JSON lines on stdio.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { packageRoot } from '../../src/server/paths.js';

export interface ChildServer {
  proc: ChildProcessWithoutNullStreams;
  port: number;
  pid: number;
  base: string;
  stderr: string[];
  /** asks the process to close and waits for its exit code */
  stop(): Promise<number | null>;
}

export async function startChildServer(
  env: Record<string, string>,
  timeoutMs = 120_000,
): Promise<ChildServer> {
  const proc = spawn(
    process.execPath,
    [
      '--import',
      path.join(packageRoot, 'scripts', 'ts-register.mjs'),
      path.join(packageRoot, 'src', 'server', 'modules', 'live', 'test-two-process-child.ts'),
    ],
    { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] },
  );
  const stderr: string[] = [];
  proc.stderr.on('data', (d: Buffer) => stderr.push(d.toString()));
  const ready = await new Promise<{ port: number; pid: number }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`child not ready: ${stderr.join('')}`)), timeoutMs);
    proc.once('exit', (code) => reject(new Error(`child exited with ${code}: ${stderr.join('')}`)));
    createInterface({ input: proc.stdout }).on('line', (text) => {
      try {
        const line = JSON.parse(text) as { ready?: boolean; port: number; pid: number };
        if (line.ready) {
          clearTimeout(timer);
          resolve(line);
        }
      } catch {
        // a log line
      }
    });
  });
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  return {
    proc,
    port: ready.port,
    pid: ready.pid,
    base: `http://127.0.0.1:${ready.port}`,
    stderr,
    stop: () => {
      if (proc.exitCode === null) proc.stdin.write('exit\n');
      return exited;
    },
  };
}
