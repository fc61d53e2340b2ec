// Server-sent events: GET /api/events/stream. Staff only; each stream gets `case` events for the
// cases its user may read, a comment line every heartbeat, `session_expired` before it is ended
// when the session runs out, `resync` after the server lost its database listener for a moment.
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../deps.js';
import { ErrorBody } from '../../http/schemas.js';
import { requireStaffOnly } from '../auth/auth.plugin.js';
import { LiveHub, type Subscriber } from './live.hub.js';

/** Heartbeat (and session re-check) period; YIMEN_SSE_HEARTBEAT_MS overrides (proxies, tests). */
export function heartbeatMs(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.YIMEN_SSE_HEARTBEAT_MS);
  return Number.isFinite(n) && n >= 10 ? n : 20_000;
}

export async function liveRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const hub = new LiveHub(deps, { heartbeatMs: heartbeatMs() });
  // before the server stops accepting: an open stream would otherwise keep close() waiting
  app.addHook('preClose', async () => {
    await hub.close();
  });

  app.get(
    '/events/stream',
    {
      schema: {
        tags: ['live'],
        summary:
          'Live updates (text/event-stream): `case` events {caseId, caseNo, action, state, version, regionCode, light} for cases you may read',
        response: { 401: ErrorBody, 403: ErrorBody, 500: ErrorBody },
      },
    },
    async (req, reply) => {
      const auth = requireStaffOnly(req);
      await hub.ensureListening();
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      let open = true;
      const write = (chunk: string) => {
        if (open) res.write(chunk);
      };
      const end = () => {
        if (!open) return;
        open = false;
        unsubscribe();
        res.end();
      };
      const sub: Subscriber = {
        actor: auth.actor,
        tokenHash: auth.tokenHash,
        send: (event, data) => write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`),
        ping: () => write(': ping\n\n'),
        close: (reason) => {
          write(`event: ${reason}\ndata: {}\n\n`);
          end();
        },
      };
      const unsubscribe = hub.subscribe(sub);
      // the client went away (or the response ended): ServerResponse 'close' covers both
      res.on('close', end);
      res.on('error', end);
      write('retry: 5000\n\n');
      sub.send('ready', {});
    },
  );
}
