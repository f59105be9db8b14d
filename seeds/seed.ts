import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { INestApplicationContext } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { Actor, flattenValidationErrors, Role } from '@app/common';
import { ProgramRulesDto, ProgramService, UserService } from '@app/domain';

function readJson<T>(relative: string): T {
  // seeds/*.ts reads beside itself; the compiled dist/seeds/*.js reads from the repo's seeds/.
  const candidates = [join(__dirname, relative), join(__dirname, '..', '..', 'seeds', relative)];
  for (const file of candidates) {
    try {
      return JSON.parse(readFileSync(file, 'utf8')) as T;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  throw new Error(`seed file not found: ${relative}`);
}

export interface DemoUsers {
  password: string;
  users: Array<{ email: string; role: Role; displayName: string; locale: 'ko' | 'en' }>;
}

export const demoUsers = (): DemoUsers => readJson<DemoUsers>('demo-users.json');

/** Reads and validates a rule-set file such as seeds/programs/2021.json. */
export function loadRules(year: number): { rules: ProgramRulesDto; name: string; year: number } {
  const rules = plainToInstance(ProgramRulesDto, readJson<object>(`programs/${year}.json`));
  const errors = validateSync(rules, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length) {
    const fields = flattenValidationErrors(errors).map(
      (f) => `${f.field}: ${f.reasons.join(', ')}`,
    );
    throw new Error(`seeds/programs/${year}.json is invalid: ${fields.join('; ')}`);
  }
  const meta = readJson<{ name: string; year: number }>(`programs/${year}.meta.json`);
  return { rules, name: meta.name, year: meta.year };
}

export interface SeedResult {
  seeded: boolean;
  users: string[];
  programId?: string;
  demoProgramId?: string;
}

/**
 * Loads the demo accounts and the 2021 program (opened for applications) into an empty
 * database. Does nothing when any user exists, so it is safe at every start.
 */
export async function seedIfEmpty(
  app: INestApplicationContext,
  log: (line: string) => void,
): Promise<SeedResult> {
  const users = app.get(UserService);
  if ((await users.count()) > 0) return { seeded: false, users: [] };
  const demo = demoUsers();
  const created = [];
  for (const [i, u] of demo.users.entries()) {
    created.push(await users.create({ ...u, password: demo.password }, null));
    log(`seed: user ${i + 1}/${demo.users.length} ${u.email}`);
  }
  const admin = created.find((u) => u.role === Role.ADMIN)!;
  const actor: Actor = {
    userId: admin.id,
    email: admin.email,
    role: Role.ADMIN,
    requestId: 'seed',
  };
  const programs = app.get(ProgramService);
  const { rules, name, year } = loadRules(2021);
  const program = await programs.create({ year, name, rules }, actor);
  await programs.transition(program.id, 'open', actor);
  log(`seed: program ${name} (${program.id}) opened`);
  // The 2021 window is long past: a demo round under the same rules, open now, lets a newcomer
  // apply, evaluate and select on a fresh start.
  const now = Date.now();
  const demoRules = {
    ...rules,
    window: {
      opensAt: new Date(now - 86_400_000).toISOString(),
      closesAt: new Date(now + 60 * 86_400_000).toISOString(),
    },
    evaluation: { ...rules.evaluation, dueAt: new Date(now + 90 * 86_400_000).toISOString() },
  };
  const demoRound = await programs.create(
    { year: new Date(now).getFullYear(), name: `데모 라운드 (2021 규칙)`, rules: demoRules },
    actor,
  );
  await programs.transition(demoRound.id, 'open', actor);
  log(
    `seed: demo round under the 2021 rules (${demoRound.id}) open until ${demoRules.window.closesAt.slice(0, 10)}`,
  );
  return {
    seeded: true,
    users: created.map((u) => u.email),
    programId: program.id,
    demoProgramId: demoRound.id,
  };
}
