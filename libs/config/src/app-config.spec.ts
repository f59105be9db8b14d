import { ConfigError, loadConfig } from './app-config';

describe('loadConfig', () => {
  it('gives working defaults for a developer machine', () => {
    const config = loadConfig({});
    expect(config.PORT).toBe(3000);
    expect(config.DATABASE_URL).toBe('postgres://postgres@127.0.0.1:5432/voucher');
    expect(config.REDIS_URL).toBe('redis://127.0.0.1:6379/0');
    expect(config.SMTP_URL).toBeUndefined();
  });

  it('parses numbers from strings', () => {
    expect(loadConfig({ PORT: '8080', DATABASE_POOL_SIZE: '20' })).toMatchObject({
      PORT: 8080,
      DATABASE_POOL_SIZE: 20,
    });
  });

  it('refuses a wrong value with one line naming the variable and the value', () => {
    expect(() => loadConfig({ PORT: 'abc', REDIS_URL: 'http://x' })).toThrow(ConfigError);
    try {
      loadConfig({ PORT: 'abc', REDIS_URL: 'http://x' });
    } catch (e) {
      const message = (e as Error).message;
      expect(message).not.toContain('\n');
      expect(message).toContain("PORT must be an integer number (got 'abc')");
      expect(message).toContain("REDIS_URL must be a redis:// URL (got 'http://x')");
    }
  });

  it('requires a real JWT secret in production and never echoes it', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET must be set/);
    try {
      loadConfig({ JWT_SECRET: 'short' });
      throw new Error('expected a ConfigError');
    } catch (e) {
      expect((e as Error).message).toContain('JWT_SECRET');
      expect((e as Error).message).not.toContain('short');
    }
  });
});

describe('WEBHOOK_ALLOW_PRIVATE_TARGETS', () => {
  it('is off unless set, in every environment', () => {
    for (const NODE_ENV of ['development', 'test', 'production']) {
      const env = { NODE_ENV, JWT_SECRET: 'a-production-secret-123' };
      expect(loadConfig(env).WEBHOOK_ALLOW_PRIVATE_TARGETS).toBe(false);
    }
  });

  it('reads true/false and 1/0, and refuses anything else', () => {
    expect(
      loadConfig({ WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' }).WEBHOOK_ALLOW_PRIVATE_TARGETS,
    ).toBe(true);
    expect(loadConfig({ WEBHOOK_ALLOW_PRIVATE_TARGETS: ' 1 ' }).WEBHOOK_ALLOW_PRIVATE_TARGETS).toBe(
      true,
    );
    expect(
      loadConfig({ WEBHOOK_ALLOW_PRIVATE_TARGETS: 'FALSE' }).WEBHOOK_ALLOW_PRIVATE_TARGETS,
    ).toBe(false);
    expect(() => loadConfig({ WEBHOOK_ALLOW_PRIVATE_TARGETS: 'yes' })).toThrow(
      "WEBHOOK_ALLOW_PRIVATE_TARGETS must be true or false (got 'yes')",
    );
    expect(() => loadConfig({ WEBHOOK_ALLOW_PRIVATE_TARGETS: 'constructor' })).toThrow(ConfigError);
  });
});
