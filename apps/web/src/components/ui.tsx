import { useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router';
import type { UseQueryResult } from '@tanstack/react-query';
import type { Page } from '../api/client';
import { formatKrw, type Krw } from '../lib/format';
import { ErrorBanner } from './ErrorBanner';

/** The page's one h1; it takes focus on navigation so screen readers announce the new page. */
export function PageTitle({ children, actions }: { children: ReactNode; actions?: ReactNode }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLHeadingElement>(null);
  const { pathname } = useLocation();
  useEffect(() => {
    if (typeof children === 'string') document.title = `${children} · ${t('app.name')}`;
  }, [children, t]);
  // On navigation only: a heading that follows live-edited text must not take the focus away.
  useEffect(() => ref.current?.focus(), [pathname]);
  return (
    <div className="page-title">
      <h1 ref={ref} tabIndex={-1}>
        {children}
      </h1>
      {actions && <div className="page-actions">{actions}</div>}
    </div>
  );
}

export function StatusBadge({ status }: { status: string }) {
  const { t, i18n } = useTranslation();
  const key = `status.${status}`;
  return (
    <span className={`badge badge-${status.toLowerCase()}`}>
      {i18n.exists(key) ? t(key) : status}
    </span>
  );
}

export function Money({ value }: { value: Krw | null | undefined }) {
  const { i18n } = useTranslation();
  return <span className="money">{formatKrw(value, i18n.language)}</span>;
}

/** Loading, error or the content of a query, in one place. */
export function QueryView<T>({
  query,
  children,
}: {
  query: UseQueryResult<T>;
  children: (data: T) => ReactNode;
}) {
  const { t } = useTranslation();
  if (query.isPending) return <p aria-busy="true">{t('app.loading')}</p>;
  if (query.isError) return <ErrorBanner error={query.error} />;
  return <>{children(query.data)}</>;
}

export function Pager({
  total,
  limit,
  offset,
  onChange,
}: {
  total: number;
  limit: number;
  offset: number;
  onChange: (offset: number) => void;
}) {
  const { t } = useTranslation();
  if (total <= limit && offset === 0) return null;
  return (
    <nav className="pager" aria-label={t('pager.label')}>
      <button
        type="button"
        disabled={offset === 0}
        onClick={() => onChange(Math.max(0, offset - limit))}
      >
        {t('action.previous')}
      </button>
      <span>
        {t('pager.summary', {
          from: total ? offset + 1 : 0,
          to: Math.min(offset + limit, total),
          total,
        })}
      </span>
      <button
        type="button"
        disabled={offset + limit >= total}
        onClick={() => onChange(offset + limit)}
      >
        {t('action.next')}
      </button>
    </nav>
  );
}

export function Empty({ children }: { children?: ReactNode }) {
  const { t } = useTranslation();
  return <p className="empty">{children ?? t('app.empty')}</p>;
}

/**
 * One page of a listing: loading or error, the empty text when there is nothing, otherwise the
 * items (as `children` renders them) with the pager below.
 */
export function PagedView<T>({
  query,
  limit,
  offset,
  onOffset,
  empty,
  children,
}: {
  query: UseQueryResult<Page<T>>;
  limit: number;
  offset: number;
  onOffset: (offset: number) => void;
  /** The empty text; the app's default when not given. */
  empty?: ReactNode;
  children: (page: Page<T>) => ReactNode;
}) {
  return (
    <QueryView query={query}>
      {(page) =>
        page.items.length === 0 ? (
          <Empty>{empty}</Empty>
        ) : (
          <>
            {children(page)}
            <Pager total={page.total} limit={limit} offset={offset} onChange={onOffset} />
          </>
        )
      }
    </QueryView>
  );
}

/** A short, polite announcement for screen readers and sighted users (e.g. "Saved"). */
export function Notice({ children }: { children: ReactNode }) {
  return (
    <p className="notice" role="status">
      {children}
    </p>
  );
}
