import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  validateSync,
} from 'class-validator';

const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;

const BOOLEANS: Record<string, boolean> = { true: true, '1': true, false: false, '0': false };
const toBool = ({ value }: { value: unknown }) =>
  typeof value === 'string' && Object.hasOwn(BOOLEANS, value.trim().toLowerCase())
    ? BOOLEANS[value.trim().toLowerCase()]
    : value;

/**
 * The process environment, validated once at start-up. Defaults work on a developer machine
 * with PostgreSQL and Redis on localhost; production must set JWT_SECRET explicitly.
 */
export class EnvironmentVariables {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsString()
  HOST = '0.0.0.0';

  @Matches(/^postgres(ql)?:\/\/[^\s]+$/, { message: 'must be a postgres:// URL' })
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/voucher';

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(200)
  DATABASE_POOL_SIZE = 10;

  @Matches(/^rediss?:\/\/[^\s]+$/, { message: 'must be a redis:// URL' })
  REDIS_URL = 'redis://127.0.0.1:6379/0';

  @Matches(/^[a-zA-Z0-9_-]{1,40}$/, { message: 'must be 1-40 letters, digits, _ or -' })
  QUEUE_PREFIX = 'voucher';

  @IsString()
  @MinLength(16)
  JWT_SECRET = 'dev-only-secret-change-me-in-production';

  @Matches(/^\d+[smhd]$/, { message: 'must look like 15m, 1h or 7d' })
  JWT_EXPIRES_IN = '8h';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /** Log lines wait until this many bytes are buffered (or a second passed); 0 writes each at once. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(1_048_576)
  LOG_BUFFER_BYTES = 4096;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  LOGIN_MAX_FAILURES = 5;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(86400)
  LOGIN_LOCK_SECONDS = 900;

  @IsOptional()
  @Matches(/^smtps?:\/\/[^\s]+$/, { message: 'must be an smtp:// or smtps:// URL' })
  SMTP_URL?: string;

  @IsString()
  MAIL_FROM = 'Data Voucher <no-reply@voucher.local>';

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10000)
  OUTBOX_RELAY_INTERVAL_MS = 500;

  /** First retry delay of a failed job; doubles on each of the 5 attempts. */
  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(3_600_000)
  JOB_BACKOFF_MS = 1000;

  /** How long a worker holds a job before another may take it over after a crash. */
  @Transform(toInt)
  @IsInt()
  @Min(500)
  @Max(600_000)
  WORKER_LOCK_MS = 30_000;

  /** Evaluation reminders start this long before the due date and repeat every REMINDER_EVERY_MS. */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  @Max(30 * 86_400_000)
  REMINDER_LEAD_MS = 3 * 86_400_000;

  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(7 * 86_400_000)
  REMINDER_EVERY_MS = 86_400_000;

  /** How often the worker cancels awards whose agreement deadline has passed. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(86_400_000)
  AGREEMENT_SWEEP_MS = 60_000;

  /**
   * Lets user-registered webhooks point at loopback, private, link-local and metadata addresses
   * (SSRF protection off). Off by default, in every environment; for tests and local receivers.
   */
  @Transform(toBool)
  @IsBoolean({ message: 'must be true or false' })
  WEBHOOK_ALLOW_PRIVATE_TARGETS = false;

  /** The built web app (`vite build` output) served at `/`; by default dist/web of the checkout. */
  @IsOptional()
  @IsString()
  WEB_DIST_DIR?: string;
}

export type AppConfig = Readonly<EnvironmentVariables>;

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

const DEV_SECRET = new EnvironmentVariables().JWT_SECRET;

/**
 * Validates the environment. Throws a ConfigError whose message is one line naming every
 * wrong variable, so a bad deployment stops at start-up with a readable reason.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const known = Object.keys(new EnvironmentVariables());
  const picked: Record<string, string> = {};
  for (const key of [...known, 'SMTP_URL', 'WEB_DIST_DIR']) {
    const value = env[key];
    if (value !== undefined && value !== '') picked[key] = value;
  }
  const config = plainToInstance(EnvironmentVariables, picked, { exposeDefaultValues: true });
  const errors = validateSync(config, { skipMissingProperties: false });
  const problems = errors.map((e) => {
    const got = picked[e.property];
    const reason = Object.values(e.constraints ?? {}).join(', ');
    return `${e.property} ${reason.replace(new RegExp(`^${e.property} `), '')}${
      got !== undefined && e.property !== 'JWT_SECRET' ? ` (got '${got}')` : ''
    }`;
  });
  if (config.NODE_ENV === 'production' && config.JWT_SECRET === DEV_SECRET) {
    problems.push('JWT_SECRET must be set in production');
  }
  if (problems.length > 0) {
    throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
  }
  return Object.freeze(config);
}
