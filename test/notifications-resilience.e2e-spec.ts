import { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { Role } from '@app/common';
import {
  applicationBody,
  approvedSupplier,
  createCompany,
  freePort,
  openProgram,
  spawnWorker,
  startRedis,
  startTestApp,
  stop,
  TestApp,
  useOwnDatabase,
  waitFor,
} from '@app/testing';
import { WorkerModule } from '../apps/worker/src/worker.module';

/** The machine's test Redis, before the first part points REDIS_URL at a Redis of its own. */
const MACHINE_REDIS = process.env.REDIS_URL!;

const auth = (token: string) => ({ authorization: `Bearer ${token}` });

/** Failures of the infrastructure, made for real: a Redis that stops, a worker that is killed. */
describe('notifications under failure (e2e)', () => {
  describe('while Redis is down', () => {
    let redis: ChildProcess;
    let port: number;
    let t: TestApp;
    let worker: INestApplicationContext;

    beforeAll(async () => {
      await useOwnDatabase('redisdown');
      port = await freePort();
      redis = await startRedis(port);
      Object.assign(process.env, {
        REDIS_URL: `redis://127.0.0.1:${port}/0`,
        QUEUE_PREFIX: `voucher-test-down-${randomUUID().slice(0, 8)}`,
        JOB_BACKOFF_MS: '50',
        OUTBOX_RELAY_INTERVAL_MS: '100',
      });
      t = await startTestApp();
      worker = await NestFactory.createApplicationContext(WorkerModule, { logger: false });
      await worker.init();
    }, 60_000);

    afterAll(async () => {
      await worker?.close();
      await t?.close();
      if (redis) await stop(redis);
    });

    it('accepts a submission, keeps its events, and notifies once when Redis is back', async () => {
      const officer = await t.userWithToken(Role.OFFICER);
      const applicant = await t.userWithToken(Role.APPLICANT);
      const program = await openProgram(t, officer.token);
      const supplier = await approvedSupplier(t, officer.token);
      const company = await createCompany(t, applicant.token);
      const draft = await t.http
        .post(`/api/programs/${program.id}/applications`)
        .set(auth(applicant.token))
        .send(applicationBody(company.id, supplier))
        .expect(201);
      await t.http
        .post(`/api/applications/${draft.body.id}/confirm`)
        .set(auth(supplier.owner.token))
        .expect(200);
      const db = t.app.get(DataSource);
      const pending = () =>
        db
          .query(`SELECT count(*)::int AS n FROM outbox WHERE status = 'PENDING'`)
          .then((r) => r[0].n as number);
      await waitFor('earlier events relayed', pending, (n) => n === 0);

      await stop(redis);
      await t.http.get('/health').expect(503);
      const submitted = await t.http
        .post(`/api/applications/${draft.body.id}/submit`)
        .set(auth(applicant.token))
        .expect(200);
      expect(submitted.body.status).toBe('ELIGIBLE');
      await new Promise((r) => setTimeout(r, 1000));
      const waiting = await db.query(
        `SELECT event_type FROM outbox WHERE status = 'PENDING' ORDER BY id`,
      );
      expect(waiting.map((r: { event_type: string }) => r.event_type)).toEqual([
        'application.submitted',
        'application.eligible',
      ]);

      redis = await startRedis(port);
      const inbox = await waitFor(
        'notifications after Redis returned',
        async () =>
          (await t.http.get('/api/me/notifications').set(auth(applicant.token))).body
            .items as Array<{ eventType: string }>,
        (items) => items.some((n) => n.eventType === 'application.eligible'),
        45_000,
      );
      await new Promise((r) => setTimeout(r, 500));
      const final = (await t.http.get('/api/me/notifications').set(auth(applicant.token))).body
        .items as Array<{ eventType: string }>;
      expect(final.filter((n) => n.eventType === 'application.submitted')).toHaveLength(1);
      expect(final.filter((n) => n.eventType === 'application.eligible')).toHaveLength(1);
      expect(inbox.length).toBe(final.length);
      expect(await pending()).toBe(0);
    }, 90_000);
  });

  describe('when the worker is killed mid-job', () => {
    let t: TestApp;
    let hooks: Server;
    const calls: string[] = [];
    const workers: ChildProcess[] = [];
    let env: NodeJS.ProcessEnv;

    beforeAll(async () => {
      const databaseUrl = await useOwnDatabase('killed');
      env = {
        DATABASE_URL: databaseUrl,
        REDIS_URL: MACHINE_REDIS,
        QUEUE_PREFIX: `voucher-test-kill-${randomUUID().slice(0, 8)}`,
        JOB_BACKOFF_MS: '50',
        OUTBOX_RELAY_INTERVAL_MS: '100',
        WORKER_LOCK_MS: '1000',
      };
      Object.assign(process.env, env);
      hooks = createServer((req, res) => {
        req.resume();
        req.on('end', () => {
          calls.push(String(req.headers['x-voucher-delivery']));
          res.writeHead(204).end();
        });
      });
      hooks.listen(0, '127.0.0.1');
      await once(hooks, 'listening');
      t = await startTestApp();
      workers.push(await spawnWorker(env));
    }, 90_000);

    afterAll(async () => {
      for (const w of workers) await stop(w, 'SIGKILL');
      await t?.close();
      hooks.close();
    });

    it('delivers the event exactly once after a restart', async () => {
      const officer = await t.userWithToken(Role.OFFICER);
      const owner = await t.userWithToken(Role.SUPPLIER);
      const url = `http://127.0.0.1:${(hooks.address() as AddressInfo).port}/hook`;
      await t.http
        .post('/api/me/webhooks')
        .set(auth(owner.token))
        .send({ url, secret: 'a-secret-of-16-chars+' })
        .expect(201);
      const db = t.app.get(DataSource);
      const rows = (type: string) =>
        db.query(
          `SELECT id, channel, status FROM notifications WHERE event_type = $1 ORDER BY id`,
          [type],
        );

      // Hold the notifications table so the fan-out of the next event stops half-way.
      const blocker = new Client({ connectionString: env.DATABASE_URL });
      await blocker.connect();
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE notifications IN SHARE ROW EXCLUSIVE MODE');
      await approvedSupplier(t, officer.token, owner);
      await waitFor(
        'the worker blocked inside the fan-out',
        () =>
          db.query(
            `SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%INSERT INTO notifications%'`,
          ),
        (r) => r[0].n >= 1,
      );
      await stop(workers[0], 'SIGKILL');
      await blocker.query('ROLLBACK');
      await blocker.end();
      // The fan-out is one autocommit statement. The one the killed worker left waiting on the
      // lock is either dropped with its connection or still runs once the lock goes (then the
      // in-app row and the webhook row, PENDING, are there): both happen. Either way nothing
      // is delivered, as the job was never completed.
      const left: Array<{ channel: string; status: string }> = await rows('supplier.approved');
      expect(left.filter((r) => r.channel !== 'IN_APP' && r.status !== 'PENDING')).toEqual([]);
      expect(calls).toEqual([]);

      workers.push(await spawnWorker(env));
      await waitFor(
        'the webhook call',
        async () => calls,
        (c) => c.length >= 1,
      );
      await waitFor(
        'delivered',
        () => rows('supplier.approved'),
        (r: Array<{ status: string }>) =>
          r.length === 2 && r.every((x) => x.status === 'DELIVERED'),
      );
      await new Promise((r) => setTimeout(r, 1500));
      expect(calls).toHaveLength(1);
      const inbox = (await t.http.get('/api/me/notifications').set(auth(owner.token))).body
        .items as Array<{ eventType: string }>;
      expect(inbox.filter((n) => n.eventType === 'supplier.approved')).toHaveLength(1);
    }, 90_000);
  });
});
