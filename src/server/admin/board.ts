/**
 * Bull Board (BullMQ job inspection) at /admin/queues, inside the admin scope so the console's guard covers it and
 * its assets come from the package (nothing from a CDN: the Google Fonts link of its page template is removed).
 */
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { FastifyInstance } from 'fastify';
import type { Queues } from '../../queue/queues.js';

/** Where the board is mounted. */
export const BOARD_PATH = '/admin/queues';

const FONT_LINK = /<link[^>]+fonts\.googleapis\.com[^>]*>/g;

function originHost(origin: string): string | undefined {
  try {
    return new URL(origin).host;
  } catch {
    return undefined; // "null" (sandboxed or privacy-sensitive contexts): never our page
  }
}

/** Mounts the board over every queue of the instance (fetch, article, publish, maintain), with the instance's prefix. */
export async function registerBoard(scope: FastifyInstance, queues: Queues): Promise<void> {
  const adapter = new FastifyAdapter();
  adapter.setBasePath(BOARD_PATH);
  createBullBoard({
    queues: [queues.fetch, queues.article, queues.publish, queues.maintain].map((q) => new BullMQAdapter(q)),
    serverAdapter: adapter,
    options: { uiConfig: { boardTitle: 'feedmill queues' } },
  });
  await scope.register(
    async (board) => {
      board.addHook('onSend', async (_req, reply, payload) => {
        const type = String(reply.getHeader('content-type') ?? '');
        return typeof payload === 'string' && type.startsWith('text/html') ? payload.replace(FONT_LINK, '') : payload;
      });
      // The board's own API changes jobs with JSON requests: refuse any that another origin's page sends.
      board.addHook('onRequest', async (req, reply) => {
        if (req.method === 'GET' || req.method === 'HEAD') return;
        const origin = req.headers.origin;
        if (origin !== undefined && originHost(origin) !== req.host) {
          await reply.code(403).send({ error: { code: 'CSRF_REFUSED', message: 'cross-origin request refused' } });
        }
      });
      await board.register(adapter.registerPlugin(), { prefix: BOARD_PATH });
    },
  );
}
