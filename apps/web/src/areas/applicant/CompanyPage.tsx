import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router';
import { api } from '../../api/client';
import { fieldReasons } from '../../components/ErrorBanner';
import { SelectField, TextField } from '../../components/Field';
import { Notice, PageTitle, QueryView } from '../../components/ui';
import { formatDate } from '../../lib/format';
import { FormErrorBanner, useAreaError } from '../../components/FormError';
import { keys, useCompanies } from './queries';
import { COMPANY_TYPES, MINISTRY_FIELDS, REGIONS, type Company } from './types';

type Form = {
  businessRegistrationNumber: string;
  name: string;
  type: string;
  region: string;
  ceoName: string;
  ceoBirthDate: string;
  industry: string;
  ministryField: string;
};

/** The API's fields this form shows next to a control. */
const COMPANY_FIELDS = [
  'businessRegistrationNumber',
  'name',
  'type',
  'region',
  'ceoName',
  'ceoBirthDate',
  'industry',
  'ministryField',
];

const EMPTY: Form = {
  businessRegistrationNumber: '',
  name: '',
  type: '',
  region: '',
  ceoName: '',
  ceoBirthDate: '',
  industry: '',
  ministryField: '',
};

function formOf(c: Company): Form {
  return {
    businessRegistrationNumber: c.businessRegistrationNumber,
    name: c.name,
    type: c.type,
    region: c.region,
    ceoName: c.ceoName,
    ceoBirthDate: c.ceoBirthDate.slice(0, 10),
    industry: c.industry,
    ministryField: c.ministryField ?? '',
  };
}

/** The company's fields with their labels and the API's reasons next to each. */
function CompanyFields({
  form,
  setForm,
  error,
  creating,
}: {
  form: Form;
  setForm: (f: Form) => void;
  error: unknown;
  creating: boolean;
}) {
  const { t } = useTranslation();
  const set = (key: keyof Form) => (e: { target: { value: string } }) =>
    setForm({ ...form, [key]: e.target.value });
  const choose = creating ? [{ value: '', label: t('applicant.company.choose') }] : [];
  return (
    <>
      <div className="form-row">
        <TextField
          label={t('applicant.company.brn')}
          hint={t('applicant.company.brnHint')}
          value={form.businessRegistrationNumber}
          onChange={set('businessRegistrationNumber')}
          inputMode="numeric"
          autoComplete="off"
          required
          errors={fieldReasons(error, 'businessRegistrationNumber')}
        />
        <TextField
          label={t('applicant.company.name')}
          value={form.name}
          onChange={set('name')}
          autoComplete="organization"
          required
          errors={fieldReasons(error, 'name')}
        />
      </div>
      <div className="form-row">
        <SelectField
          label={t('applicant.company.type')}
          value={form.type}
          onChange={set('type')}
          required
          options={[
            ...choose,
            ...COMPANY_TYPES.map((v) => ({ value: v, label: t(`companyType.${v}`) })),
          ]}
          errors={fieldReasons(error, 'type')}
        />
        <SelectField
          label={t('applicant.company.region')}
          value={form.region}
          onChange={set('region')}
          required
          options={[...choose, ...REGIONS.map((v) => ({ value: v, label: t(`region.${v}`) }))]}
          errors={fieldReasons(error, 'region')}
        />
      </div>
      <div className="form-row">
        <TextField
          label={t('applicant.company.ceoName')}
          value={form.ceoName}
          onChange={set('ceoName')}
          required
          errors={fieldReasons(error, 'ceoName')}
        />
        <TextField
          label={t('applicant.company.ceoBirthDate')}
          hint={t('applicant.company.ceoBirthDateHint')}
          type="date"
          value={form.ceoBirthDate}
          onChange={set('ceoBirthDate')}
          required
          errors={fieldReasons(error, 'ceoBirthDate')}
        />
      </div>
      <div className="form-row">
        <TextField
          label={t('applicant.company.industry')}
          value={form.industry}
          onChange={set('industry')}
          required
          errors={fieldReasons(error, 'industry')}
        />
        <SelectField
          label={t('applicant.company.ministryField')}
          value={form.ministryField}
          onChange={set('ministryField')}
          options={[
            { value: '', label: t('applicant.company.ministryNone') },
            ...MINISTRY_FIELDS.map((v) => ({ value: v, label: t(`applicant.ministry.${v}`) })),
          ]}
          errors={fieldReasons(error, 'ministryField')}
        />
      </div>
    </>
  );
}

