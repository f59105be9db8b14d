import { useEffect, useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { ErrorBanner, fieldReasons } from '../../components/ErrorBanner';
import { SelectField, TextField } from '../../components/Field';
import { Empty, Notice, PageTitle, QueryView } from '../../components/ui';
import { formatDate } from '../../lib/format';
import type { Conflict, EvaluatorProfile } from './types';

/** Affiliation and declared conflicts: both keep the evaluator away from related applications. */
export function ProfilePage() {
  const { t } = useTranslation();
  return (
    <section>
      <PageTitle>{t('evaluator.profile.title')}</PageTitle>
      <AffiliationForm />
      <Conflicts />
    </section>
  );
}

function AffiliationForm() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const profile = useQuery({
    queryKey: ['evaluator', 'profile'],
    queryFn: () => api.get<EvaluatorProfile>('/api/evaluators/me/profile'),
  });
  const [name, setName] = useState('');
  const [brn, setBrn] = useState('');
  useEffect(() => {
    setName(profile.data?.affiliationName ?? '');
    setBrn(profile.data?.affiliationBrn ?? '');
  }, [profile.data]);
  const save = useMutation({
    mutationFn: () =>
      api.put<EvaluatorProfile>('/api/evaluators/me/profile', {
        affiliationName: name.trim() || null,
        affiliationBrn: brn.trim() || null,
      }),
    onSuccess: (data) => {
      queryClient.setQueryData(['evaluator', 'profile'], data);
      void queryClient.invalidateQueries({ queryKey: ['evaluations'] });
    },
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  const recused = save.data?.recused?.length ?? 0;
  return (
    <section className="card" aria-labelledby="affiliation-heading">
      <h2 id="affiliation-heading">{t('evaluator.profile.affiliation')}</h2>
      <QueryView query={profile}>
        {() => (
          <form onSubmit={onSubmit} noValidate>
            {save.isSuccess && <Notice>{t('evaluator.profile.saved')}</Notice>}
            {recused > 0 && (
              <Notice>{t('evaluator.profile.recusedBecause', { count: recused })}</Notice>
            )}
            <ErrorBanner error={save.error} />
            <div className="form-row">
              <TextField
                label={t('evaluator.profile.affiliationName')}
                value={name}
                maxLength={200}
                errors={fieldReasons(save.error, 'affiliationName')}
                onChange={(e) => setName(e.target.value)}
              />
              <TextField
                label={t('evaluator.profile.affiliationBrn')}
                hint={t('evaluator.profile.brnHint')}
                value={brn}
                inputMode="numeric"
                errors={fieldReasons(save.error, 'affiliationBrn')}
                onChange={(e) => setBrn(e.target.value)}
              />
            </div>
            <div className="actions">
              <button type="submit" className="primary" disabled={save.isPending}>
                {save.isPending ? t('action.saving') : t('action.save')}
              </button>
            </div>
          </form>
        )}
      </QueryView>
    </section>
  );
}

function Conflicts() {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const conflicts = useQuery({
    queryKey: ['evaluator', 'conflicts'],
    queryFn: () => api.get<Conflict[]>('/api/evaluators/me/conflicts'),
  });
  const empty = { kind: 'COMPANY', businessRegistrationNumber: '', reason: '' };
  const [form, setForm] = useState(empty);
  const declare = useMutation({
    mutationFn: () => api.post<Conflict>('/api/evaluators/me/conflicts', form),
    onSuccess: () => {
      setForm(empty);
      void queryClient.invalidateQueries({ queryKey: ['evaluator', 'conflicts'] });
      void queryClient.invalidateQueries({ queryKey: ['evaluations'] });
    },
  });
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm({ ...form, [key]: e.target.value });

  return (
    <section className="card" aria-labelledby="conflicts-heading">
      <h2 id="conflicts-heading">{t('evaluator.profile.conflicts')}</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          declare.mutate();
        }}
        noValidate
      >
        {declare.isSuccess && (
          <Notice>
            {t('evaluator.profile.declared')}
            {declare.data.recused?.length
              ? ` ${t('evaluator.profile.recusedBecause', { count: declare.data.recused.length })}`
              : ''}
          </Notice>
        )}
        <ErrorBanner error={declare.error} />
        <div className="form-row">
          <SelectField
            label={t('evaluator.profile.kind')}
            value={form.kind}
            onChange={set('kind')}
            options={[
              { value: 'COMPANY', label: t('evaluator.profile.kindCOMPANY') },
              { value: 'SUPPLIER', label: t('evaluator.profile.kindSUPPLIER') },
            ]}
          />
          <TextField
            label={t('evaluator.profile.brn')}
            hint={t('evaluator.profile.brnHint')}
            inputMode="numeric"
            value={form.businessRegistrationNumber}
            errors={fieldReasons(declare.error, 'businessRegistrationNumber')}
            onChange={set('businessRegistrationNumber')}
          />
          <TextField
            label={t('evaluator.profile.reason')}
            value={form.reason}
            maxLength={1000}
            errors={fieldReasons(declare.error, 'reason')}
            onChange={set('reason')}
          />
        </div>
        <div className="actions">
          <button type="submit" className="primary" disabled={declare.isPending}>
            {t('evaluator.profile.declare')}
          </button>
        </div>
      </form>
      <QueryView query={conflicts}>
        {(list) =>
          list.length === 0 ? (
            <Empty>{t('evaluator.profile.none')}</Empty>
          ) : (
            <div className="table-wrap">
              <table>
                <caption>{t('evaluator.profile.conflictsCaption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('evaluator.profile.kind')}</th>
                    <th scope="col">{t('evaluator.profile.brn')}</th>
                    <th scope="col">{t('evaluator.profile.reason')}</th>
                    <th scope="col">{t('evaluator.profile.declaredAt')}</th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((c) => (
                    <tr key={c.id}>
                      <td>{t(`evaluator.profile.kind${c.kind}`)}</td>
                      <td>{c.businessRegistrationNumber}</td>
                      <td>{c.reason}</td>
                      <td>{formatDate(c.createdAt, i18n.language)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </QueryView>
    </section>
  );
}
