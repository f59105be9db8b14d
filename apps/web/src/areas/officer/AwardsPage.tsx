import { useState, type ReactNode } from 'react';
import { useQueries, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api, type Page } from '../../api/client';
import { Money, PagedView, PageTitle, StatusBadge } from '../../components/ui';
import { formatDate } from '../../lib/format';
import { Signatures } from './ApplicationDetailPage';
import { AwardActions, AwardNotice } from './AwardActions';
import { OFFICER, useAccountName, useProgram } from './lib';
import type { ApplicationView, AwardView } from './types';

const LIMIT = 20;
const AWARD_STATUSES = [
  'SELECTED',
  'CONTRACTED',
  'DELIVERED',
  'SETTLED',
  'WAITLISTED',
  'CANCELLED',
] as const;

/**
 * Awards after selection: agreements, delivery approval, payment, clawback, cancellation with
 * waitlist promotion. One status at a time, with the count of each.
 */
export function AwardsPage() {
  const { t } = useTranslation();
  const program = useProgram();
  const [params, setParams] = useSearchParams();
  const status = params.get('status') ?? 'SELECTED';
  const offset = Number(params.get('offset') ?? 0) || 0;
  const [message, setMessage] = useState<ReactNode>(null);

  const counts = useQueries({
    queries: AWARD_STATUSES.map((s) => ({
      queryKey: [OFFICER, 'applications', program.id, { status: s }, 'count'],
      queryFn: () =>
        api.get<Page<ApplicationView>>('/api/applications', {
          programId: program.id,
          status: s,
          limit: 1,
        }),
    })),
  });
  const list = useQuery({
    queryKey: [OFFICER, 'applications', program.id, { status }, offset],
    queryFn: () =>
      api.get<Page<ApplicationView>>('/api/applications', {
        programId: program.id,
        status,
        limit: LIMIT,
        offset,
      }),
  });

  const choose = (s: string) => {
    setParams({ status: s }, { replace: true });
  };

  return (
    <section>
      <PageTitle>{t('officer.awards.title')}</PageTitle>
      <p className="hint">{t('officer.awards.explainPage')}</p>
      <div className="officer-segments" role="group" aria-label={t('officer.awards.statusFilter')}>
        {AWARD_STATUSES.map((s, i) => (
          <button
            key={s}
            type="button"
            aria-pressed={status === s}
            className={status === s ? 'primary' : ''}
            onClick={() => choose(s)}
          >
            {t(`status.${s}`)} ({counts[i].data?.total ?? '…'})
          </button>
        ))}
      </div>
      <AwardNotice message={message} />
      <PagedView
        query={list}
        limit={LIMIT}
        offset={offset}
        onOffset={(o) => setParams({ status, offset: String(o) }, { replace: true })}
        empty={t('officer.awards.none', { status: t(`status.${status}`) })}
      >
        {(page) => (
          <AwardTable
            applications={page.items}
            status={status}
            total={page.total}
            onMessage={setMessage}
          />
        )}
      </PagedView>
    </section>
  );
}

function AwardTable({
  applications,
  status,
  total,
  onMessage,
}: {
  applications: ApplicationView[];
  status: string;
  total: number;
  onMessage: (m: ReactNode) => void;
}) {
  const { t, i18n } = useTranslation();
  const program = useProgram();
  const name = useAccountName(program);
  const lang = i18n.language;
  const awards = useQueries({
    queries: applications.map((a) => ({
      queryKey: [OFFICER, 'award', a.id],
      queryFn: () => api.get<AwardView>(`/api/applications/${a.id}/award`),
      retry: false,
    })),
  });
  return (
    <div className="table-wrap">
      <table>
        <caption>
          {t('officer.awards.caption', { status: t(`status.${status}`), n: total })}
        </caption>
        <thead>
          <tr>
            <th scope="col">{t('officer.evaluation.application')}</th>
            <th scope="col">{t('officer.awards.account')}</th>
            <th scope="col">{t('officer.awards.status')}</th>
            <th scope="col" className="num">
              {t('officer.awards.paidOfGrant')}
            </th>
            {status === 'WAITLISTED' && (
              <th scope="col" className="num">
                {t('officer.awards.waitlistPosition')}
              </th>
            )}
            <th scope="col">{t('officer.awards.signatures')}</th>
            <th scope="col" className="officer-nowrap">
              {t('officer.awards.delivery')}
            </th>
            <th scope="col">{t('officer.common.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {applications.map((a, i) => {
            const w = awards[i].data;
            return (
              <tr key={a.id}>
                <th scope="row">
                  <Link to={`/officer/programs/${program.id}/applications/${a.id}`}>{a.title}</Link>
                  <br />
                  <small className="hint">
                    {a.companyName} · {a.supplierName}
                  </small>
                </th>
                <td>{name(w?.accountCode ?? a.category)}</td>
                <td>
                  <StatusBadge status={w?.status ?? a.status} />
                  {w?.cancelReason && <small className="hint"> {w.cancelReason}</small>}
                </td>
                <td className="num">
                  {w ? (
                    <>
                      <Money value={w.paidKrw} />
                      <br />
                      <small className="hint">
                        / <Money value={w.grantKrw} />
                      </small>
                    </>
                  ) : (
                    <Money value={a.requestedSupportKrw} />
                  )}
                </td>
                {status === 'WAITLISTED' && <td className="num">{w?.waitlistPosition ?? '—'}</td>}
                <td>
                  {w && <Signatures award={w} />}
                  {w?.agreementDueAt && w.status === 'SELECTED' && (
                    <small className="hint">
                      {t('officer.awards.dueBy', { at: formatDate(w.agreementDueAt, lang) })}
                    </small>
                  )}
                </td>
                <td>
                  {w?.deliveryApprovedAt
                    ? t('officer.awards.deliveryApproved', {
                        at: formatDate(w.deliveryApprovedAt, lang),
                      })
                    : w?.deliveryReportedAt
                      ? t('officer.awards.deliveryReported', {
                          at: formatDate(w.deliveryReportedAt, lang),
                        })
                      : '—'}
                </td>
                <td>{w && <AwardActions award={w} title={a.title} onMessage={onMessage} />}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
