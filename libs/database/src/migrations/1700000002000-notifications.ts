import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One row per (event, recipient, channel[, endpoint]): the delivery key makes a fan-out that
 * runs twice create nothing new, so a notification is never sent twice. Webhook endpoints
 * belong to a user (the organisation's account).
 */
export class Notifications1700000002000 implements MigrationInterface {
  name = 'Notifications1700000002000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE webhook_endpoints (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        owner_user_id uuid NOT NULL REFERENCES users(id),
        url varchar(2000) NOT NULL,
        secret varchar(200) NOT NULL,
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX webhook_endpoints_owner_idx ON webhook_endpoints (owner_user_id) WHERE active`,
    );

    await q.query(`
      CREATE TABLE notifications (
        id bigserial PRIMARY KEY,
        outbox_id bigint NOT NULL,
        event_type varchar(60) NOT NULL,
        recipient_user_id uuid NOT NULL REFERENCES users(id),
        channel varchar(8) NOT NULL CHECK (channel IN ('IN_APP','EMAIL','WEBHOOK')),
        webhook_endpoint_id uuid REFERENCES webhook_endpoints(id),
        delivery_key varchar(200) NOT NULL,
        locale varchar(2) NOT NULL CHECK (locale IN ('ko','en')),
        subject text NOT NULL,
        body text NOT NULL,
        payload jsonb NOT NULL,
        status varchar(10) NOT NULL CHECK (status IN ('PENDING','DELIVERED','FAILED','DEAD')),
        attempts int NOT NULL DEFAULT 0,
        last_error text,
        request_id varchar(100),
        read_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        delivered_at timestamptz,
        CONSTRAINT notifications_delivery_key UNIQUE (delivery_key),
        CONSTRAINT notifications_webhook_endpoint CHECK ((channel = 'WEBHOOK') = (webhook_endpoint_id IS NOT NULL))
      )`);
    await q.query(
      `CREATE INDEX notifications_inbox_idx ON notifications (recipient_user_id, id DESC) WHERE channel = 'IN_APP'`,
    );
    await q.query(`CREATE INDEX notifications_status_idx ON notifications (status, channel)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS notifications`);
    await q.query(`DROP TABLE IF EXISTS webhook_endpoints`);
  }
}
