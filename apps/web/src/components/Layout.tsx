import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, Navigate, Outlet, useLocation } from 'react-router';
import { api } from '../api/client';
import type { Inbox, Role } from '../api/types';
import { homeOf, useAuth } from '../auth/AuthContext';
import { setLanguage } from '../i18n';

export interface NavItem {
  to: string;
  /** Translation key. */
  label: string;
  end?: boolean;
}

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <button
      type="button"
      className="link-button"
      aria-label={t('nav.languageLabel')}
      onClick={() => void setLanguage(i18n.language === 'ko' ? 'en' : 'ko')}
    >
      {t('nav.language')}
    </button>
  );
}

/** The inbox link with the unread count, refreshed every 15 s. */
function InboxLink() {
  const { t } = useTranslation();
  const inbox = useQuery({
    queryKey: ['inbox', 'unread-count'],
    queryFn: () => api.get<Inbox>('/api/me/notifications', { limit: 1 }),
    refetchInterval: 15_000,
  });
  const unread = inbox.data?.unread ?? 0;
  return (
    <NavLink to="/inbox">
      {unread > 0 ? t('nav.inboxUnread', { count: unread }) : t('nav.inbox')}
      {unread > 0 && (
        <span className="count" aria-hidden="true">
          {unread}
        </span>
      )}
    </NavLink>
  );
}

/** Header, role navigation and the page; sends visitors without the right role away. */
export function Shell({ roles, navByRole }: { roles: Role[]; navByRole: Record<Role, NavItem[]> }) {
  const { t } = useTranslation();
  const { user, loading, logout } = useAuth();
  const location = useLocation();
  if (loading) return <p aria-busy="true">{t('app.loading')}</p>;
  if (!user) return <Navigate to="/login" replace state={{ from: location.pathname }} />;
  if (!roles.includes(user.role)) return <Navigate to={homeOf(user.role)} replace />;
  const nav = navByRole[user.role];
  return (
    <>
      <a className="skip-link" href="#main">
        {t('app.skip')}
      </a>
      <header className="top">
        <Link to={homeOf(user.role)} className="brand">
          {t('app.name')}
        </Link>
        <nav aria-label={t('nav.main')}>
          {nav.map((item) => (
            <NavLink key={item.to} to={item.to} end={item.end}>
              {t(item.label)}
            </NavLink>
          ))}
          <InboxLink />
        </nav>
        <div className="who">
          <span>
            {user.displayName} · {t(`role.${user.role}`)}
          </span>
          <LanguageSwitch />
          <button type="button" className="link-button" onClick={logout}>
            {t('nav.signOut')}
          </button>
        </div>
      </header>
      <main id="main">
        <Outlet />
      </main>
    </>
  );
}
