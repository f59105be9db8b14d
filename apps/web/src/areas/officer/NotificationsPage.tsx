import { useState } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, type Page } from '../../api/client';
import { ErrorBanner } from '../../components/ErrorBanner';
import { SelectField } from '../../components/Field';
import { Notice, PagedView, PageTitle, QueryView, StatusBadge } from '../../components/ui';
import { formatDate } from '../../lib/format';
import { useUrlFilters } from '../../lib/useUrlFilters';
import { OFFICER, useCode, useRefreshOfficer } from './lib';
import type { NotificationStats, StaffNotificationView } from './types';

const LIMIT = 20;
const STATUSES = ['DEAD', 'FAILED', 'PENDING', 'DELIVERED'] as const;
const CHANNELS = ['IN_APP', 'EMAIL', 'WEBHOOK'] as const;

/** Deliveries that gave up (DEAD) or are retrying (FAILED), with a retry, and the queue numbers. */
export function NotificationsPage() {
  const { t, i18n } = useTranslation();
  const code = useCode();
  const refresh = useRefreshOfficer();
  const { params, offset, set } = useUrlFilters();
  const status = params.get('status') ?? 'DEAD';
  const channel = params.get('channel') ?? '';
  const [done, setDone] = useState<string | null>(null);

  const stats = useQuery({
    queryKey: [OFFICER, 'notification-stats'],
    queryFn: () => api.get<NotificationStats>('/api/notifications/stats'),
    refetchInterval: 15_000,
  });
  const list = useQuery({
    queryKey: [OFFICER, 'notifications', status, channel, offset],
    queryFn: () =>
      api.get<Page<StaffNotificationView>>('/api/notifications', {
        status: status === 'ALL' ? undefined : status,
        channel,
        limit: LIMIT,
        offset,
      }),
    refetchInterval: 15_000,
  });
  const retry = useMutation({
    mutationFn: (n: StaffNotificationView) =>
      api.post<StaffNotificationView>(`/api/notifications/${n.id}/retry`),
    onSuccess: async (n) => {
      setDone(t('officer.notifications.retried', { id: n.id }));
      await refresh();
    },
  });

  return (
    <section>
      <PageTitle>{t('officer.notifications.title')}</PageTitle>
      <QueryView query={stats}>
        {(s) => (
          <div className="table-wrap">
            <table>
              <caption>{t('officer.notifications.statsCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('officer.notifications.channel')}</th>
                  {STATUSES.map((st) => (
                    <th scope="col" className="num" key={st}>
                      {t(`officer.notifications.statuses.${st}`)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {Object.entries(s.channels).map(([ch, counts]) => (
                  <tr key={ch}>
                    <th scope="row">{code('officer.notifications.channels', ch)}</th>
                    {STATUSES.map((st) => (
                      <td className="num" key={st}>
                        {(counts[st] ?? 0).toLocaleString()}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
            <p className="hint officer-pad">
              {t('officer.notifications.outbox', { n: s.outboxPending })}{' '}
              {s.queues
                ? Object.entries(s.queues)
                    .map(([q, c]) =>
                      t('officer.notifications.queue', {
                        name: q,
                        waiting: c.waiting ?? 0,
                        active: c.active ?? 0,
                        delayed: c.delayed ?? 0,
                        failed: c.failed ?? 0,
                      }),
                    )
                    .join(' · ')
                : t('officer.notifications.queuesDown')}
            </p>
          </div>
        )}
      </QueryView>
      <h2>{t('officer.notifications.listHeading')}</h2>
      <div className="filters">
        <SelectField
          label={t('officer.notifications.status')}
          value={status}
          onChange={(e) => set({ status: e.target.value })}
          options={[
            ...STATUSES.map((s) => ({ value: s, label: t(`officer.notifications.statuses.${s}`) })),
            { value: 'ALL', label: t('officer.common.all') },
          ]}
        />
        <SelectField
          label={t('officer.notifications.channel')}
          value={channel}
          onChange={(e) => set({ channel: e.target.value })}
          options={[
            { value: '', label: t('officer.common.all') },
            ...CHANNELS.map((c) => ({
              value: c,
              label: code('officer.notifications.channels', c),
            })),
          ]}
        />
      </div>
      {done && <Notice>{done}</Notice>}
      <ErrorBanner error={retry.error} />
      <PagedView
        query={list}
        limit={LIMIT}
        offset={offset}
        onOffset={(o) => set({ offset: String(o) })}
        empty={t('officer.notifications.none')}
      >
        {(page) => (
          <div className="table-wrap">
            <table>
              <caption>{t('officer.notifications.caption', { n: page.total })}</caption>
              <thead>
                <tr>
                  <th scope="col">#</th>
                  <th scope="col">{t('officer.notifications.event')}</th>
                  <th scope="col">{t('officer.notifications.channel')}</th>
                  <th scope="col">{t('officer.notifications.subject')}</th>
                  <th scope="col">{t('officer.notifications.status')}</th>
                  <th scope="col" className="num">
                    {t('officer.notifications.attempts')}
                  </th>
                  <th scope="col">{t('officer.notifications.lastError')}</th>
                  <th scope="col">{t('officer.notifications.created')}</th>
                  <th scope="col">{t('officer.common.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {page.items.map((n) => (
                  <tr key={n.id}>
                    <td>{n.id}</td>
                    <td>
                      <code>{n.eventType}</code>
                    </td>
                    <td>{code('officer.notifications.channels', n.channel)}</td>
                    <th scope="row">{n.subject}</th>
                    <td>
                      <StatusBadge
                        status={n.status === 'DELIVERED' ? 'DELIVERED_NOTIFICATION' : n.status}
                      />
                    </td>
                    <td className="num">{n.attempts}</td>
                    <td className="officer-error-text">{n.lastError ?? '—'}</td>
                    <td>{formatDate(n.createdAt, i18n.language)}</td>
                    <td>
                      {n.status === 'DEAD' && (
                        <button
                          type="button"
                          onClick={() => retry.mutate(n)}
                          disabled={retry.isPending && retry.variables?.id === n.id}
                        >
                          {t('officer.notifications.retry')}
                          <span className="sr-only"> #{n.id}</span>
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </PagedView>
    </section>
  );
}
