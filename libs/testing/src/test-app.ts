import { randomUUID } from 'node:crypto';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { Role } from '@app/common';
import { UserService } from '@app/domain';
import { createApiApp } from '../../../apps/api/src/bootstrap';

export type Http = ReturnType<typeof request>;

/** The real API (Fastify, real PostgreSQL and Redis) listening on an ephemeral port. */
export async function startTestApp(): Promise<TestApp> {
  const app = await createApiApp({ logger: false });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return new TestApp(app);
}

export const TEST_PASSWORD = 'test-password-1';

export class TestApp {
  constructor(readonly app: NestFastifyApplication) {}

  get http(): Http {
    return request(this.app.getHttpServer());
  }

  /** A unique e-mail so suites sharing the database never collide. */
  email(label: string): string {
    return `${label}-${randomUUID().slice(0, 8)}@test.voucher.kr`;
  }

  /** Creates a user of any role directly (as the CLI would) and logs in through HTTP. */
  async userWithToken(
    role: Role,
    label = role.toLowerCase(),
    locale: 'ko' | 'en' = 'ko',
  ): Promise<{ id: string; email: string; token: string }> {
    const email = this.email(label);
    const user = await this.app
      .get(UserService)
      .create({ email, password: TEST_PASSWORD, role, displayName: label, locale }, null);
    return { id: user.id, email, token: await this.login(email) };
  }

  async login(email: string, password = TEST_PASSWORD): Promise<string> {
    const res = await this.http.post('/api/auth/login').send({ email, password });
    if (res.status !== 200)
      throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.accessToken as string;
  }

  async close(): Promise<void> {
    await this.app.close();
  }
}
