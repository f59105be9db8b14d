import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Empty, Money, Notice, PageTitle, QueryView, StatusBadge } from '../../components/ui';
import { ConfirmButton } from '../../components/ConfirmButton';
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
import { changeableOffering, type OfferingView, type SupplierView } from './types';
import '../applicant/applicant.css';

const ORDER: Record<string, number> = {
  APPROVED: 0,
  PENDING: 1,
  REJECTED: 2,
  REPLACED: 3,
  WITHDRAWN: 4,
};

const formOf = (o: OfferingView): OfferingForm => ({
  category: o.category,
  processingKind: o.processingKind,
  title: o.title,
  description: o.description,
  price: String(o.indicativePriceKrw),
});

/** The add or edit form: one at a time, so every label on the page is unique. */
function OfferingEditor({
  supplier,
  editing,
  onDone,
}: {
  supplier: SupplierView;
  editing: OfferingView | null;
  onDone: (message: string) => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const priceText = usePriceProblemText();
  const headingId = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  // Opening the editor from a row's button takes the keyboard user to the form.
  useEffect(() => {
    if (editing) {
      headingRef.current?.focus();
      headingRef.current?.scrollIntoView({ block: 'start' });
    }
  }, [editing]);
  const [form, setForm] = useState<OfferingForm>(() =>
    editing ? formOf(editing) : EMPTY_OFFERING,
  );
  const [priceProblem, setPriceProblem] = useState<string | undefined>();
  const save = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      editing
        ? api.put<OfferingView>(`/api/suppliers/${supplier.id}/offerings/${editing.id}`, body)
        : api.post<OfferingView>(`/api/suppliers/${supplier.id}/offerings`, body),
    onSuccess: async () => {
      setForm(EMPTY_OFFERING);
      onDone(editing ? t('supplier.offering.saved') : t('supplier.offering.added'));
      await queryClient.invalidateQueries({ queryKey: keys.mine });
    },
  });
  const error = useAreaError(save.error, 'supplier');
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const built = offeringBody(form);
    setPriceProblem(priceText(built.priceProblem));
    save.mutate(built.body);
  };
  return (
    <section className="card ap-section" aria-labelledby={headingId}>
      <h2 id={headingId} ref={headingRef} tabIndex={-1}>
        {editing ? t('supplier.offering.editHeading') : t('supplier.offering.addHeading')}
      </h2>
      <FormErrorBanner error={error} shown={OFFERING_FIELDS} />
      <form className="ap-inline-form ap-form" onSubmit={onSubmit} noValidate>
        <OfferingFields
          form={form}
          onChange={(next) => {
            setForm(next);
            setPriceProblem(undefined);
          }}
          error={error}
          priceProblem={priceProblem}
        />
        <div className="actions">
          <button type="submit" className="primary" disabled={save.isPending}>
            {save.isPending
              ? t('action.saving')
              : editing
                ? t('supplier.offering.save')
                : t('supplier.offering.add')}
          </button>
          {editing && (
            <button type="button" onClick={() => onDone('')}>
              {t('supplier.offering.cancelEdit')}
            </button>
          )}
        </div>
      </form>
    </section>
  );
}

