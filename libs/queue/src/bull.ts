import { BullModule } from '@nestjs/bullmq';
import type { RedisOptions as BullRedisOptions } from 'bullmq';
import { APP_CONFIG, AppConfig } from '@app/config';
import { QUEUES } from './queues';
import { redisOptions } from './redis';

/** BullMQ's connection options: its blocking commands need maxRetriesPerRequest = null. */
export function bullConnection(url: string): BullRedisOptions {
  return { ...redisOptions(url), maxRetriesPerRequest: null } as BullRedisOptions;
}

export const bullRoot = () =>
  BullModule.forRootAsync({
    inject: [APP_CONFIG],
    useFactory: (config: AppConfig) => ({
      connection: bullConnection(config.REDIS_URL),
      prefix: config.QUEUE_PREFIX,
    }),
  });

export const notificationQueues = () =>
  BullModule.registerQueue({ name: QUEUES.EVENTS }, { name: QUEUES.DELIVERIES });

export const remindersQueue = () => BullModule.registerQueue({ name: QUEUES.REMINDERS });
