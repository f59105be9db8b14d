import { fieldReasons } from '../../components/ErrorBanner';
import { useState } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, type Page } from '../../api/client';
import { SelectField, TextArea, TextField } from '../../components/Field';
import { Money, Notice, PagedView, PageTitle, StatusBadge } from '../../components/ui';
import { formatDate } from '../../lib/format';
import { CATEGORIES } from '../../lib/vocabulary';
import { useUrlFilters } from '../../lib/useUrlFilters';
import { ConfirmDialog } from './components';
import { OFFICER, useCode, useRefreshOfficer } from './lib';
import type { OfferingView, SupplierView } from './types';

const LIMIT = 10;
const STATUSES = ['PENDING', 'APPROVED', 'REJECTED', 'SUSPENDED'] as const;

type Pending =
  | { kind: 'approve'; supplier: SupplierView }
  | { kind: 'reject' | 'suspend'; supplier: SupplierView }
  | { kind: 'approveOffering' | 'rejectOffering'; supplier: SupplierView; offering: OfferingView };

/** Supplier registrations and their offerings, reviewed by officers. */
export function SuppliersPage() {
  const { t } = useTranslation();
  const { params, offset, set } = useUrlFilters();
  const status = params.get('status') ?? 'PENDING';
  const category = params.get('category') ?? '';
  const q = params.get('q') ?? '';
  const [search, setSearch] = useState(q);
  const [pending, setPending] = useState<Pending | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const suppliers = useQuery({
    queryKey: [OFFICER, 'suppliers', status, category, q, offset],
    queryFn: () =>
      api.get<Page<SupplierView>>('/api/suppliers', {
        status: status === 'ALL' ? undefined : status,
        category,
        q,
        limit: LIMIT,
        offset,
      }),
  });

  return (
    <section>
      <PageTitle>{t('officer.suppliers.title')}</PageTitle>
      <form
        className="filters"
        role="search"
        aria-label={t('officer.suppliers.filters')}
        onSubmit={(e) => {
          e.preventDefault();
          set({ q: search.trim() });
        }}
      >
        <SelectField
          label={t('officer.suppliers.status')}
          value={status}
          onChange={(e) => set({ status: e.target.value })}
          options={[
            ...STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) })),
            { value: 'ALL', label: t('officer.common.all') },
          ]}
        />
        <SelectField
          label={t('officer.suppliers.category')}
          value={category}
          onChange={(e) => set({ category: e.target.value })}
          options={[
            { value: '', label: t('officer.common.all') },
            ...CATEGORIES.map((c) => ({ value: c, label: t(`category.${c}`) })),
          ]}
        />
        <TextField
          label={t('officer.suppliers.search')}
          type="search"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          maxLength={100}
        />
        <button type="submit">{t('action.filter')}</button>
      </form>
      {notice && <Notice>{notice}</Notice>}
      <PagedView
        query={suppliers}
        limit={LIMIT}
        offset={offset}
        onOffset={(o) => set({ offset: String(o) })}
        empty={t('officer.suppliers.none')}
      >
        {(page) => (
          <>
            <p className="hint">{t('officer.common.count', { n: page.total })}</p>
            <div className="officer-cards">
              {page.items.map((s) => (
                <SupplierCard key={s.id} supplier={s} onAction={setPending} />
              ))}
            </div>
          </>
        )}
      </PagedView>
      <SupplierActionDialog
        pending={pending}
        onClose={() => setPending(null)}
        onDone={(message) => {
          setPending(null);
          setNotice(message);
        }}
      />
    </section>
  );
}

