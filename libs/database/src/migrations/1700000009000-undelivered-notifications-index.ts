import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The fan-out of an event reads the e-mails and webhook calls an earlier, interrupted run of
 * the same event left undelivered (`WHERE outbox_id = $1 AND status IN ('PENDING','FAILED')
 * AND channel <> 'IN_APP'`). Without this index that is a scan of every undelivered row: with
 * e-mail on, a burst of events leaves thousands waiting and each fan-out would read them all.
 */
export class UndeliveredNotificationsIndex1700000009000 implements MigrationInterface {
  name = 'UndeliveredNotificationsIndex1700000009000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX notifications_undelivered_by_event_idx ON notifications (outbox_id)
        WHERE status IN ('PENDING', 'FAILED') AND channel <> 'IN_APP'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS notifications_undelivered_by_event_idx`);
  }
}
