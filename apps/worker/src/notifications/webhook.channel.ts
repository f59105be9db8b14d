import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/config';
import {
  checkWebhookUrl,
  Resolve,
  SIGNATURE_HEADER,
  signWebhook,
  WebhookTargetRefused,
  webhookLookup,
} from '@app/domain';

export interface WebhookCall {
  url: string;
  secret: string;
  deliveryKey: string;
  eventType: string;
  payload: Record<string, unknown>;
  createdAt: Date;
}

/** The resolver the channel uses: the system's (WorkerModule); a test may give its own DNS. */
export const WEBHOOK_RESOLVE = Symbol('WEBHOOK_RESOLVE');

const TIMEOUT_MS = 10_000;

/**
 * POSTs the event, signed with HMAC-SHA256 over the timestamp and the body. The target is
 * checked again here, whatever was checked at registration: an IP literal before connecting,
 * a name by the connection's own lookup, which refuses it if any address it resolves to is
 * loopback, private, link-local or metadata, and connects only to the addresses it checked
 * (so a name re-pointed after registration, or between two resolutions, cannot reach inside).
 * Redirects are not followed: a 3xx is a failed delivery.
 */
@Injectable()
export class WebhookChannel {
  private readonly allowPrivate: boolean;
  private readonly resolve: Resolve;

  constructor(@Inject(APP_CONFIG) config: AppConfig, @Inject(WEBHOOK_RESOLVE) resolve: Resolve) {
    this.allowPrivate = config.WEBHOOK_ALLOW_PRIVATE_TARGETS;
    this.resolve = resolve;
  }

  async send(call: WebhookCall): Promise<void> {
    const target = checkWebhookUrl(call.url, this.allowPrivate);
    if (!target.ok) throw new WebhookTargetRefused(target.reason);
    const body = JSON.stringify({
      id: call.deliveryKey,
      type: call.eventType,
      createdAt: call.createdAt.toISOString(),
      data: call.payload,
    });
    const timestamp = Math.floor(Date.now() / 1000);
    const request = target.url.protocol === 'https:' ? httpsRequest : httpRequest;
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        target.url,
        {
          method: 'POST',
          lookup: webhookLookup({ allowPrivate: this.allowPrivate, resolve: this.resolve }),
          signal: AbortSignal.timeout(TIMEOUT_MS),
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            'user-agent': 'data-voucher-webhooks/1',
            'x-voucher-delivery': call.deliveryKey,
            'x-voucher-event': call.eventType,
            [SIGNATURE_HEADER]: signWebhook(call.secret, body, timestamp),
          },
        },
        (res) => {
          // The answer's body is not read: drained, so the connection can be reused.
          res.resume();
          res.on('error', reject);
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
    if (status < 200 || status >= 300) {
      throw new Error(`webhook answered ${status}`);
    }
  }
}
