import { Fragment, useState, type ReactNode } from 'react';
import { useMutation, useQueries, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, type Page } from '../../api/client';
import { ErrorBanner } from '../../components/ErrorBanner';
import { SelectField } from '../../components/Field';
import { PaymentHistory } from '../../components/PaymentHistory';
import { Money, PagedView, PageTitle, StatusBadge } from '../../components/ui';
import { formatDate, toBigInt } from '../../lib/format';
import { useUrlFilters } from '../../lib/useUrlFilters';
import { Signatures } from './ApplicationDetailPage';
import { AwardActions, AwardNotice } from './AwardActions';
import { OFFICER, useAccountName, useProgram } from './lib';
import type { AwardListItem } from './types';

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
 * waitlist promotion. One status at a time, with the count of each, narrowed by category and
 * supplier; one request per page (GET /api/programs/:id/awards), the payments of a row read
 * when it is opened.
 */
export function AwardsPage() {
  const { t } = useTranslation();
  const program = useProgram();
  const name = useAccountName(program);
  const { params, offset, set } = useUrlFilters();
  const status = params.get('status') ?? 'SELECTED';
  const category = params.get('category') ?? '';
  const supplierId = params.get('supplierId') ?? '';
  const [message, setMessage] = useState<ReactNode>(null);
  const filters = { category, supplierId };
  const path = `/api/programs/${program.id}/awards`;

  const counts = useQueries({
    queries: AWARD_STATUSES.map((s) => ({
      queryKey: [OFFICER, 'awards', program.id, { ...filters, status: s }, 'count'],
      queryFn: () => api.get<Page<AwardListItem>>(path, { ...filters, status: s, limit: 1 }),
    })),
  });
  const list = useQuery({
    queryKey: [OFFICER, 'awards', program.id, { ...filters, status }, offset],
    queryFn: () => api.get<Page<AwardListItem>>(path, { ...filters, status, limit: LIMIT, offset }),
  });
  const exportCsv = useMutation({
    mutationFn: () =>
      api.download(
        `${path}.csv`,
        `awards-${program.year}-${program.id.slice(0, 8)}-${status.toLowerCase()}.csv`,
        { ...filters, status },
      ),
  });
  // The supplier's name, from a row of the filtered list (every row names it).
  const supplierName =
    list.data?.items.find((i) => i.supplierId === supplierId)?.supplierName ??
    supplierId.slice(0, 8);

  return (
    <section>
      <PageTitle
        actions={
          <button type="button" onClick={() => exportCsv.mutate()} disabled={exportCsv.isPending}>
            {t('action.exportCsv')}
          </button>
        }
      >
        {t('officer.awards.title')}
      </PageTitle>
      <p className="hint">{t('officer.awards.explainPage')}</p>
      <ErrorBanner error={exportCsv.error} />
      <div className="officer-segments" role="group" aria-label={t('officer.awards.statusFilter')}>
        {AWARD_STATUSES.map((s, i) => (
          <button
            key={s}
            type="button"
            aria-pressed={status === s}
            className={status === s ? 'primary' : ''}
            onClick={() => set({ status: s })}
          >
            {t(`status.${s}`)} ({counts[i].data?.total ?? '…'})
          </button>
        ))}
      </div>
      <div className="filters" role="search" aria-label={t('officer.awards.filters')}>
        <SelectField
          label={t('officer.awards.category')}
          value={category}
          onChange={(e) => set({ category: e.target.value })}
          options={[
            { value: '', label: t('officer.common.all') },
            ...program.rules.categories.map((c) => ({ value: c.code, label: name(c.code) })),
          ]}
        />
        {supplierId && (
          <p>
            {t('officer.awards.supplierFilter', { name: supplierName })}{' '}
            <button type="button" onClick={() => set({ supplierId: '' })}>
              {t('officer.awards.clearSupplier')}
            </button>
          </p>
        )}
      </div>
      <AwardNotice message={message} />
      <PagedView
        query={list}
        limit={LIMIT}
        offset={offset}
        onOffset={(o) => set({ offset: String(o) })}
        empty={t('officer.awards.none', { status: t(`status.${status}`) })}
      >
        {(page) => (
          <AwardTable
            awards={page.items}
            status={status}
            total={page.total}
            onSupplier={supplierId ? undefined : (id) => set({ supplierId: id })}
            onMessage={setMessage}
          />
        )}
      </PagedView>
    </section>
  );
}

