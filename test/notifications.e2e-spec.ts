import { once } from 'node:events';
import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { DataSource } from 'typeorm';
import { Role } from '@app/common';
import { Channel, deliveryKey, NotificationFanoutService, verifyWebhook } from '@app/domain';
import { QUEUES, bullConnection } from '@app/queue';
import {
  applicationBody,
  approvedSupplier,
  createCompany,
  openProgram,
  seedRules,
  startTestApp,
  TestApp,
  useOwnDatabase,
  waitFor,
} from '@app/testing';
import { Queue } from 'bullmq';
import { RemindersProcessor } from '../apps/worker/src/reminders/reminders.processor';
import { WorkerModule } from '../apps/worker/src/worker.module';

interface Mail {
  to: string;
  subject: string;
  text: string;
}
interface HookCall {
  path: string;
  body: string;
  signature: string;
  delivery: string;
}

/**
 * The whole notification path against real PostgreSQL, Redis, an SMTP server and an HTTP
 * webhook target started by the test: API change → outbox → relay → BullMQ → fan-out →
 * in-app / e-mail / webhook, with retries and dead letters.
 */
describe('notifications (e2e)', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let smtp: SMTPServer;
  let hooks: Server;
  let hookBase: string;
  const mails: Mail[] = [];
  const calls: HookCall[] = [];
  /** Per path: how many more calls to fail; -1 = always fail. */
  const failures = new Map<string, number>();
  let officer: { id: string; token: string };

  beforeAll(async () => {
    await useOwnDatabase('notify');
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, session, callback) {
        simpleParser(stream)
          .then((mail) => {
            mails.push({
              to: session.envelope.rcptTo.map((r) => r.address).join(','),
              subject: mail.subject ?? '',
              text: mail.text ?? '',
            });
            callback();
          })
          .catch(callback);
      },
    });
    smtp.listen(0, '127.0.0.1');
    await once(smtp.server, 'listening');
    hooks = createServer((req: IncomingMessage, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        const path = req.url ?? '/';
        calls.push({
          path,
          body,
          signature: String(req.headers['x-voucher-signature']),
          delivery: String(req.headers['x-voucher-delivery']),
        });
        const left = failures.get(path) ?? 0;
        if (left !== 0) {
          failures.set(path, left > 0 ? left - 1 : -1);
          res.writeHead(500).end('nope');
        } else {
          res.writeHead(204).end();
        }
      });
    });
    hooks.listen(0, '127.0.0.1');
    await once(hooks, 'listening');
    hookBase = `http://127.0.0.1:${(hooks.address() as AddressInfo).port}`;

    Object.assign(process.env, {
      QUEUE_PREFIX: `voucher-test-notify-${randomUUID().slice(0, 8)}`,
      SMTP_URL: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`,
      JOB_BACKOFF_MS: '50',
      OUTBOX_RELAY_INTERVAL_MS: '50',
    });
    t = await startTestApp();
    worker = await NestFactory.createApplicationContext(WorkerModule, { logger: false });
    await worker.init();
    officer = await t.userWithToken(Role.OFFICER, 'officer', 'ko');
  });

  afterAll(async () => {
    await worker?.close();
    await t?.close();
    await new Promise<void>((r) => smtp.close(() => r()));
    hooks.close();
  });

  const auth = (token: string) => ({ authorization: `Bearer ${token}` });

  async function supplierWithHook(path: string, locale: 'ko' | 'en') {
    const owner = await t.userWithToken(Role.SUPPLIER, 'supplier', locale);
    const secret = `secret-${randomUUID()}`;
    await t.http
      .post('/api/me/webhooks')
      .set(auth(owner.token))
      .send({ url: `${hookBase}${path}`, secret })
      .expect(201);
    return { owner, secret };
  }

  /** Registers and approves a supplier owned by `owner` (so `supplier.approved` goes to it). */
  const approveSupplierOf = (owner: { id: string; token: string; email: string }) =>
    approvedSupplier(t, officer.token, owner);

  it('tells a supplier, in its language, by inbox, e-mail and a signed webhook, exactly once', async () => {
    const { owner, secret } = await supplierWithHook('/en-ok', 'en');
    await approveSupplierOf(owner);

    const inbox = await waitFor(
      'in-app message',
      async () => (await t.http.get('/api/me/notifications').set(auth(owner.token))).body,
      (b) => b.items?.some((n: { eventType: string }) => n.eventType === 'supplier.approved'),
    );
    const approved = inbox.items.find(
      (n: { eventType: string }) => n.eventType === 'supplier.approved',
    );
    expect(approved).toMatchObject({
      channel: 'IN_APP',
      locale: 'en',
      subject: '[Data Voucher] Supplier approved',
      readAt: null,
    });
    expect(inbox.unread).toBeGreaterThanOrEqual(1);

    const mail = await waitFor(
      'e-mail',
      () => mails.filter((m) => m.to === owner.email),
      (m) => m.length >= 1,
    );
    expect(mail.map((m) => m.subject)).toEqual(['[Data Voucher] Supplier approved']);
    expect(mail[0].text).toContain('was approved as a data voucher supplier');

    const hook = await waitFor(
      'webhook',
      () => calls.filter((c) => c.path === '/en-ok'),
      (c) => c.length >= 1,
    );
    await new Promise((r) => setTimeout(r, 500)); // anything duplicated would have arrived by now
    expect(calls.filter((c) => c.path === '/en-ok')).toHaveLength(1);
    expect(
      verifyWebhook(secret, hook[0].body, hook[0].signature, Math.floor(Date.now() / 1000)),
    ).toBe(true);
    expect(JSON.parse(hook[0].body)).toMatchObject({
      type: 'supplier.approved',
      id: hook[0].delivery,
    });

    // Officers hear of the registration, in Korean.
    const officerInbox = (await t.http.get('/api/me/notifications').set(auth(officer.token))).body;
    expect(officerInbox.items.map((n: { subject: string }) => n.subject)).toEqual(
      expect.arrayContaining([expect.stringContaining('[데이터 바우처] 공급기업 등록 심사 요청')]),
    );
  });

  it('retries a webhook that fails three times and delivers it once, signed', async () => {
    failures.set('/flaky', 3);
    const { owner, secret } = await supplierWithHook('/flaky', 'ko');
    await approveSupplierOf(owner);
    await waitFor(
      'four calls',
      () => calls.filter((c) => c.path === '/flaky'),
      (c) => c.length >= 4,
    );
    await new Promise((r) => setTimeout(r, 500));
    const flaky = calls.filter((c) => c.path === '/flaky');
    expect(flaky).toHaveLength(4);
    expect(new Set(flaky.map((c) => c.delivery)).size).toBe(1);
    expect(
      verifyWebhook(secret, flaky[3].body, flaky[3].signature, Math.floor(Date.now() / 1000)),
    ).toBe(true);
    const list = await waitFor(
      'delivered row',
      async () =>
        (
          await t.http
            .get('/api/notifications?channel=WEBHOOK&status=DELIVERED&limit=500')
            .set(auth(officer.token))
        ).body,
      (b) => b.items.some((n: { attempts: number }) => n.attempts === 4),
    );
    expect(list.items.find((n: { attempts: number }) => n.attempts === 4)).toMatchObject({
      status: 'DELIVERED',
      lastError: null,
    });
  });

  it('ends a permanently failing webhook DEAD after five attempts, and an officer can retry it', async () => {
    failures.set('/down', -1);
    const { owner } = await supplierWithHook('/down', 'ko');
    await approveSupplierOf(owner);
    const dead = await waitFor(
      'dead notification',
      async () =>
        (await t.http.get('/api/notifications?status=DEAD').set(auth(officer.token))).body.items,
      (items) => items.length >= 1,
    );
    expect(dead[0]).toMatchObject({
      channel: 'WEBHOOK',
      status: 'DEAD',
      attempts: 5,
      lastError: 'webhook answered 500',
    });
    expect(calls.filter((c) => c.path === '/down')).toHaveLength(5);

    const stats = (
      await t.http.get('/api/notifications/stats').set(auth(officer.token)).expect(200)
    ).body;
    expect(stats.channels.WEBHOOK.DEAD).toBe(1);
    expect(stats.queues).not.toBeNull();

    failures.set('/down', 0);
    await t.http
      .post(`/api/notifications/${dead[0].id}/retry`)
      .set(auth(officer.token))
      .expect(200);
    await waitFor(
      'redelivered',
      async () =>
        (
          await t.http
            .get(`/api/notifications?status=DELIVERED&channel=WEBHOOK&limit=500`)
            .set(auth(officer.token))
        ).body.items,
      (items) => items.some((n: { id: number }) => n.id === dead[0].id),
    );
    expect(calls.filter((c) => c.path === '/down')).toHaveLength(6);
    await t.http
      .post(`/api/notifications/${dead[0].id}/retry`)
      .set(auth(officer.token))
      .expect(409);
    const applicant = await t.userWithToken(Role.APPLICANT);
    await t.http
      .post(`/api/notifications/${dead[0].id}/retry`)
      .set(auth(applicant.token))
      .expect(403);
  });

  it('writes and sends nothing new when an event is fanned out again', async () => {
    const { owner } = await supplierWithHook('/twice', 'ko');
    await approveSupplierOf(owner);
    const db = worker.get(DataSource);
    const rowsOf = (outboxId: string) =>
      db.query(`SELECT id, channel, status FROM notifications WHERE outbox_id = $1 ORDER BY id`, [
        outboxId,
      ]);
    const [event] = await waitFor<
      Array<{ outbox_id: string; payload: Record<string, unknown>; event_type: string }>
    >(
      'notification rows',
      () =>
        db.query(
          `SELECT outbox_id, payload, event_type FROM notifications WHERE recipient_user_id = $1 AND event_type = 'supplier.approved' LIMIT 1`,
          [owner.id],
        ),
      (rows: unknown[]) => rows.length === 1,
    );
    const delivered = await waitFor(
      'all delivered',
      () => rowsOf(event.outbox_id),
      (rows: Array<{ status: string }>) =>
        rows.length === 3 && rows.every((r) => r.status === 'DELIVERED'),
    );
    const again = await worker.get(NotificationFanoutService).fanOut(
      {
        outboxId: Number(event.outbox_id),
        type: event.event_type,
        payload: event.payload,
        requestId: null,
      },
      { email: true },
    );
    expect(again).toEqual([]);
    expect(await rowsOf(event.outbox_id)).toEqual(delivered);
    // The statement builds the keys in SQL: they must be the policy's, or a rerun would not match.
    const keys: Array<{
      delivery_key: string;
      recipient_user_id: string;
      channel: Channel;
      webhook_endpoint_id: string | null;
    }> = await db.query(
      `SELECT delivery_key, recipient_user_id, channel, webhook_endpoint_id FROM notifications WHERE outbox_id = $1`,
      [event.outbox_id],
    );
    for (const k of keys) {
      expect(k.delivery_key).toBe(
        deliveryKey(
          Number(event.outbox_id),
          k.recipient_user_id,
          k.channel,
          k.webhook_endpoint_id ?? undefined,
        ),
      );
    }
    await new Promise((r) => setTimeout(r, 300));
    expect(calls.filter((c) => c.path === '/twice')).toHaveLength(1);
    expect(mails.filter((m) => m.to === owner.email)).toHaveLength(1);
  });

  it('hands back what an interrupted fan-out wrote but did not deliver, and writes nothing twice', async () => {
    const { owner } = await supplierWithHook('/interrupted', 'en');
    const fanout = worker.get(NotificationFanoutService);
    const db = worker.get(DataSource);
    // An event id of its own that the relay never sees, so no delivery job runs for it: as if the
    // worker had died between writing the rows and queueing their deliveries.
    const [{ id: outboxId }] = await db.query(`SELECT (max(id) + 1000000)::int AS id FROM outbox`);
    const event = {
      outboxId,
      type: 'supplier.approved',
      payload: { name: 'Interrupted Ltd', recipients: [owner.id] },
      requestId: 'req-interrupted',
    };
    const first = await fanout.fanOut(event, { email: true });
    const rows = await db.query(
      `SELECT id::int, channel, status, locale, subject, request_id FROM notifications WHERE outbox_id = $1 ORDER BY id`,
      [outboxId],
    );
    expect(rows.map((r: { channel: string }) => r.channel)).toEqual(['IN_APP', 'EMAIL', 'WEBHOOK']);
    expect(rows).toEqual([
      expect.objectContaining({ channel: 'IN_APP', status: 'DELIVERED' }),
      expect.objectContaining({ channel: 'EMAIL', status: 'PENDING' }),
      expect.objectContaining({ channel: 'WEBHOOK', status: 'PENDING' }),
    ]);
    for (const r of rows) {
      expect(r).toMatchObject({
        locale: 'en',
        subject: '[Data Voucher] Supplier approved',
        request_id: 'req-interrupted',
      });
    }
    expect(first).toEqual(rows.slice(1).map((r: { id: number }) => r.id));

    expect(await fanout.fanOut(event, { email: true })).toEqual(first);
    expect(
      await db.query(`SELECT count(*)::int AS n FROM notifications WHERE outbox_id = $1`, [
        outboxId,
      ]),
    ).toEqual([{ n: 3 }]);
    // In-app only (e-mail off, no endpoint): nothing to hand back.
    const officerEvent = { ...event, payload: { ...event.payload, recipients: [officer.id] } };
    expect(await fanout.fanOut(officerEvent, { email: false })).toEqual([]);
    expect(await fanout.fanOut(officerEvent, { email: false })).toEqual([]);
  });

  it('lets users read only their own inbox and mark messages read', async () => {
    const { owner } = await supplierWithHook('/inbox', 'ko');
    await approveSupplierOf(owner);
    const inbox = await waitFor(
      'message',
      async () =>
        (await t.http.get('/api/me/notifications?unread=true').set(auth(owner.token))).body,
      (b) => b.items.length >= 1,
    );
    const other = await t.userWithToken(Role.APPLICANT);
    await t.http
      .post(`/api/me/notifications/${inbox.items[0].id}/read`)
      .set(auth(other.token))
      .expect(404);
    const read = await t.http
      .post(`/api/me/notifications/${inbox.items[0].id}/read`)
      .set(auth(owner.token))
      .expect(200);
    expect(read.body.readAt).not.toBeNull();
    const after = (await t.http.get('/api/me/notifications').set(auth(owner.token))).body;
    expect(after.unread).toBe(inbox.unread - 1);
    await t.http.post('/api/me/notifications/abc/read').set(auth(owner.token)).expect(400);
  });

  it('keeps one evaluation reminder schedule per program and moves it when the due date changes', async () => {
    const reminders = new Queue(QUEUES.REMINDERS, {
      connection: bullConnection(process.env.REDIS_URL!),
      prefix: process.env.QUEUE_PREFIX,
    });
    try {
      const rules = seedRules(2021);
      const firstDue = new Date(Date.now() + 10 * 86_400_000).toISOString();
      rules.evaluation.dueAt = firstDue;
      const created = await t.http
        .post('/api/programs')
        .set(auth(officer.token))
        .send({ year: 2021, name: `reminders-${randomUUID()}`, rules })
        .expect(201);
      const id = `evaluation-due:${created.body.id}`;
      const first = await waitFor(
        'scheduler',
        () => reminders.getJobScheduler(id),
        (s) => s?.endDate === Date.parse(firstDue),
      );
      expect(first).toMatchObject({ every: 86_400_000 });

      const secondDue = new Date(Date.now() + 20 * 86_400_000).toISOString();
      rules.evaluation.dueAt = secondDue;
      await t.http
        .patch(`/api/programs/${created.body.id}`)
        .set(auth(officer.token))
        .send({ rules })
        .expect(200);
      await waitFor(
        'moved scheduler',
        () => reminders.getJobScheduler(id),
        (s) => s?.endDate === Date.parse(secondDue),
      );
      const mine = (await reminders.getJobSchedulers(0, -1)).filter((s) =>
        s.key.includes(created.body.id),
      );
      expect(mine).toHaveLength(1);

      delete rules.evaluation.dueAt;
      await t.http
        .patch(`/api/programs/${created.body.id}`)
        .set(auth(officer.token))
        .send({ rules })
        .expect(200);
      await waitFor(
        'removed scheduler',
        () => reminders.getJobScheduler(id),
        (s) => s === undefined,
      );
    } finally {
      await reminders.close();
    }
  });

  it('reminds only evaluators who still have open score sheets', async () => {
    const program = await openProgram(t, officer.token);
    const applicant = await t.userWithToken(Role.APPLICANT);
    const supplier = await approvedSupplier(t, officer.token);
    const company = await createCompany(t, applicant.token);
    const app = await t.http
      .post(`/api/programs/${program.id}/applications`)
      .set(auth(applicant.token))
      .send(applicationBody(company.id, supplier))
      .expect(201);
    const busy = await t.userWithToken(Role.EVALUATOR, 'busy', 'en');
    const done = await t.userWithToken(Role.EVALUATOR, 'done', 'ko');
    const db = worker.get(DataSource);
    // The evaluation step, set up directly: the program evaluating, two sheets due tomorrow.
    await db.query(`UPDATE programs SET status = 'EVALUATING' WHERE id = $1`, [program.id]);
    await db.query(`UPDATE applications SET status = 'UNDER_REVIEW' WHERE id = $1`, [app.body.id]);
    await db.query(
      `INSERT INTO assignments (application_id, program_id, evaluator_user_id, status, total, submitted_at, due_at)
       VALUES ($1, $2, $3, 'ASSIGNED', NULL, NULL, now() + interval '1 day'),
              ($1, $2, $4, 'SUBMITTED', 80, now(), now() + interval '1 day')`,
      [app.body.id, program.id, busy.id, done.id],
    );
    expect(await worker.get(RemindersProcessor).remindEvaluators(program.id)).toBe(1);
    // Once a day at most: a second run the same day reminds nobody.
    expect(await worker.get(RemindersProcessor).remindEvaluators(program.id)).toBe(0);
    const inbox = await waitFor(
      'reminder',
      async () =>
        (await t.http.get('/api/me/notifications').set(auth(busy.token))).body.items as Array<{
          eventType: string;
          body: string;
        }>,
      (items) => items.some((n) => n.eventType === 'evaluation.due'),
    );
    expect(inbox.find((n) => n.eventType === 'evaluation.due')?.body).toContain(
      'You have 1 open score sheet(s)',
    );
    const other = (await t.http.get('/api/me/notifications').set(auth(done.token))).body
      .items as Array<{ eventType: string }>;
    expect(other.filter((n) => n.eventType === 'evaluation.due')).toHaveLength(0);
  });
});
