import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api } from '../api/client';
import { ErrorBanner, fieldReasons } from '../components/ErrorBanner';
import { SelectField, TextField } from '../components/Field';
import { LanguageSwitch } from '../components/Layout';
import { PageTitle } from '../components/ui';

/** Applicants and suppliers sign themselves up; officers and evaluators are created by an admin. */
export function RegisterPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const [form, setForm] = useState({
    role: 'APPLICANT',
    email: '',
    password: '',
    displayName: '',
    locale: i18n.language === 'en' ? 'en' : 'ko',
  });
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm({ ...form, [key]: e.target.value });

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.post('/api/auth/register', form);
      navigate('/login', { state: { registered: true } });
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
      <PageTitle>{t('auth.registerTitle')}</PageTitle>
      <ErrorBanner error={error} />
      <form onSubmit={onSubmit} noValidate>
        <SelectField
          label={t('auth.registerAs')}
          value={form.role}
          onChange={set('role')}
          options={[
            { value: 'APPLICANT', label: t('role.APPLICANT') },
            { value: 'SUPPLIER', label: t('role.SUPPLIER') },
          ]}
        />
        <TextField
          label={t('auth.displayName')}
          value={form.displayName}
          onChange={set('displayName')}
          required
          errors={fieldReasons(error, 'displayName')}
        />
        <TextField
          label={t('auth.email')}
          type="email"
          autoComplete="username"
          value={form.email}
          onChange={set('email')}
          required
          errors={fieldReasons(error, 'email')}
        />
        <TextField
          label={t('auth.password')}
          type="password"
          autoComplete="new-password"
          value={form.password}
          onChange={set('password')}
          required
          errors={fieldReasons(error, 'password')}
        />
        <SelectField
          label={t('auth.locale')}
          value={form.locale}
          onChange={set('locale')}
          options={[
            { value: 'ko', label: '한국어' },
            { value: 'en', label: 'English' },
          ]}
        />
        <button type="submit" className="primary" disabled={busy}>
          {t('auth.register')}
        </button>
      </form>
      <p>
        {t('auth.haveAccount')} <Link to="/login">{t('auth.signIn')}</Link>
      </p>
    </main>
  );
}
