import { randomUUID } from 'node:crypto';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { OutboxEntity, OutboxService } from '@app/domain';
import { bullConnection, outboxJobId, QUEUES } from '@app/queue';
import { useOwnDatabase } from '@app/testing';
import { OutboxRelayService } from '../apps/worker/src/outbox/outbox-relay.service';
import { WorkerModule } from '../apps/worker/src/worker.module';

/** The worker's relay against real PostgreSQL and Redis, in a queue prefix of its own. */
describe('outbox relay (e2e)', () => {
  const prefix = `voucher-test-relay-${randomUUID().slice(0, 8)}`;
  let worker: INestApplicationContext;
  let db: DataSource;
  let queue: Queue;

  beforeAll(async () => {
    await useOwnDatabase('relay');
    process.env.QUEUE_PREFIX = prefix;
    process.env.OUTBOX_RELAY_INTERVAL_MS = '50';
    worker = await NestFactory.createApplicationContext(WorkerModule, { logger: false });
    await worker.init();
    db = worker.get(DataSource);
    queue = new Queue(QUEUES.EVENTS, {
      connection: bullConnection(process.env.REDIS_URL!),
      prefix,
    });
  });
  afterAll(async () => {
    await queue.obliterate({ force: true });
    await queue.close();
    await worker.close();
  });

  async function emit(n: number): Promise<number[]> {
    const aggregateId = randomUUID();
    await db.transaction(async (tx) => {
      for (let i = 0; i < n; i++) {
        await new OutboxService().emit(tx, {
          type: 'test.happened',
          aggregateType: 'test',
          aggregateId,
          payload: { i },
          requestId: `req-${i}`,
        });
      }
    });
    const rows = await db
      .getRepository(OutboxEntity)
      .find({ where: { aggregateId }, order: { id: 'ASC' } });
    return rows.map((r) => r.id);
  }

  async function until(check: () => Promise<boolean>, ms = 10_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error('condition not met in time');
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  it('moves committed events to BullMQ with the outbox id as job id, and marks them', async () => {
    const ids = await emit(3);
    await until(
      async () =>
        (await db
          .getRepository(OutboxEntity)
          .countBy(ids.map((id) => ({ id, status: 'ENQUEUED' as const })))) === 3,
    );
    for (const [i, id] of ids.entries()) {
      const job = await queue.getJob(outboxJobId(id));
      expect(job?.data).toMatchObject({
        outboxId: id,
        type: 'test.happened',
        payload: { i },
        requestId: `req-${i}`,
      });
      expect(job?.opts.attempts).toBe(5);
    }
  });

  it('never enqueues an event twice when it is relayed again', async () => {
    const [id] = await emit(1);
    await until(
      async () =>
        (await db.getRepository(OutboxEntity).findOneByOrFail({ id })).status === 'ENQUEUED',
    );
    const before = await queue.getJobCountByTypes(
      'waiting',
      'active',
      'completed',
      'failed',
      'delayed',
      'prioritized',
    );
    // A crash between enqueue and commit leaves the row PENDING although its job exists.
    await db.query(`UPDATE outbox SET status = 'PENDING' WHERE id = $1`, [id]);
    await worker.get(OutboxRelayService).relayOnce();
    // The worker's own polling may have taken the row first (relayOnce then skips the locked
    // row): either way it ends ENQUEUED, and with no second job.
    await until(
      async () =>
        (await db.getRepository(OutboxEntity).findOneByOrFail({ id })).status === 'ENQUEUED',
    );
    const after = await queue.getJobCountByTypes(
      'waiting',
      'active',
      'completed',
      'failed',
      'delayed',
      'prioritized',
    );
    expect(after).toBe(before);
  });

  it('rolls back and keeps events PENDING when nothing is written', async () => {
    const aggregateId = randomUUID();
    await expect(
      db.transaction(async (tx) => {
        await new OutboxService().emit(tx, {
          type: 'test.rolled_back',
          aggregateType: 'test',
          aggregateId,
          payload: {},
        });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await db.getRepository(OutboxEntity).countBy({ aggregateId })).toBe(0);
  });
});
