/** `GET /healthz`: for load balancers and uptime checks; says whether the store answers. */
import express from 'express';
import type { Logger } from 'pino';
import { settlesWithin } from '../../retry.ts';
import type { Store } from '../../store/ports.ts';

/** A health check that hangs is worse than one that says "unavailable". */
const PING_TIMEOUT_MS = 2_000;

export function healthRouter(store: Pick<Store, 'kind' | 'ping'>, logger: Logger): express.Router {
  const router = express.Router();
  const started = Date.now();
  router.get('/healthz', async (_req, res) => {
    res.set('Cache-Control', 'no-store');
    try {
      const ping = store.ping();
      if (!(await settlesWithin(ping, PING_TIMEOUT_MS))) throw new Error('store ping timed out');
      await ping;
      res.json({ status: 'ok', store: store.kind, uptimeSeconds: Math.round((Date.now() - started) / 1000) });
    } catch (err) {
      logger.warn({ err }, 'health check: store unavailable');
      res.status(503).json({ status: 'unavailable', store: store.kind });
    }
  });
  return router;
}
