import { Inject, Injectable, Logger } from '@nestjs/common';
import Redis from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { APP_CONFIG, AppConfig } from '@app/config';
import { DomainError } from '@app/common';
import { REDIS } from '@app/queue';

/**
 * Counts failed logins per e-mail and client address in Redis (shared by every API instance),
 * falling back to process memory while Redis is unreachable so that logins keep working.
 */
@Injectable()
export class LoginLimiter {
  private readonly logger = new Logger(LoginLimiter.name);
  private readonly limiter: RateLimiterRedis;

  constructor(@Inject(REDIS) redis: Redis, @Inject(APP_CONFIG) config: AppConfig) {
    const options = {
      points: config.LOGIN_MAX_FAILURES,
      duration: config.LOGIN_LOCK_SECONDS,
      blockDuration: config.LOGIN_LOCK_SECONDS,
    };
    this.limiter = new RateLimiterRedis({
      ...options,
      storeClient: redis,
      keyPrefix: `${config.QUEUE_PREFIX}:login-fail`,
      insuranceLimiter: new RateLimiterMemory(options),
    });
  }

  private key(email: string, ip: string): string {
    return `${email.toLowerCase()}|${ip}`;
  }

  /** Refuses before checking the password when too many recent attempts failed. */
  async assertAllowed(email: string, ip: string): Promise<void> {
    const res = await this.limiter.get(this.key(email, ip)).catch(() => null);
    if (res && res.consumedPoints >= this.limiter.points) this.tooMany(res);
  }

  async recordFailure(email: string, ip: string): Promise<void> {
    try {
      await this.limiter.consume(this.key(email, ip));
    } catch (error) {
      if (error instanceof RateLimiterRes) this.tooMany(error);
      this.logger.warn(`login limiter unavailable: ${String(error)}`);
    }
  }

  async reset(email: string, ip: string): Promise<void> {
    await this.limiter.delete(this.key(email, ip)).catch(() => undefined);
  }

  private tooMany(res: RateLimiterRes): never {
    const retryAfterSeconds = Math.max(1, Math.ceil(res.msBeforeNext / 1000));
    throw new DomainError('TOO_MANY_ATTEMPTS', 'Too many failed logins; try again later', {
      retryAfterSeconds,
    });
  }
}
