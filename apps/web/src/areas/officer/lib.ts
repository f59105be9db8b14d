import { createContext, useCallback, useContext } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { toBigInt, type Krw } from '../../lib/format';
import type { ProgramAction, ProgramStatus, ProgramView } from './types';

/** Every officer query key starts with this, so one invalidation refreshes the whole area. */
export const OFFICER = 'officer';

/** The program the officer is working on (set by ProgramLayout from the URL). */
export const ProgramContext = createContext<ProgramView | null>(null);

export function useProgram(): ProgramView {
  const program = useContext(ProgramContext);
  if (!program) throw new Error('useProgram outside ProgramLayout');
  return program;
}

/** After any change: budget, lists and runs may all have moved. */
export function useRefreshOfficer() {
  const queryClient = useQueryClient();
  return useCallback(() => queryClient.invalidateQueries({ queryKey: [OFFICER] }), [queryClient]);
}

/** For drawing only (charts): money as a JS number. Never used for arithmetic on amounts. */
export function chartNumber(value: Krw | null | undefined): number {
  return Number(toBigInt(value));
}

export function shortHash(hash: string | null | undefined): string {
  return hash ? hash.slice(0, 12) : '—';
}

export function shortId(id: string | null | undefined): string {
  return id ? id.slice(0, 8) : '—';
}

/** The manual transition that moves a program on from its status, if there is one. */
export function nextProgramAction(status: ProgramStatus): ProgramAction | null {
  switch (status) {
    case 'DRAFT':
      return 'open';
    case 'OPEN':
      return 'close';
    case 'CLOSED':
      return 'start-evaluation';
    case 'SELECTED':
      return 'start-running';
    case 'RUNNING':
      return 'finish';
    default:
      return null;
  }
}

/** Most relevant first: the round being evaluated, then one taking applications, … */
const RELEVANCE: ProgramStatus[] = [
  'EVALUATING',
  'OPEN',
  'CLOSED',
  'SELECTED',
  'RUNNING',
  'DRAFT',
  'FINISHED',
];

export function pickDefaultProgram(programs: ProgramView[]): ProgramView | undefined {
  return [...programs].sort(
    (a, b) =>
      RELEVANCE.indexOf(a.status) - RELEVANCE.indexOf(b.status) ||
      b.year - a.year ||
      (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0),
  )[0];
}

const LAST_PROGRAM = 'voucher.officer.program';

export function rememberProgram(id: string): void {
  try {
    localStorage.setItem(LAST_PROGRAM, id);
  } catch {
    // private mode: the URL still remembers it
  }
}

export function lastProgram(): string | null {
  try {
    return localStorage.getItem(LAST_PROGRAM);
  } catch {
    return null;
  }
}

/**
 * Names of accounts and categories: the shared vocabulary when it knows the code, otherwise the
 * name from the program's rule set, otherwise the code itself.
 */
export function useAccountName(program: ProgramView | null | undefined) {
  const { t, i18n } = useTranslation();
  return useCallback(
    (code: string | null | undefined): string => {
      if (!code) return '—';
      if (code === 'POOL') return t('officer.budget.pool');
      if (i18n.exists(`category.${code}`)) return t(`category.${code}`);
      const rules = program?.rules;
      const named =
        rules?.categories.find((c) => c.code === code)?.name ??
        rules?.specialPools.find((p) => p.code === code)?.name;
      return named ?? code;
    },
    [t, i18n, program],
  );
}

/** Translates a code under a prefix when the key exists, else shows the code. */
export function useCode() {
  const { t, i18n } = useTranslation();
  return useCallback(
    (prefix: string, code: string | null | undefined): string => {
      if (!code) return '—';
      const key = `${prefix}.${code}`;
      return i18n.exists(key) ? t(key) : code;
    },
    [t, i18n],
  );
}

export type ReasonKind =
  | 'rank'
  | 'quota'
  | 'specialPool'
  | 'cutoff'
  | 'slots'
  | 'envelope'
  | 'poolExhausted'
  | 'specialPoolExhausted'
  | 'noSpecialPool'
  | 'notReached'
  | 'other';

/**
 * What a selection decision's reason says, in one word an officer can filter on. The API writes
 * the reason in English (`waitlisted: slots exhausted (900/900)`); the full text stays visible.
 */
export function reasonKind(reason: string): ReasonKind {
  const text = reason.toLowerCase();
  if (text.startsWith('rejected: base')) return 'cutoff';
  if (text.startsWith('selected:')) {
    if (text.includes('quota')) return 'quota';
    if (text.includes('special pool')) return 'specialPool';
    return 'rank';
  }
  if (text.includes('slots exhausted')) return 'slots';
  if (text.includes('special pool') && text.includes('exhausted')) return 'specialPoolExhausted';
  if (text.includes('envelope exhausted')) return 'envelope';
  if (text.includes('pool exhausted')) return 'poolExhausted';
  if (text.includes('no special pool')) return 'noSpecialPool';
  if (text.includes('not reached')) return 'notReached';
  return 'other';
}

/** Series colours; "available" is light, so it is drawn with a darker outline (3:1 contrast). */
export const MONEY_COLORS = {
  reserved: '#0b5cad',
  disbursed: '#1a7f37',
  available: '#e6eaef',
};
export const AVAILABLE_STROKE = '#6e7781';
