import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ProgramRules } from '@app/domain';

/** A fresh copy of a seeded rule set (seeds/programs/<year>.json) to build test programs from. */
export function seedRules(year: 2021 | 2023): ProgramRules {
  return JSON.parse(
    readFileSync(join(__dirname, '../../../seeds/programs', `${year}.json`), 'utf8'),
  ) as ProgramRules;
}