function SupplierCard({
  supplier: s,
  onAction,
}: {
  supplier: SupplierView;
  onAction: (p: Pending) => void;
}) {
  const { t, i18n } = useTranslation();
  const code = useCode();
  const headingId = `supplier-${s.id}`;
  const live = s.offerings.filter((o) => o.status !== 'WITHDRAWN' && o.status !== 'REPLACED');
  return (
    <article className="card" aria-labelledby={headingId}>
      <div className="officer-card-head">
        <h2 id={headingId}>{s.name}</h2>
        <StatusBadge status={s.status} />
      </div>
      <dl className="officer-facts">
        <div>
          <dt>{t('officer.suppliers.brn')}</dt>
          <dd>{s.businessRegistrationNumber}</dd>
        </div>
        <div>
          <dt>{t('officer.suppliers.representative')}</dt>
          <dd>{s.representative}</dd>
        </div>
        <div>
          <dt>{t('officer.suppliers.contact')}</dt>
          <dd>
            {s.contactEmail}
            {s.contactPhone ? ` · ${s.contactPhone}` : ''}
          </dd>
        </div>
        <div>
          <dt>{t('officer.suppliers.crowdsourcing')}</dt>
          <dd>
            {s.crowdsourcing
              ? t('officer.suppliers.crowdYes', { evidence: s.crowdsourcingEvidence ?? '—' })
              : t('officer.common.no')}
          </dd>
        </div>
        <div>
          <dt>{t('officer.suppliers.registered')}</dt>
          <dd>{formatDate(s.createdAt, i18n.language)}</dd>
        </div>
        {s.statusReason && (
          <div>
            <dt>{t('officer.suppliers.statusReason')}</dt>
            <dd>{s.statusReason}</dd>
          </div>
        )}
      </dl>
      <div className="actions">
        {s.status === 'PENDING' && (
          <>
            <button
              type="button"
              className="primary"
              onClick={() => onAction({ kind: 'approve', supplier: s })}
            >
              {t('officer.suppliers.approve')}
            </button>
            <button
              type="button"
              className="danger"
              onClick={() => onAction({ kind: 'reject', supplier: s })}
            >
              {t('officer.suppliers.reject')}
            </button>
          </>
        )}
        {s.status === 'APPROVED' && (
          <button
            type="button"
            className="danger"
            onClick={() => onAction({ kind: 'suspend', supplier: s })}
          >
            {t('officer.suppliers.suspend')}
          </button>
        )}
      </div>
      <div className="table-wrap">
        <table>
          <caption>{t('officer.suppliers.offerings', { name: s.name })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('officer.suppliers.offering')}</th>
              <th scope="col">{t('officer.suppliers.category')}</th>
              <th scope="col">{t('officer.suppliers.kind')}</th>
              <th scope="col" className="num">
                {t('officer.suppliers.price')}
              </th>
              <th scope="col">{t('officer.suppliers.status')}</th>
              <th scope="col">{t('officer.common.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {live.map((o) => (
              <tr key={o.id}>
                <th scope="row">
                  {o.title}
                  {o.replacesId && (
                    <small className="hint"> · {t('officer.suppliers.revision')}</small>
                  )}
                  <br />
                  <small className="hint">{o.description}</small>
                </th>
                <td>{code('category', o.category)}</td>
                <td>{code('officer.suppliers.kinds', o.processingKind)}</td>
                <td className="num">
                  <Money value={o.indicativePriceKrw} />
                </td>
                <td>
                  <StatusBadge status={o.status} />
                  {o.reviewReason && <small className="hint"> {o.reviewReason}</small>}
                </td>
                <td>
                  {o.status === 'PENDING' && s.status === 'APPROVED' ? (
                    <div className="actions">
                      <button
                        type="button"
                        onClick={() =>
                          onAction({ kind: 'approveOffering', supplier: s, offering: o })
                        }
                      >
                        {t('officer.suppliers.approveOffering')}
                        <span className="sr-only"> {o.title}</span>
                      </button>
                      <button
                        type="button"
                        className="danger"
                        onClick={() =>
                          onAction({ kind: 'rejectOffering', supplier: s, offering: o })
                        }
                      >
                        {t('officer.suppliers.rejectOffering')}
                        <span className="sr-only"> {o.title}</span>
                      </button>
                    </div>
                  ) : o.status === 'PENDING' ? (
                    <small className="hint">{t('officer.suppliers.offeringWithSupplier')}</small>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </article>
  );
}

function SupplierActionDialog({
  pending,
  onClose,
  onDone,
}: {
  pending: Pending | null;
  onClose: () => void;
  onDone: (message: string) => void;
}) {
  const { t } = useTranslation();
  const refresh = useRefreshOfficer();
  const [reason, setReason] = useState('');
  const needsReason =
    pending?.kind === 'reject' || pending?.kind === 'suspend' || pending?.kind === 'rejectOffering';
  const mutation = useMutation({
    mutationFn: async (p: Pending) => {
      const base = `/api/suppliers/${p.supplier.id}`;
      switch (p.kind) {
        case 'approve':
          return api.post(`${base}/approve`);
        case 'reject':
          return api.post(`${base}/reject`, { reason });
        case 'suspend':
          return api.post(`${base}/suspend`, { reason });
        case 'approveOffering':
          return api.post(`${base}/offerings/${p.offering.id}/approve`);
        case 'rejectOffering':
          return api.post(`${base}/offerings/${p.offering.id}/reject`, { reason });
      }
    },
    onSuccess: async (_data, p) => {
      setReason('');
      const target = 'offering' in p ? p.offering.title : p.supplier.name;
      onDone(t(`officer.suppliers.done.${p.kind}`, { name: target }));
      await refresh();
    },
  });
  const close = () => {
    setReason('');
    mutation.reset();
    onClose();
  };
  const p = pending;
  const target = p ? ('offering' in p ? p.offering.title : p.supplier.name) : '';
  return (
    <ConfirmDialog
      open={Boolean(p)}
      title={p ? t(`officer.suppliers.dialog.${p.kind}`, { name: target }) : ''}
      confirmLabel={p ? t(`officer.suppliers.confirm.${p.kind}`) : ''}
      danger={p?.kind !== 'approve' && p?.kind !== 'approveOffering'}
      pending={mutation.isPending}
      error={mutation.error}
      onConfirm={() => p && mutation.mutate(p)}
      onClose={close}
    >
      {p && <p>{t(`officer.suppliers.explain.${p.kind}`, { name: target })}</p>}
      {needsReason && (
        <TextArea
          label={t('officer.common.reason')}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          required
          maxLength={1000}
          errors={fieldReasons(mutation.error, 'reason')}
        />
      )}
    </ConfirmDialog>
  );
}
