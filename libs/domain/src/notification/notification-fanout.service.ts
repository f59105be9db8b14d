import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { runStatement } from '@app/database';
import { audienceOf, recipientChannels, renderMessages } from './notification-template.policy';

export interface FannedOutEvent {
  outboxId: number;
  type: string;
  payload: Record<string, unknown>;
  requestId: string | null;
}

/**
 * The whole fan-out of one event as a single statement, so it is atomic without a transaction
 * and costs one round trip (the worker runs thousands of them; each extra statement was a
 * socket write and a wait). Prepared: planning it took longer than running it.
 *
 * $1 outbox id, $2 event type, $3 payload, $4 request id, $5 named recipients, $6 audience
 * roles, $7 the channels every recipient gets (recipientChannels), $8 the message per locale.
 */
const FAN_OUT = `
  WITH recipients AS (
    -- A UNION, not an OR: each half uses its index instead of scanning every user.
    SELECT id, locale FROM users WHERE id = ANY($5::uuid[])
    UNION
    SELECT id, locale FROM users WHERE role = ANY($6::text[])
  ),
  wanted AS (
    SELECT r.id AS user_id, r.locale, c.channel, NULL::uuid AS endpoint_id, c.rank
      FROM recipients r CROSS JOIN unnest($7::text[]) WITH ORDINALITY AS c(channel, rank)
    UNION ALL
    SELECT r.id, r.locale, 'WEBHOOK', e.id, NULL
      FROM recipients r JOIN webhook_endpoints e ON e.owner_user_id = r.id AND e.active
  ),
  written AS (
    INSERT INTO notifications (outbox_id, event_type, recipient_user_id, channel, webhook_endpoint_id,
                               delivery_key, locale, subject, body, payload, status, request_id, delivered_at)
    SELECT $1::bigint, $2::text, w.user_id, w.channel, w.endpoint_id,
           -- deliveryKey() of the template policy: outboxId:userId:channel:endpointId
           concat_ws(':', $1::bigint, w.user_id, w.channel, coalesce(w.endpoint_id::text, '')),
           w.locale, $8::jsonb -> w.locale ->> 'subject', $8::jsonb -> w.locale ->> 'body', $3::jsonb,
           -- In-app messages are delivered by being written; the others by the delivery jobs.
           CASE WHEN w.channel = 'IN_APP' THEN 'DELIVERED' ELSE 'PENDING' END, $4::text,
           CASE WHEN w.channel = 'IN_APP' THEN now() END
      FROM wanted w
     -- One order for every run of the event: two runs at once wait for each other, never deadlock.
     ORDER BY w.user_id, w.rank, w.endpoint_id
    ON CONFLICT (delivery_key) DO NOTHING
    RETURNING id, channel
  )
  SELECT id FROM written WHERE channel <> 'IN_APP'
  UNION
  -- Rows an earlier, interrupted run of this event wrote but did not deliver (the statement sees
  -- the table as it was before its own insert). Not read at all for in-app only events.
  SELECT id FROM notifications
   WHERE outbox_id = $1::bigint AND status IN ('PENDING', 'FAILED') AND channel <> 'IN_APP'
     AND EXISTS (SELECT 1 FROM wanted WHERE channel <> 'IN_APP')
  ORDER BY id`;

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
    const messages = renderMessages(event.type, event.payload);
    if (!messages) return [];
    const audience = audienceOf(event.type, event.payload);
    // Prepared (named): planning this statement costs more than running it, once per event.
    const pending = await runStatement<{ id: string }>(this.dataSource.manager, {
      name: 'notification-fan-out',
      sql: FAN_OUT,
      params: [
        event.outboxId,
        event.type,
        JSON.stringify(event.payload),
        event.requestId,
        audience.userIds,
        audience.roles,
        recipientChannels(options),
        JSON.stringify(messages),
      ],
    });
    return pending.map((p) => Number(p.id));
  }
}
