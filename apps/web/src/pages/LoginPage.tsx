import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useLocation, useNavigate } from 'react-router';
import { homeOf, useAuth } from '../auth/AuthContext';
import { ErrorBanner } from '../components/ErrorBanner';
import { TextField } from '../components/Field';
import { LanguageSwitch } from '../components/Layout';
import { Notice, PageTitle } from '../components/ui';

export function LoginPage() {
  const { t } = useTranslation();
  const { user, login } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const state = location.state as { from?: string; registered?: boolean } | null;
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  if (user) return <Navigate to={homeOf(user.role)} replace />;

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const me = await login(email, password);
      navigate(state?.from && state.from !== '/login' ? state.from : homeOf(me.role), {
        replace: true,
      });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <main id="main" className="narrow">
      <div className="corner">
        <LanguageSwitch />
      </div>
      <PageTitle>{t('auth.signInTitle')}</PageTitle>
      {state?.registered && <Notice>{t('auth.registered')}</Notice>}
      <ErrorBanner error={error} />
      <form onSubmit={onSubmit} noValidate>
        <TextField
          label={t('auth.email')}
          type="email"
          name="email"
          autoComplete="username"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
        />
        <TextField
          label={t('auth.password')}
          type="password"
          name="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        <button type="submit" className="primary" disabled={busy}>
          {t('auth.signIn')}
        </button>
      </form>
      <p>
        {t('auth.noAccount')} <Link to="/register">{t('auth.register')}</Link>
      </p>
      <p className="hint">{t('auth.demo')}</p>
    </main>
  );
}
