import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  audienceOf,
  Channel,
  deliveryKey,
  Locale,
  renderMessage,
} from './notification-template.policy';

export interface FannedOutEvent {
  outboxId: number;
  type: string;
  payload: Record<string, unknown>;
  requestId: string | null;
}

interface Row {
  userId: string;
  channel: Channel;
  endpointId: string | null;
  locale: Locale;
  subject: string;
  body: string;
  status: 'PENDING' | 'DELIVERED';
}

/**
 * Turns one outbox event into notification rows: an in-app message for every recipient (it is
 * delivered by being written), and an e-mail and a webhook call per endpoint to be delivered by
 * the worker. Delivery keys make a second run of the same event write nothing new.
 */
@Injectable()
export class NotificationFanoutService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Returns the ids of the notifications that still need delivering (e-mail, webhook). */
  async fanOut(event: FannedOutEvent, options: { email: boolean }): Promise<number[]> {
    if (!renderMessage(event.type, 'ko', event.payload)) return [];
    const audience = audienceOf(event.type, event.payload);
    return this.dataSource.transaction(async (tx) => {
      const users: Array<{ id: string; locale: Locale }> = await tx.query(
        // A UNION, not an OR: each half uses its index instead of scanning every user.
        `SELECT id, locale FROM users WHERE id = ANY($1::uuid[])
         UNION SELECT id, locale FROM users WHERE role = ANY($2::text[]) ORDER BY id`,
        [audience.userIds, audience.roles],
      );
      if (!users.length) return [];
      const endpoints: Array<{ id: string; owner_user_id: string }> = await tx.query(
        `SELECT id, owner_user_id FROM webhook_endpoints WHERE active AND owner_user_id = ANY($1::uuid[]) ORDER BY id`,
        [users.map((u) => u.id)],
      );
      const rows: Row[] = [];
      for (const user of users) {
        const message = renderMessage(event.type, user.locale, event.payload)!;
        const base = { userId: user.id, locale: user.locale, ...message };
        rows.push({ ...base, channel: 'IN_APP', endpointId: null, status: 'DELIVERED' });
        if (options.email)
          rows.push({ ...base, channel: 'EMAIL', endpointId: null, status: 'PENDING' });
        for (const e of endpoints.filter((x) => x.owner_user_id === user.id)) {
          rows.push({ ...base, channel: 'WEBHOOK', endpointId: e.id, status: 'PENDING' });
        }
      }
      await tx.query(
        `INSERT INTO notifications (outbox_id, event_type, recipient_user_id, channel, webhook_endpoint_id, delivery_key,
                                    locale, subject, body, payload, status, request_id, delivered_at)
         SELECT $1, $2, r.user_id, r.channel, r.endpoint_id, r.key, r.locale, r.subject, r.body, $3::jsonb, r.status, $4,
                CASE WHEN r.status = 'DELIVERED' THEN now() END
           FROM jsonb_to_recordset($5::jsonb) AS r(user_id uuid, channel text, endpoint_id uuid, key text, locale text,
                                                   subject text, body text, status text)
         ON CONFLICT (delivery_key) DO NOTHING`,
        [
          event.outboxId,
          event.type,
          JSON.stringify(event.payload),
          event.requestId,
          JSON.stringify(
            rows.map((r) => ({
              user_id: r.userId,
              channel: r.channel,
              endpoint_id: r.endpointId,
              key: deliveryKey(event.outboxId, r.userId, r.channel, r.endpointId ?? undefined),
              locale: r.locale,
              subject: r.subject,
              body: r.body,
              status: r.status,
            })),
          ),
        ],
      );
      // In-app messages are delivered by being written: nothing else to queue.
      if (rows.every((r) => r.channel === 'IN_APP')) return [];
      // Includes rows a previous, interrupted run of this event wrote but did not deliver.
      const pending: Array<{ id: string }> = await tx.query(
        `SELECT id FROM notifications WHERE outbox_id = $1 AND status IN ('PENDING','FAILED') AND channel <> 'IN_APP' ORDER BY id`,
        [event.outboxId],
      );
      return pending.map((p) => Number(p.id));
    });
  }
}
