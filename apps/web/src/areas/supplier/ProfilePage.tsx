import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { fieldReasons } from '../../components/ErrorBanner';
import { CheckboxField, TextArea, TextField } from '../../components/Field';
import { Notice, PageTitle, QueryView, StatusBadge } from '../../components/ui';
import { formatDate } from '../../lib/format';
import { FormErrorBanner, useAreaError } from '../../components/FormError';
import {
  EMPTY_OFFERING,
  OFFERING_FIELDS,
  OfferingFields,
  offeringBody,
  usePriceProblemText,
  type OfferingForm,
} from './OfferingFields';
import { keys, useMySuppliers } from './queries';
import type { SupplierView } from './types';
import '../applicant/applicant.css';

const CONTACT_FIELDS = ['contactEmail', 'contactPhone', 'crowdsourcing', 'crowdsourcingEvidence'];

interface Contact {
  contactEmail: string;
  contactPhone: string;
  crowdsourcing: boolean;
  crowdsourcingEvidence: string;
}

/** The registration form: the organisation and its first offering, reviewed together. */
export function RegisterSupplier({ onRegistered }: { onRegistered?: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const priceText = usePriceProblemText();
  const [org, setOrg] = useState({
    businessRegistrationNumber: '',
    name: '',
    representative: '',
  });
  const [contact, setContact] = useState<Contact>({
    contactEmail: '',
    contactPhone: '',
    crowdsourcing: false,
    crowdsourcingEvidence: '',
  });
  const [offering, setOffering] = useState<OfferingForm>(EMPTY_OFFERING);
  const [priceProblem, setPriceProblem] = useState<string | undefined>();
  const register = useMutation({
    mutationFn: (body: Record<string, unknown>) => api.post<SupplierView>('/api/suppliers', body),
    onSuccess: async () => {
      onRegistered?.();
      await queryClient.invalidateQueries({ queryKey: keys.mine });
    },
  });
  const error = useAreaError(register.error, 'supplier');

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const first = offeringBody(offering);
    setPriceProblem(priceText(first.priceProblem));
    register.mutate({
      ...org,
      contactEmail: contact.contactEmail,
      ...(contact.contactPhone.trim() ? { contactPhone: contact.contactPhone } : {}),
      crowdsourcing: contact.crowdsourcing,
      ...(contact.crowdsourcing ? { crowdsourcingEvidence: contact.crowdsourcingEvidence } : {}),
      offerings: [first.body],
    });
  };
  const setO = (key: keyof typeof org) => (e: { target: { value: string } }) =>
    setOrg({ ...org, [key]: e.target.value });

  return (
    <section>
      <PageTitle>{t('supplier.profile.titleNew')}</PageTitle>
      <p className="hint">{t('supplier.profile.intro')}</p>
      <FormErrorBanner
        error={error}
        shown={[
          'businessRegistrationNumber',
          'name',
          'representative',
          ...CONTACT_FIELDS,
          'offerings',
          ...OFFERING_FIELDS.map((f) => `offerings[0].${f}`),
        ]}
      />
      <form className="card ap-form" onSubmit={onSubmit} noValidate>
        <div className="form-row">
          <TextField
            label={t('supplier.profile.brn')}
            hint={t('supplier.profile.brnHint')}
            value={org.businessRegistrationNumber}
            onChange={setO('businessRegistrationNumber')}
            inputMode="numeric"
            autoComplete="off"
            required
            errors={fieldReasons(error, 'businessRegistrationNumber')}
          />
          <TextField
            label={t('supplier.profile.name')}
            value={org.name}
            onChange={setO('name')}
            autoComplete="organization"
            required
            errors={fieldReasons(error, 'name')}
          />
          <TextField
            label={t('supplier.profile.representative')}
            value={org.representative}
            onChange={setO('representative')}
            required
            errors={fieldReasons(error, 'representative')}
          />
        </div>
        <ContactFields contact={contact} onChange={setContact} error={error} />
        <fieldset className="sp-fieldset">
          <legend>{t('supplier.profile.firstOffering')}</legend>
          <p className="hint">{t('supplier.profile.firstOfferingHint')}</p>
          <OfferingFields
            form={offering}
            onChange={(next) => {
              setOffering(next);
              setPriceProblem(undefined);
            }}
            error={error}
            prefix="offerings[0]."
            priceProblem={priceProblem}
          />
          {fieldReasons(error, 'offerings') && (
            <p className="field-error">{fieldReasons(error, 'offerings')!.join(', ')}</p>
          )}
        </fieldset>
        <div className="actions">
          <button type="submit" className="primary" disabled={register.isPending}>
            {register.isPending ? t('action.saving') : t('supplier.profile.register')}
          </button>
        </div>
      </form>
    </section>
  );
}

