import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api, newIdempotencyKey } from '../../api/client';
import { ErrorBanner, fieldReasons } from '../../components/ErrorBanner';
import { SelectField, TextField } from '../../components/Field';
import { Empty, PageTitle } from '../../components/ui';
import { formatDay, formatKrw, parseWon } from '../../lib/format';
import { FormErrorBanner, useAreaError } from '../../components/FormError';
import { windowIsOpen } from './lib';
import { keys, useCatalogue, useCompanies, useOpenPrograms } from './queries';
import type { Application, Program, Track } from './types';

interface Form {
  programId: string;
  companyId: string;
  category: string;
  track: Track;
  socialIssue: string;
  supplierId: string;
  offeringId: string;
  title: string;
  cost: string;
}

/** The program a new application goes to by default: the one asked for, else one open now. */
function defaultProgram(programs: Program[], wanted: string | null): string {
  if (wanted && programs.some((p) => p.id === wanted)) return wanted;
  return (programs.find((p) => windowIsOpen(p.rules.window)) ?? programs[0])?.id ?? '';
}

/** /applicant/applications/new: creates a DRAFT, then opens it for writing. */
export function NewApplicationPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [params] = useSearchParams();
  const programs = useOpenPrograms();
  const companies = useCompanies();
  const [form, setForm] = useState<Form>({
    programId: '',
    companyId: '',
    category: params.get('category') ?? '',
    track: 'GENERAL',
    socialIssue: '',
    supplierId: params.get('supplierId') ?? '',
    offeringId: params.get('offeringId') ?? '',
    title: '',
    cost: '',
  });
  const [local, setLocal] = useState<Partial<Record<keyof Form, string>>>({});
  const lastKey = useRef<{ body: string; key: string } | null>(null);

  // Defaults once the lists are known.
  useEffect(() => {
    if (!form.programId && programs.data?.items.length) {
      setForm((f) => ({
        ...f,
        programId: defaultProgram(programs.data.items, params.get('programId')),
      }));
    }
  }, [programs.data, form.programId, params]);
  useEffect(() => {
    if (!form.companyId && companies.data?.items.length) {
      setForm((f) => ({ ...f, companyId: companies.data.items[0].id }));
    }
  }, [companies.data, form.companyId]);

  const program = programs.data?.items.find((p) => p.id === form.programId);
  const catalogue = useCatalogue(form.category || undefined);
  const suppliers = useMemo(() => catalogue.data?.items ?? [], [catalogue.data]);
  const supplier = suppliers.find((s) => s.id === form.supplierId);
  const offerings = (supplier?.offerings ?? []).filter((o) => o.category === form.category);
  const pools = program?.rules.specialPools ?? [];
  const issues = pools.flatMap((p) => p.issues);

  const create = useMutation({
    mutationFn: (body: Record<string, unknown>) => {
      const text = JSON.stringify(body);
      // The same request retried keeps its key; a changed request gets a new one.
      if (!lastKey.current || lastKey.current.body !== text) {
        lastKey.current = { body: text, key: newIdempotencyKey() };
      }
      return api.post<Application>(`/api/programs/${form.programId}/applications`, body, {
        'Idempotency-Key': lastKey.current.key,
      });
    },
    onSuccess: async (app) => {
      queryClient.setQueryData(keys.application(app.id), app);
      await queryClient.invalidateQueries({ queryKey: keys.applications });
      navigate(`/applicant/applications/${app.id}`, { replace: true, state: { created: true } });
    },
  });
  const apiError = useAreaError(create.error);
  const errorsOf = (field: keyof Form, apiField: string = field) =>
    local[field] ? [local[field]!] : fieldReasons(apiError, apiField);

  const set =
    <K extends keyof Form>(key: K) =>
    (e: { target: { value: string } }) => {
      const value = e.target.value as Form[K];
      setForm((f) => {
        const next = { ...f, [key]: value };
        // A choice that no longer fits what it depends on is cleared.
        if (key === 'category') {
          next.supplierId = '';
          next.offeringId = '';
        }
        if (key === 'supplierId') next.offeringId = '';
        if (key === 'track' && value === 'GENERAL') next.socialIssue = '';
        return next;
      });
      setLocal((l) => ({ ...l, [key]: undefined }));
    };

  // A supplier with a single offering in the category: choose it.
  useEffect(() => {
    if (supplier && !form.offeringId && offerings.length === 1) {
      setForm((f) => ({ ...f, offeringId: offerings[0].id }));
    }
  }, [supplier, form.offeringId, offerings]);

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const problems: Partial<Record<keyof Form, string>> = {};
    const required = t('applicant.create.required');
    for (const key of ['programId', 'companyId', 'category', 'supplierId', 'offeringId'] as const) {
      if (!form[key]) problems[key] = required;
    }
    if (!form.title.trim()) problems.title = required;
    if (form.track === 'SOCIAL_ISSUE' && !form.socialIssue) problems.socialIssue = required;
    const cost = parseWon(form.cost);
    if ('problem' in cost) {
      problems.cost =
        cost.problem === 'empty'
          ? t('applicant.draft.costEmpty')
          : cost.problem === 'format'
            ? t('applicant.draft.costFormat')
            : t('applicant.draft.costRange');
    }
    setLocal(problems);
    // Without a program there is nowhere to send it; otherwise the API reports every field.
    if (!form.programId) return;
    create.mutate({
      companyId: form.companyId,
      category: form.category,
      track: form.track,
      ...(form.track === 'SOCIAL_ISSUE' ? { socialIssue: form.socialIssue } : {}),
      supplierId: form.supplierId,
      offeringId: form.offeringId,
      title: form.title,
      plan: {},
      ...('value' in cost ? { agreedCostKrw: cost.value } : {}),
    });
  };

  const choose = { value: '', label: t('applicant.create.choose') };
  const lang = i18n.language;

  if (programs.isPending || companies.isPending) {
    return <p aria-busy="true">{t('app.loading')}</p>;
  }
  if (programs.isError || companies.isError) {
    return <ErrorBanner error={programs.error ?? companies.error} />;
  }
  if (companies.data.items.length === 0) {
    return (
      <section>
        <PageTitle>{t('applicant.create.title')}</PageTitle>
        <Empty>{t('applicant.create.needCompany')}</Empty>
        <Link to="/applicant/company">{t('applicant.home.registerCompany')}</Link>
      </section>
    );
  }
  if (programs.data.items.length === 0) {
    return (
      <section>
        <PageTitle>{t('applicant.create.title')}</PageTitle>
        <Empty>{t('applicant.create.noOpenProgram')}</Empty>
      </section>
    );
  }

  return (
    <section>
      <PageTitle>{t('applicant.create.title')}</PageTitle>
      <p className="hint">{t('applicant.create.intro')}</p>
      <FormErrorBanner
        error={apiError}
        shown={[
          'companyId',
          'category',
          'track',
          'socialIssue',
          'supplierId',
          'offeringId',
          'title',
          'agreedCostKrw',
        ]}
      />
      <form className="card ap-form" onSubmit={onSubmit} noValidate>
        <div className="form-row">
          <SelectField
            label={t('applicant.create.program')}
            value={form.programId}
            onChange={set('programId')}
            required
            options={programs.data.items.map((p) => ({ value: p.id, label: p.name }))}
            errors={errorsOf('programId')}
            hint={
              program && !windowIsOpen(program.rules.window)
                ? t('applicant.create.windowNotOpen', {
                    from: formatDay(program.rules.window.opensAt, lang),
                    to: formatDay(program.rules.window.closesAt, lang),
                  })
                : program
                  ? t('applicant.home.window', {
                      from: formatDay(program.rules.window.opensAt, lang),
                      to: formatDay(program.rules.window.closesAt, lang),
                    })
                  : undefined
            }
          />
          <SelectField
            label={t('applicant.create.company')}
            value={form.companyId}
            onChange={set('companyId')}
            required
            options={companies.data.items.map((c) => ({ value: c.id, label: c.name }))}
            errors={errorsOf('companyId')}
          />
        </div>
        <div className="form-row">
          <SelectField
            label={t('applicant.create.category')}
            value={form.category}
            onChange={set('category')}
            required
            options={[
              choose,
              ...(program?.rules.categories ?? []).map((c) => ({
                value: c.code,
                label: t('applicant.create.categoryOption', {
                  name: t(`category.${c.code}`, { defaultValue: c.name }),
                  cap: formatKrw(c.maxGrantKrw, lang),
                }),
              })),
            ]}
            errors={errorsOf('category')}
          />
          <SelectField
            label={t('applicant.create.track')}
            value={form.track}
            onChange={set('track')}
            options={[
              { value: 'GENERAL', label: t('applicant.track.GENERAL') },
              ...(issues.length
                ? [{ value: 'SOCIAL_ISSUE', label: t('applicant.track.SOCIAL_ISSUE') }]
                : []),
            ]}
            errors={errorsOf('track')}
          />
          {form.track === 'SOCIAL_ISSUE' && (
            <SelectField
              label={t('applicant.create.socialIssue')}
              value={form.socialIssue}
              onChange={set('socialIssue')}
              required
              options={[
                choose,
                ...issues.map((code) => ({
                  value: code,
                  label: t(`applicant.issue.${code}`, { defaultValue: code }),
                })),
              ]}
              errors={errorsOf('socialIssue')}
            />
          )}
        </div>
        <div className="form-row">
          <SelectField
            label={t('applicant.create.supplier')}
            value={form.supplierId}
            onChange={set('supplierId')}
            required
            disabled={!form.category || catalogue.isPending}
            hint={
              form.category && catalogue.isSuccess && suppliers.length === 0
                ? t('applicant.create.noSupplier')
                : t('applicant.create.supplierHint')
            }
            options={[choose, ...suppliers.map((s) => ({ value: s.id, label: s.name }))]}
            errors={errorsOf('supplierId')}
          />
          <SelectField
            label={t('applicant.create.offering')}
            value={form.offeringId}
            onChange={set('offeringId')}
            required
            disabled={!supplier}
            options={[
              choose,
              ...offerings.map((o) => ({
                value: o.id,
                label: t('applicant.create.offeringOption', {
                  title: o.title,
                  kind: t(`processingKind.${o.processingKind}`, {
                    defaultValue: o.processingKind,
                  }),
                  price: formatKrw(o.indicativePriceKrw, lang),
                }),
              })),
            ]}
            errors={errorsOf('offeringId')}
          />
        </div>
        <TextField
          label={t('applicant.create.appTitle')}
          value={form.title}
          onChange={set('title')}
          required
          maxLength={200}
          errors={errorsOf('title')}
        />
        <TextField
          label={t('applicant.create.cost')}
          hint={t('applicant.create.costHint')}
          value={form.cost}
          onChange={set('cost')}
          inputMode="numeric"
          required
          errors={errorsOf('cost', 'agreedCostKrw')}
        />
        <div className="actions">
          <button type="submit" className="primary" disabled={create.isPending}>
            {create.isPending ? t('action.saving') : t('applicant.create.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}
