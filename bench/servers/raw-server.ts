import Fastify from 'fastify';
import { Pool } from 'pg';

/**
 * The intake baseline: bare Fastify and pg, one INSERT in a transaction per submission, with
 * as many connections as the app's pool. No auth, validation, logging or domain rules.
 */
async function main(): Promise<void> {
  const db = new Pool({
    connectionString: process.env.DATABASE_URL,
    max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
  });
  const app = Fastify({ logger: false });
  app.post<{ Params: { id: string } }>('/api/applications/:id/submit', async (req, reply) => {
    const client = await db.connect();
    try {
      await client.query('BEGIN');
      const { rows } = await client.query<{ id: string; submitted_at: Date }>(
        `INSERT INTO bench_raw_submissions (application_id) VALUES ($1) RETURNING id, submitted_at`,
        [req.params.id],
      );
      await client.query('COMMIT');
      return reply.send({ id: rows[0].id, applicationId: req.params.id, status: 'SUBMITTED' });
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  process.send!({ ready: true, port: typeof address === 'object' ? address?.port : undefined });
  const stop = () => void app.close().then(() => db.end().then(() => process.exit(0)));
  process.on('SIGTERM', stop);
  process.on('message', (message: { stop?: boolean }) => {
    if (message.stop) stop();
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
