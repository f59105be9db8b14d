import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { createTransport, Transporter } from 'nodemailer';
import { APP_CONFIG, AppConfig } from '@app/config';

export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  locale: 'ko' | 'en';
  deliveryKey: string;
}

/** SMTP through nodemailer; off unless SMTP_URL is set (in-app notifications always work). */
@Injectable()
export class EmailChannel implements OnModuleDestroy {
  private readonly transport: Transporter | null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.transport = config.SMTP_URL ? createTransport(config.SMTP_URL) : null;
  }

  get enabled(): boolean {
    return this.transport !== null;
  }

  async send(message: EmailMessage): Promise<void> {
    if (!this.transport) throw new Error('e-mail is not configured (SMTP_URL)');
    await this.transport.sendMail({
      from: this.config.MAIL_FROM,
      to: message.to,
      subject: message.subject,
      text: message.text,
      headers: { 'Content-Language': message.locale, 'X-Voucher-Delivery': message.deliveryKey },
    });
  }

  onModuleDestroy(): void {
    this.transport?.close();
  }
}
