import { Injectable } from '@nestjs/common';
import { SIGNATURE_HEADER, signWebhook } from '@app/domain';

export interface WebhookCall {
  url: string;
  secret: string;
  deliveryKey: string;
  eventType: string;
  payload: Record<string, unknown>;
  createdAt: Date;
}

/** POSTs the event, signed with HMAC-SHA256 over the timestamp and the body. */
@Injectable()
export class WebhookChannel {
  async send(call: WebhookCall): Promise<void> {
    const body = JSON.stringify({
      id: call.deliveryKey,
      type: call.eventType,
      createdAt: call.createdAt.toISOString(),
      data: call.payload,
    });
    const timestamp = Math.floor(Date.now() / 1000);
    const res = await fetch(call.url, {
      method: 'POST',
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(10_000),
      headers: {
        'content-type': 'application/json',
        'user-agent': 'data-voucher-webhooks/1',
        'x-voucher-delivery': call.deliveryKey,
        'x-voucher-event': call.eventType,
        [SIGNATURE_HEADER]: signWebhook(call.secret, body, timestamp),
      },
    });
    if (res.status < 200 || res.status >= 300) {
      throw new Error(`webhook answered ${res.status}`);
    }
  }
}