function Offerings({ supplier }: { supplier: SupplierView }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<OfferingView | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const withdraw = useMutation({
    mutationFn: (o: OfferingView) =>
      api.delete<OfferingView>(`/api/suppliers/${supplier.id}/offerings/${o.id}`),
    onSuccess: async () => {
      setNotice(t('supplier.offering.withdrawn'));
      await queryClient.invalidateQueries({ queryKey: keys.mine });
    },
  });
  const withdrawError = useAreaError(withdraw.error, 'supplier');
  const open = supplier.status === 'PENDING' || supplier.status === 'APPROVED';
  const offerings = [...supplier.offerings].sort(
    (a, b) => (ORDER[a.status] ?? 9) - (ORDER[b.status] ?? 9),
  );
  const titleOf = (id: string | null) => supplier.offerings.find((o) => o.id === id)?.title;

  return (
    <>
      {notice && <Notice>{notice}</Notice>}
      <ErrorBanner error={withdrawError} />
      {offerings.length === 0 ? (
        <Empty>{t('supplier.offering.none')}</Empty>
      ) : (
        <div className="table-wrap">
          <table>
            <caption>{t('supplier.offering.listCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('supplier.offering.colCategory')}</th>
                <th scope="col">{t('supplier.offering.colName')}</th>
                <th scope="col">{t('supplier.offering.colKind')}</th>
                <th scope="col" className="num">
                  {t('supplier.offering.colPrice')}
                </th>
                <th scope="col">{t('supplier.offering.colStatus')}</th>
                <th scope="col">{t('supplier.offering.colActions')}</th>
              </tr>
            </thead>
            <tbody>
              {offerings.map((o) => {
                const revision = o.replacesId !== null && o.status === 'PENDING';
                // An approved offering under revision is edited through its revision.
                const hasRevision = supplier.offerings.some(
                  (r) => r.replacesId === o.id && r.status === 'PENDING',
                );
                const name = revision
                  ? t('supplier.offering.revisionName', { title: o.title })
                  : o.title;
                return (
                  <tr key={o.id}>
                    <td>{t(`category.${o.category}`)}</td>
                    <td>
                      <strong>{o.title}</strong>
                      <div className="ap-pre hint">{o.description}</div>
                      {o.replacesId && o.status === 'PENDING' && (
                        <div className="hint">
                          {t('supplier.offering.revision')}: {titleOf(o.replacesId)}
                        </div>
                      )}
                      {o.reviewReason && (
                        <div className="field-error">
                          {t('supplier.offering.reviewReason', { reason: o.reviewReason })}
                        </div>
                      )}
                    </td>
                    <td>{t(`processingKind.${o.processingKind}`)}</td>
                    <td className="num">
                      <Money value={o.indicativePriceKrw} />
                    </td>
                    <td>
                      <StatusBadge status={o.status} />
                    </td>
                    <td>
                      {changeableOffering(supplier.status, o.status) && (
                        <div className="actions">
                          {!hasRevision && (
                            <button
                              type="button"
                              aria-label={t('supplier.offering.editLabel', { title: name })}
                              onClick={() => {
                                setNotice(null);
                                setEditing(o);
                              }}
                            >
                              {t('supplier.offering.edit')}
                            </button>
                          )}
                          <ConfirmButton
                            label={t('supplier.offering.withdraw')}
                            ariaLabel={t('supplier.offering.withdrawLabel', { title: name })}
                            question={t('supplier.offering.withdrawQuestion', { title: name })}
                            confirmLabel={t('supplier.offering.withdrawConfirm')}
                            busy={withdraw.isPending}
                            onConfirm={() => withdraw.mutate(o)}
                          />
                        </div>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {open ? (
        <OfferingEditor
          key={editing?.id ?? 'new'}
          supplier={supplier}
          editing={editing}
          onDone={(message) => {
            setEditing(null);
            setNotice(message || null);
          }}
        />
      ) : (
        <p className="hint">{t('supplier.offering.locked')}</p>
      )}
    </>
  );
}

/** /supplier/offerings: the offerings per category, with add, edit and withdraw. */
export function OfferingsPage() {
  const { t } = useTranslation();
  const mine = useMySuppliers();
  return (
    <section>
      <PageTitle>{t('supplier.offering.title')}</PageTitle>
      <p className="hint">{t('supplier.offering.intro')}</p>
      <QueryView query={mine}>
        {(page) =>
          page.items.length === 0 ? (
            <p>
              {t('supplier.offering.needRegistration')}{' '}
              <Link to="/supplier/profile">{t('supplier.home.register')}</Link>
            </p>
          ) : (
            page.items.map((s) => (
              <section key={s.id} aria-label={s.name}>
                {page.items.length > 1 && <h2>{s.name}</h2>}
                <Offerings supplier={s} />
              </section>
            ))
          )
        }
      </QueryView>
    </section>
  );
}