function AwardTable({
  awards,
  status,
  total,
  onSupplier,
  onMessage,
}: {
  awards: AwardListItem[];
  status: string;
  total: number;
  /** Narrows the list to a supplier (absent while it is narrowed already). */
  onSupplier?: (supplierId: string) => void;
  onMessage: (m: ReactNode) => void;
}) {
  const { t, i18n } = useTranslation();
  const program = useProgram();
  const name = useAccountName(program);
  const lang = i18n.language;
  const [open, setOpen] = useState<string | null>(null);
  const columns = status === 'WAITLISTED' ? 9 : 8;
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
              {t('officer.awards.moneyOfGrant')}
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
            <th scope="col">{t('officer.awards.history')}</th>
          </tr>
        </thead>
        <tbody>
          {awards.map((w) => (
            <Fragment key={w.applicationId}>
              <tr>
                <th scope="row">
                  <Link to={`/officer/programs/${program.id}/applications/${w.applicationId}`}>
                    {w.title}
                  </Link>
                  <br />
                  <small className="hint">
                    {w.companyName} ·{' '}
                    {onSupplier ? (
                      <button
                        type="button"
                        className="link-button"
                        title={t('officer.awards.filterBySupplier')}
                        onClick={() => onSupplier(w.supplierId)}
                      >
                        {w.supplierName}
                      </button>
                    ) : (
                      w.supplierName
                    )}
                  </small>
                </th>
                <td>{name(w.accountCode ?? w.category)}</td>
                <td>
                  <StatusBadge status={w.status} />
                  {w.cancelReason && <small className="hint"> {w.cancelReason}</small>}
                </td>
                <td className="num">
                  <Money value={w.paidKrw} />
                  {toBigInt(w.recoveredKrw) > 0n && (
                    <>
                      <br />
                      <small className="hint">
                        {t('money.recovered')} <Money value={w.recoveredKrw} />
                      </small>
                      <br />
                      <small>
                        {t('money.netPaid')} <Money value={w.netPaidKrw} />
                      </small>
                    </>
                  )}
                  <br />
                  <small className="hint">
                    / <Money value={w.grantKrw} />
                  </small>
                </td>
                {status === 'WAITLISTED' && <td className="num">{w.waitlistPosition ?? '—'}</td>}
                <td>
                  <Signatures award={w} />
                  <small className="hint">
                    {t(`officer.awards.agreementState.${w.agreementState}`)}
                    {w.agreementDueAt &&
                      w.status === 'SELECTED' &&
                      ` · ${t('officer.awards.dueBy', { at: formatDate(w.agreementDueAt, lang) })}`}
                  </small>
                </td>
                <td>
                  {w.deliveryApprovedAt
                    ? t('officer.awards.deliveryApproved', {
                        at: formatDate(w.deliveryApprovedAt, lang),
                      })
                    : w.deliveryReportedAt
                      ? t('officer.awards.deliveryReported', {
                          at: formatDate(w.deliveryReportedAt, lang),
                        })
                      : '—'}
                </td>
                <td>
                  <AwardActions award={w} title={w.title} onMessage={onMessage} />
                </td>
                <td>
                  <button
                    type="button"
                    aria-expanded={open === w.applicationId}
                    aria-controls={`payments-${w.applicationId}`}
                    onClick={() => setOpen(open === w.applicationId ? null : w.applicationId)}
                  >
                    {open === w.applicationId
                      ? t('officer.awards.hideHistory')
                      : t('officer.awards.history')}
                    <span className="sr-only"> {w.title}</span>
                  </button>
                </td>
              </tr>
              {open === w.applicationId && (
                <tr id={`payments-${w.applicationId}`}>
                  <td colSpan={columns}>
                    <PaymentHistory applicationId={w.applicationId} scope={OFFICER} />
                  </td>
                </tr>
              )}
            </Fragment>
          ))}
        </tbody>
      </table>
    </div>
  );
}
