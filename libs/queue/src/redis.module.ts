import { once } from 'node:events';
import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { APP_CONFIG, AppConfig } from '@app/config';
import { createFailFastRedis } from './redis';

export const REDIS = Symbol('REDIS');

/** One fail-fast Redis client for the request path, closed on shutdown. */
@Global()
@Module({
  providers: [
    {
      provide: REDIS,
      inject: [APP_CONFIG],
      useFactory: async (config: AppConfig) => {
        const client = createFailFastRedis(config.REDIS_URL);
        // Errors surface through commands and /health; an unhandled 'error' event would crash.
        client.on('error', () => undefined);
        // Give Redis a moment to connect, but start without it: the API must work while it is down.
        await Promise.race([
          once(client, 'ready'),
          new Promise((r) => setTimeout(r, 2000).unref()),
        ]);
        return client;
      },
    },
  ],
  exports: [REDIS],
})
export class RedisModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  async onApplicationShutdown(): Promise<void> {
    this.redis.disconnect();
  }
}
