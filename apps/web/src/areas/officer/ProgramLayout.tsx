import { useEffect, useState } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Navigate, NavLink, Outlet, useLocation, useNavigate, useParams } from 'react-router';
import { api, type Page } from '../../api/client';
import { ErrorBanner } from '../../components/ErrorBanner';
import { SelectField } from '../../components/Field';
import { Empty, Notice, PageTitle, QueryView, StatusBadge } from '../../components/ui';
import { formatDate } from '../../lib/format';
import { ConfirmDialog } from './components';
import {
  lastProgram,
  nextProgramAction,
  OFFICER,
  pickDefaultProgram,
  ProgramContext,
  rememberProgram,
  useRefreshOfficer,
} from './lib';
import type { ProgramView } from './types';

export function usePrograms() {
  return useQuery({
    queryKey: [OFFICER, 'programs'],
    queryFn: () => api.get<Page<ProgramView>>('/api/programs', { limit: 200 }),
  });
}

/** `/officer` and `/officer/programs`: straight to the last or the most relevant program. */
export function ProgramIndexRedirect() {
  const { t } = useTranslation();
  const programs = usePrograms();
  return (
    <QueryView query={programs}>
      {(data) => {
        const last = lastProgram();
        const chosen = data.items.find((p) => p.id === last) ?? pickDefaultProgram(data.items);
        if (!chosen)
          return (
            <>
              <PageTitle>{t('officer.program.title')}</PageTitle>
              <Empty>{t('officer.program.none')}</Empty>
            </>
          );
        return <Navigate to={`/officer/programs/${chosen.id}`} replace />;
      }}
    </QueryView>
  );
}

/** Program picker, the program's own menu, then the page; the program id lives in the URL. */
export function ProgramLayout() {
  const { t } = useTranslation();
  const { programId = '' } = useParams();
  const navigate = useNavigate();
  const location = useLocation();
  const programs = usePrograms();
  const program = useQuery({
    queryKey: [OFFICER, 'program', programId],
    queryFn: () => api.get<ProgramView>(`/api/programs/${programId}`),
  });

  useEffect(() => {
    if (program.data) rememberProgram(program.data.id);
  }, [program.data]);

  const base = `/officer/programs/${programId}`;
  /** Switching programs keeps the section (applications, selection…) but not a record id. */
  const switchTo = (id: string) => {
    const rest = location.pathname.startsWith(base) ? location.pathname.slice(base.length) : '';
    const section = rest.split('/').filter(Boolean)[0];
    navigate(`/officer/programs/${id}${section ? `/${section}` : ''}`);
  };

  const options = (programs.data?.items ?? []).map((p) => ({
    value: p.id,
    label: `${p.name} (${p.year}) · ${t(`status.${p.status}`)}`,
  }));
  if (!options.some((o) => o.value === programId))
    options.unshift({ value: programId, label: program.data?.name ?? programId });

  return (
    <>
      <div className="officer-bar">
        <div className="officer-picker">
          <SelectField
            label={t('officer.program.picker')}
            value={programId}
            onChange={(e) => switchTo(e.target.value)}
            options={options}
          />
          {program.data && <StatusBadge status={program.data.status} />}
        </div>
        <nav aria-label={t('officer.nav.programMenu')} className="officer-tabs">
          <NavLink to={base} end>
            {t('officer.nav.dashboard')}
          </NavLink>
          <NavLink to={`${base}/applications`}>{t('officer.nav.applications')}</NavLink>
          <NavLink to={`${base}/evaluation`}>{t('officer.nav.evaluation')}</NavLink>
          <NavLink to={`${base}/selection`}>{t('officer.nav.selection')}</NavLink>
          <NavLink to={`${base}/awards`}>{t('officer.nav.awards')}</NavLink>
        </nav>
      </div>
      <QueryView query={program}>
        {(data) => (
          <ProgramContext.Provider value={data}>
            <Outlet />
          </ProgramContext.Provider>
        )}
      </QueryView>
    </>
  );
}

/** The program's status, window and the manual transition that moves it on (with a confirmation). */
export function ProgramStatusPanel({ program }: { program: ProgramView }) {
  const { t, i18n } = useTranslation();
  const refresh = useRefreshOfficer();
  const action = nextProgramAction(program.status);
  const [open, setOpen] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const transition = useMutation({
    mutationFn: () => api.post<ProgramView>(`/api/programs/${program.id}/${action}`),
    onSuccess: async (next) => {
      setOpen(false);
      setDone(t('officer.program.moved', { status: t(`status.${next.status}`) }));
      await refresh();
    },
  });
  const lang = i18n.language;
  return (
    <section className="card" aria-labelledby="program-status-heading">
      <h2 id="program-status-heading">{t('officer.program.statusHeading')}</h2>
      <dl className="officer-facts">
        <div>
          <dt>{t('officer.program.name')}</dt>
          <dd>
            {program.name} ({program.year})
          </dd>
        </div>
        <div>
          <dt>{t('officer.program.status')}</dt>
          <dd>
            <StatusBadge status={program.status} />
          </dd>
        </div>
        <div>
          <dt>{t('officer.program.window')}</dt>
          <dd>
            {formatDate(program.rules.window.opensAt, lang)} –{' '}
            {formatDate(program.rules.window.closesAt, lang)}
          </dd>
        </div>
        <div>
          <dt>{t('officer.program.rulesVersion')}</dt>
          <dd>v{program.rulesVersion}</dd>
        </div>
        <div>
          <dt>{t('officer.program.cutoff')}</dt>
          <dd>
            {t('officer.program.cutoffValue', {
              cutoff: program.rules.evaluation.cutoffScore,
              n: program.rules.evaluation.evaluatorsPerApplication,
            })}
          </dd>
        </div>
      </dl>
      <p className="hint">{t(`officer.program.stage.${program.status}`)}</p>
      {program.warnings.length > 0 && (
        <div className="officer-bad" role="note" aria-label={t('officer.program.warningsHeading')}>
          <strong>{t('officer.program.warningsHeading')}</strong>
          <ul>
            {program.warnings.map((w) => (
              <li key={w.field + w.reason}>{w.reason}</li>
            ))}
          </ul>
        </div>
      )}
      {done && <Notice>{done}</Notice>}
      {action && (
        <div className="actions">
          <button type="button" className="primary" onClick={() => setOpen(true)}>
            {t(`officer.program.action.${action}`)}
          </button>
        </div>
      )}
      <ErrorBanner error={open ? null : transition.error} />
      {action && (
        <ConfirmDialog
          open={open}
          title={t(`officer.program.action.${action}`)}
          confirmLabel={t(`officer.program.confirmLabel.${action}`)}
          pending={transition.isPending}
          error={transition.error}
          onConfirm={() => transition.mutate()}
          onClose={() => {
            setOpen(false);
            transition.reset();
          }}
        >
          <p>{t(`officer.program.confirm.${action}`, { name: program.name })}</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
