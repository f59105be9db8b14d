import { once } from 'node:events';
import { randomUUID } from 'node:crypto';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { Test, TestingModule } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { Role } from '@app/common';
import { Resolve, systemResolve } from '@app/domain';
import { approvedSupplier, startTestApp, TestApp, useOwnDatabase, waitFor } from '@app/testing';
import { WEBHOOK_RESOLVE } from '../apps/worker/src/notifications/webhook.channel';
import { WorkerModule } from '../apps/worker/src/worker.module';

/**
 * Webhook targets with SSRF protection on (WEBHOOK_ALLOW_PRIVATE_TARGETS=false, the default;
 * the other suites turn it off for their loopback receivers): registration refuses private,
 * loopback, link-local and metadata targets with the field and the reason, and the worker
 * checks again at delivery, after resolving, so an endpoint whose name is re-pointed at the
 * inside (DNS rebinding), or one stored before the rule, reaches nothing. The worker's DNS is
 * the test's for one name ("rebound.example.com", public at registration, 127.0.0.1 at
 * delivery); everything else is the system's.
 */
describe('webhook targets (SSRF, e2e)', () => {
  let t: TestApp;
  let worker: TestingModule;
  let db: DataSource;
  let receiver: Server;
  let port: number;
  const received: string[] = [];
  let officer: { id: string; token: string };
  let user: { id: string; token: string };

  const rebinding: Resolve = async (hostname) =>
    hostname === 'rebound.example.com'
      ? [{ address: '127.0.0.1', family: 4 }]
      : systemResolve(hostname);

  beforeAll(async () => {
    await useOwnDatabase('ssrf');
    receiver = createServer((req, res) => {
      received.push(String(req.url));
      res.writeHead(204).end();
    });
    receiver.listen(0, '127.0.0.1');
    await once(receiver, 'listening');
    port = (receiver.address() as AddressInfo).port;
    Object.assign(process.env, {
      WEBHOOK_ALLOW_PRIVATE_TARGETS: 'false',
      QUEUE_PREFIX: `voucher-test-ssrf-${randomUUID().slice(0, 8)}`,
      JOB_BACKOFF_MS: '20',
      OUTBOX_RELAY_INTERVAL_MS: '50',
    });
    t = await startTestApp();
    db = t.app.get(DataSource);
    worker = await Test.createTestingModule({ imports: [WorkerModule] })
      .overrideProvider(WEBHOOK_RESOLVE)
      .useValue(rebinding)
      .compile();
    worker.useLogger(false);
    await worker.init();
    [officer, user] = await Promise.all([
      t.userWithToken(Role.OFFICER, 'ssrf-officer'),
      t.userWithToken(Role.APPLICANT, 'ssrf-applicant'),
    ]);
  });

  afterAll(async () => {
    await worker?.close();
    await t?.close();
    receiver?.close();
  });

  const auth = (token: string) => ({ authorization: `Bearer ${token}` });

  it.each([
    ['http://127.0.0.1:8080/hook', 'url must not point at 127.0.0.1: a loopback address'],
    ['http://localhost:3000/hook', 'url must not point at localhost: a local name (.localhost)'],
    [
      'http://169.254.169.254/latest/meta-data/',
      'url must not point at 169.254.169.254: a cloud metadata address',
    ],
    ['http://[::ffff:127.0.0.1]/', 'url must not point at [::ffff:7f00:1]: a loopback address'],
    ['http://0.0.0.0:3000/', 'url must not point at 0.0.0.0: an unspecified address'],
    ['https://10.0.0.7/hook', 'url must not point at 10.0.0.7: a private address'],
    ['https://192.168.0.10/hook', 'url must not point at 192.168.0.10: a private address'],
    ['http://[fe80::1]/', 'url must not point at [fe80::1]: a link-local address'],
    ['http://[::1]:6379/', 'url must not point at [::1]: a loopback address'],
    [
      'http://metadata.google.internal/computeMetadata/v1/',
      'url must not point at metadata.google.internal: a local name (.internal)',
    ],
    [
      'http://redis:6379/',
      'url must not point at redis: a single-label name, not a public DNS name',
    ],
  ])('refuses to register %s with 400, naming the field and why', async (url, reason) => {
    const res = await t.http.post('/api/me/webhooks').set(auth(user.token)).send({ url });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      statusCode: 400,
      code: 'VALIDATION_FAILED',
      details: { fields: [{ field: 'url', reasons: [reason] }] },
    });
    const [{ n }] = await db.query(
      `SELECT count(*)::int AS n FROM webhook_endpoints WHERE owner_user_id = $1`,
      [user.id],
    );
    expect(n).toBe(0);
    // (Other spellings of these addresses, as fetch reads them: webhook-target.policy.spec.ts.)
  });

  it('registers a public https URL', async () => {
    const res = await t.http
      .post('/api/me/webhooks')
      .set(auth(user.token))
      .send({ url: 'https://erp.example.kr/hooks/voucher' });
    expect(res.status).toBe(201);
    expect(res.body.url).toBe('https://erp.example.kr/hooks/voucher');
  });

  it('refuses at delivery a name re-pointed at loopback, and an endpoint stored before the rule', async () => {
    const owner = await t.userWithToken(Role.SUPPLIER, 'ssrf-supplier', 'en');
    // Registered while the name was public (or did not resolve): accepted.
    await t.http
      .post('/api/me/webhooks')
      .set(auth(owner.token))
      .send({ url: `http://rebound.example.com:${port}/rebound` })
      .expect(201);
    // Stored before registration checked addresses.
    await db.query(
      `INSERT INTO webhook_endpoints (owner_user_id, url, secret) VALUES ($1, $2, 'secret-of-sixteen-chars')`,
      [owner.id, `http://127.0.0.1:${port}/literal`],
    );

    await approvedSupplier(t, officer.token, owner);

    const dead = await waitFor(
      'both webhook notifications DEAD',
      () =>
        db.query(
          `SELECT status, attempts, last_error FROM notifications
            WHERE recipient_user_id = $1 AND channel = 'WEBHOOK' AND event_type = 'supplier.approved'
            ORDER BY last_error`,
          [owner.id],
        ),
      (rows: Array<{ status: string }>) =>
        rows.length === 2 && rows.every((r) => r.status === 'DEAD'),
    );
    // Refused once is DEAD at once: no retries against a target that will be refused again.
    expect(dead).toEqual([
      {
        status: 'DEAD',
        attempts: 1,
        last_error: 'webhook target refused: url must not point at 127.0.0.1: a loopback address',
      },
      {
        status: 'DEAD',
        attempts: 1,
        last_error:
          'webhook target refused: url must not point at rebound.example.com: it resolves to 127.0.0.1, a loopback address',
      },
    ]);
    expect(received).toEqual([]);
    // And stays so: with a 20 ms backoff, four retries would have run within this second.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const later = await db.query(
      `SELECT status, attempts FROM notifications
        WHERE recipient_user_id = $1 AND channel = 'WEBHOOK' AND event_type = 'supplier.approved'`,
      [owner.id],
    );
    expect(later).toEqual([
      { status: 'DEAD', attempts: 1 },
      { status: 'DEAD', attempts: 1 },
    ]);

    // The other channels are not held up.
    const inbox = await waitFor(
      'in-app message',
      async () => (await t.http.get('/api/me/notifications').set(auth(owner.token))).body,
      (b) => b.items?.some((n: { eventType: string }) => n.eventType === 'supplier.approved'),
    );
    expect(inbox.items[0]).toMatchObject({ channel: 'IN_APP', status: 'DELIVERED' });
  });
});