/** /applicant/company/new (and /applicant/company while there is none): registers a company. */
export function NewCompanyPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [form, setForm] = useState<Form>(EMPTY);
  const create = useMutation({
    mutationFn: () => {
      const { ministryField, ...rest } = form;
      return api.post<Company>('/api/companies', {
        ...rest,
        ...(ministryField ? { ministryField } : {}),
      });
    },
    onSuccess: async (company) => {
      // Navigate first: the profile page then mounts with the notice in its location state.
      navigate(`/applicant/company?id=${company.id}`, { state: { notice: 'created' } });
      await queryClient.invalidateQueries({ queryKey: keys.companies });
    },
  });
  const error = useAreaError(create.error);
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  return (
    <section>
      <PageTitle>{t('applicant.company.titleNew')}</PageTitle>
      <FormErrorBanner error={error} shown={COMPANY_FIELDS} />
      <form className="card ap-form" onSubmit={onSubmit} noValidate>
        <CompanyFields form={form} setForm={setForm} error={error} creating />
        <div className="actions">
          <button type="submit" className="primary" disabled={create.isPending}>
            {create.isPending ? t('action.saving') : t('applicant.company.create')}
          </button>
        </div>
      </form>
    </section>
  );
}

function EditCompany({ company }: { company: Company }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const location = useLocation();
  const [form, setForm] = useState<Form>(() => formOf(company));
  const [notice, setNotice] = useState<string | null>(
    (location.state as { notice?: string } | null)?.notice === 'created'
      ? t('applicant.company.created')
      : null,
  );
  const save = useMutation({
    mutationFn: () => {
      const before = formOf(company);
      const patch: Record<string, string | null> = {};
      for (const key of Object.keys(form) as Array<keyof Form>) {
        if (form[key] !== before[key]) {
          patch[key] = key === 'ministryField' && form[key] === '' ? null : form[key];
        }
      }
      if (Object.keys(patch).length === 0) return Promise.resolve(null);
      return api.patch<Company>(`/api/companies/${company.id}`, patch);
    },
    onMutate: () => setNotice(null),
    onSuccess: async (saved) => {
      setNotice(saved ? t('applicant.company.saved') : t('applicant.company.noChanges'));
      if (saved) {
        setForm(formOf(saved));
        await queryClient.invalidateQueries({ queryKey: keys.companies });
      }
    },
  });
  const error = useAreaError(save.error);
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <>
      {notice && <Notice>{notice}</Notice>}
      <FormErrorBanner error={error} shown={COMPANY_FIELDS} />
      <form className="card ap-form" onSubmit={onSubmit} noValidate aria-label={company.name}>
        <p className="hint">
          {t('applicant.company.registeredAt', {
            date: formatDate(company.createdAt, i18n.language),
          })}
        </p>
        <CompanyFields form={form} setForm={setForm} error={error} creating={false} />
        <div className="actions">
          <button type="submit" className="primary" disabled={save.isPending}>
            {save.isPending ? t('action.saving') : t('applicant.company.save')}
          </button>
        </div>
      </form>
    </>
  );
}

/** /applicant/company: the applicant's company profile (registration form while there is none). */
export function CompanyPage() {
  const { t } = useTranslation();
  const companies = useCompanies();
  const [params, setParams] = useSearchParams();
  return (
    <QueryView query={companies}>
      {(page) => {
        if (page.items.length === 0) return <NewCompanyPage />;
        const current = page.items.find((c) => c.id === params.get('id')) ?? page.items[0];
        return (
          <section>
            <PageTitle
              actions={<Link to="/applicant/company/new">{t('applicant.company.addAnother')}</Link>}
            >
              {t('applicant.company.title')}
            </PageTitle>
            {page.items.length > 1 && (
              <div className="filters">
                <SelectField
                  label={t('applicant.company.which')}
                  value={current.id}
                  onChange={(e) => setParams({ id: e.target.value })}
                  options={page.items.map((c) => ({ value: c.id, label: c.name }))}
                />
              </div>
            )}
            <EditCompany key={current.id} company={current} />
          </section>
        );
      }}
    </QueryView>
  );
}
