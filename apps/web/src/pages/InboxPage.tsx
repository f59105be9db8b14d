import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { Inbox } from '../api/types';
import { ErrorBanner } from '../components/ErrorBanner';
import { Empty, PageTitle, Pager, QueryView } from '../components/ui';
import { formatDate } from '../lib/format';

const LIMIT = 20;

export function InboxPage() {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const [offset, setOffset] = useState(0);
  const inbox = useQuery({
    queryKey: ['inbox', offset],
    queryFn: () => api.get<Inbox>('/api/me/notifications', { limit: LIMIT, offset }),
    refetchInterval: 15_000,
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['inbox'] });
  const markRead = useMutation({
    mutationFn: (id: number) => api.post(`/api/me/notifications/${id}/read`),
    onSuccess: refresh,
  });
  const markAll = useMutation({
    mutationFn: () => api.post('/api/me/notifications/read-all'),
    onSuccess: refresh,
  });

  return (
    <section>
      <PageTitle
        actions={
          <button type="button" onClick={() => markAll.mutate()} disabled={!inbox.data?.unread}>
            {t('action.markAllRead')}
          </button>
        }
      >
        {t('inbox.title')}
      </PageTitle>
      <ErrorBanner error={markRead.error ?? markAll.error} />
      <QueryView query={inbox}>
        {(data) =>
          data.items.length === 0 ? (
            <Empty>{t('inbox.none')}</Empty>
          ) : (
            <>
              <ul className="inbox">
                {data.items.map((n) => (
                  <li key={n.id} className={n.readAt ? 'read' : 'unread'}>
                    <div>
                      <strong>{n.subject}</strong>{' '}
                      <span className="sr-only">
                        {n.readAt ? t('inbox.read') : t('inbox.unread')}
                      </span>
                      <p>{n.body}</p>
                      <small>{formatDate(n.createdAt, i18n.language)}</small>
                    </div>
                    {!n.readAt && (
                      <button type="button" onClick={() => markRead.mutate(n.id)}>
                        {t('action.markRead')}
                      </button>
                    )}
                  </li>
                ))}
              </ul>
              <Pager total={data.total} limit={LIMIT} offset={offset} onChange={setOffset} />
            </>
          )
        }
      </QueryView>
    </section>
  );
}
