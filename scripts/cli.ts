import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Command, Option } from 'commander';
import { ALL_ROLES, Role } from '@app/common';
import { ConfigError, loadConfig } from '@app/config';
import { migrate } from '@app/database';
import { BudgetService, UserService } from '@app/domain';
import { AppModule } from '../apps/api/src/app.module';
import { seedIfEmpty } from '../seeds/seed';

const out = (line: string) => process.stdout.write(`${line}\n`);

async function withApp<T>(
  work: (app: Awaited<ReturnType<typeof NestFactory.createApplicationContext>>) => Promise<T>,
): Promise<T> {
  const app = await NestFactory.createApplicationContext(AppModule, { logger: ['error', 'warn'] });
  try {
    return await work(app);
  } finally {
    await app.close();
  }
}

const program = new Command('cli').description('Data voucher operations').showHelpAfterError();

program
  .command('migrate')
  .description('create the database if needed and run pending migrations')
  .action(async () => {
    const ran = await migrate(loadConfig().DATABASE_URL);
    out(ran.length ? `migrations applied: ${ran.join(', ')}` : 'database is up to date');
  });

program
  .command('seed')
  .description('load the 2021 program and the demo accounts into an empty database')
  .action(async () => {
    await migrate(loadConfig().DATABASE_URL);
    const result = await withApp((app) => seedIfEmpty(app, out));
    out(result.seeded ? 'seeded' : 'database already has users: nothing seeded');
  });

program
  .command('user:create')
  .description('create a user of any role (e.g. the first ADMIN)')
  .addOption(new Option('--role <role>').choices(ALL_ROLES).makeOptionMandatory())
  .requiredOption('--email <email>')
  .requiredOption('--password <password>', 'at least 10 characters')
  .option('--name <name>', 'display name')
  .addOption(new Option('--locale <locale>').choices(['ko', 'en']).default('ko'))
  .action(
    async (opts: {
      role: Role;
      email: string;
      password: string;
      name?: string;
      locale: 'ko' | 'en';
    }) => {
      if (opts.password.length < 10) throw new Error('--password must have at least 10 characters');
      const user = await withApp((app) =>
        app.get(UserService).create(
          {
            email: opts.email,
            password: opts.password,
            role: opts.role,
            displayName: opts.name ?? opts.email,
            locale: opts.locale,
          },
          null,
        ),
      );
      out(`created ${user.role} ${user.email} (${user.id})`);
    },
  );

program
  .command('budget:reconcile')
  .description("compare a program's budget accounts with its ledger; exits 1 on a mismatch")
  .requiredOption('--program <id>')
  .action(async (opts: { program: string }) => {
    const report = await withApp((app) => app.get(BudgetService).reconcile(opts.program));
    out(JSON.stringify(report, null, 2));
    if (!report.consistent) process.exitCode = 1;
  });

program.parseAsync(process.argv).catch((error: unknown) => {
  const e = error as Error & { code?: string; details?: unknown };
  process.stderr.write(
    `${error instanceof ConfigError ? e.message : `error: ${e.message}`}${e.details ? ` ${JSON.stringify(e.details)}` : ''}\n`,
  );
  process.exit(1);
});
