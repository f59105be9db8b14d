import { BullModule } from '@nestjs/bullmq';
import type { RedisOptions as BullRedisOptions } from 'bullmq';
import { APP_CONFIG, AppConfig } from '@app/config';
import { redisOptions } from './redis';
import { QUEUES } from './queues';

/** BullMQ's connection options: its blocking commands need maxRetriesPerRequest = null. */
export function bullConnection(url: string): BullRedisOptions {
  return { ...redisOptions(url), maxRetriesPerRequest: null } as BullRedisOptions;
}

export const bullRoot = () =>
  BullModule.forRootAsync({
    inject: [APP_CONFIG],
    useFactory: (config: AppConfig) => ({
      connection: {
        ...redisOptions(config.REDIS_URL),
        maxRetriesPerRequest: null,
      } as BullRedisOptions,
      prefix: config.QUEUE_PREFIX,
    }),
  });

export const eventsQueue = () => BullModule.registerQueue({ name: QUEUES.EVENTS });