function ContactFields({
  contact,
  onChange,
  error,
}: {
  contact: Contact;
  onChange: (next: Contact) => void;
  error: unknown;
}) {
  const { t } = useTranslation();
  return (
    <>
      <div className="form-row">
        <TextField
          label={t('supplier.profile.contactEmail')}
          type="email"
          autoComplete="email"
          value={contact.contactEmail}
          onChange={(e) => onChange({ ...contact, contactEmail: e.target.value })}
          required
          errors={fieldReasons(error, 'contactEmail')}
        />
        <TextField
          label={t('supplier.profile.contactPhone')}
          type="tel"
          autoComplete="tel"
          value={contact.contactPhone}
          onChange={(e) => onChange({ ...contact, contactPhone: e.target.value })}
          errors={fieldReasons(error, 'contactPhone')}
        />
      </div>
      <CheckboxField
        label={t('supplier.profile.crowdsourcing')}
        hint={t('supplier.profile.crowdsourcingHint')}
        checked={contact.crowdsourcing}
        onChange={(e) => onChange({ ...contact, crowdsourcing: e.target.checked })}
        errors={fieldReasons(error, 'crowdsourcing')}
      />
      {contact.crowdsourcing && (
        <TextArea
          label={t('supplier.profile.evidence')}
          hint={t('supplier.profile.evidenceHint')}
          value={contact.crowdsourcingEvidence}
          onChange={(e) => onChange({ ...contact, crowdsourcingEvidence: e.target.value })}
          maxLength={5000}
          rows={3}
          required
          errors={fieldReasons(error, 'crowdsourcingEvidence')}
        />
      )}
    </>
  );
}

const contactOf = (s: SupplierView): Contact => ({
  contactEmail: s.contactEmail,
  contactPhone: s.contactPhone ?? '',
  crowdsourcing: s.crowdsourcing,
  crowdsourcingEvidence: s.crowdsourcingEvidence ?? '',
});

/** The registered organisation: what is fixed, its review status, and what the owner may edit. */
function EditSupplier({ supplier, notice }: { supplier: SupplierView; notice?: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const queryClient = useQueryClient();
  const [contact, setContact] = useState<Contact>(() => contactOf(supplier));
  const [message, setMessage] = useState<string | null>(notice ?? null);
  const save = useMutation({
    mutationFn: () => {
      const before = contactOf(supplier);
      const patch: Record<string, unknown> = {};
      if (contact.contactEmail !== before.contactEmail) patch.contactEmail = contact.contactEmail;
      if (contact.contactPhone !== before.contactPhone) {
        patch.contactPhone = contact.contactPhone.trim() ? contact.contactPhone : null;
      }
      if (contact.crowdsourcing !== before.crowdsourcing) {
        patch.crowdsourcing = contact.crowdsourcing;
      }
      const evidence = contact.crowdsourcing ? contact.crowdsourcingEvidence : '';
      if (evidence !== before.crowdsourcingEvidence) {
        patch.crowdsourcingEvidence = evidence.trim() ? evidence : null;
      }
      if (Object.keys(patch).length === 0) return Promise.resolve(null);
      return api.patch<SupplierView>(`/api/suppliers/${supplier.id}`, patch);
    },
    onMutate: () => setMessage(null),
    onSuccess: async (saved) => {
      setMessage(saved ? t('supplier.profile.saved') : t('supplier.profile.noChanges'));
      if (saved) {
        setContact(contactOf(saved));
        await queryClient.invalidateQueries({ queryKey: keys.mine });
      }
    },
  });
  const error = useAreaError(save.error, 'supplier');
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <>
      {message && <Notice>{message}</Notice>}
      <section className="card" aria-label={supplier.name}>
        <dl className="ap-dl">
          <dt>{t('supplier.profile.status')}</dt>
          <dd>
            <StatusBadge status={supplier.status} />{' '}
            {t(`supplier.home.statusText.${supplier.status}`)}
          </dd>
          {supplier.statusReason && (
            <>
              <dt>{t('supplier.profile.statusReason')}</dt>
              <dd>{supplier.statusReason}</dd>
            </>
          )}
          <dt>{t('supplier.profile.brn')}</dt>
          <dd>{supplier.businessRegistrationNumber}</dd>
          <dt>{t('supplier.profile.name')}</dt>
          <dd>{supplier.name}</dd>
          <dt>{t('supplier.profile.representative')}</dt>
          <dd>{supplier.representative}</dd>
          <dt>{t('supplier.profile.registeredAt')}</dt>
          <dd>{formatDate(supplier.createdAt, lang)}</dd>
          {supplier.reviewedAt && (
            <>
              <dt>{t('supplier.profile.reviewedAt')}</dt>
              <dd>{formatDate(supplier.reviewedAt, lang)}</dd>
            </>
          )}
        </dl>
        <p className="hint">{t('supplier.profile.fixed')}</p>
      </section>
      <FormErrorBanner error={error} shown={CONTACT_FIELDS} />
      <form
        className="card ap-form ap-section"
        onSubmit={onSubmit}
        noValidate
        aria-label={t('supplier.profile.editHeading')}
      >
        <h2>{t('supplier.profile.editHeading')}</h2>
        <ContactFields contact={contact} onChange={setContact} error={error} />
        <div className="actions">
          <button type="submit" className="primary" disabled={save.isPending}>
            {save.isPending ? t('action.saving') : t('supplier.profile.save')}
          </button>
        </div>
      </form>
    </>
  );
}

/** /supplier/profile: registration while there is none, the profile afterwards. */
export function ProfilePage() {
  const { t } = useTranslation();
  const mine = useMySuppliers();
  const [registeredNow, setRegisteredNow] = useState(false);
  return (
    <QueryView query={mine}>
      {(page) =>
        page.items.length === 0 ? (
          <RegisterSupplier onRegistered={() => setRegisteredNow(true)} />
        ) : (
          <section>
            <PageTitle>{t('supplier.profile.title')}</PageTitle>
            {page.items.map((s) => (
              <EditSupplier
                key={s.id}
                supplier={s}
                notice={registeredNow ? t('supplier.profile.registered') : undefined}
              />
            ))}
          </section>
        )
      }
    </QueryView>
  );
}
