import { fieldReasons } from '../../components/ErrorBanner';
import { useState, type ReactNode } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Trans, useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, newIdempotencyKey } from '../../api/client';
import { CheckboxField, TextArea, TextField } from '../../components/Field';
import { Notice } from '../../components/ui';
import { formatKrw, parseWon, toBigInt } from '../../lib/format';
import { ConfirmDialog } from './components';
import { OFFICER, useRefreshOfficer } from './lib';
import type { ApplicationView, AwardView, CancelResult } from './types';

/** The whole won the officer typed, or null when it is not a positive amount. */
function typedAmount(text: string): number | null {
  const parsed = parseWon(text);
  return 'value' in parsed ? parsed.value : null;
}

type Action = 'sign' | 'cancel' | 'approveDelivery' | 'disburse' | 'recover';

/** What the officer may do with an award in its current state. */
export function awardActions(award: AwardView): Action[] {
  const out: Action[] = [];
  // Only what was paid and not yet clawed back can be recovered.
  const net = toBigInt(award.netPaidKrw);
  if (award.status === 'SELECTED' && !award.signatures.officer) out.push('sign');
  if (award.status === 'CONTRACTED') out.push('approveDelivery');
  if (award.status === 'DELIVERED') out.push('disburse');
  if (net > 0n && (award.status === 'DELIVERED' || award.status === 'SETTLED')) out.push('recover');
  if (award.status === 'SELECTED' || award.status === 'CONTRACTED') out.push('cancel');
  return out;
}

/**
 * The buttons for one award and the dialog each opens. Payments carry an Idempotency-Key made
 * when the dialog opens: a double click or a retry after a lost answer pays once.
 */
export function AwardActions({
  award,
  title,
  onMessage,
}: {
  award: AwardView;
  title: string;
  onMessage: (message: ReactNode) => void;
}) {
  const { t } = useTranslation();
  const [action, setAction] = useState<Action | null>(null);
  const actions = awardActions(award);
  if (actions.length === 0) return null;
  return (
    <>
      <div className="actions">
        {actions.map((a) => (
          <button
            key={a}
            type="button"
            className={
              a === 'cancel' || a === 'recover' ? 'danger' : a === 'disburse' ? 'primary' : ''
            }
            disabled={a === 'approveDelivery' && !award.deliveryReportedAt}
            title={
              a === 'approveDelivery' && !award.deliveryReportedAt
                ? t('officer.awards.waitingDelivery')
                : undefined
            }
            onClick={() => setAction(a)}
          >
            {t(`officer.awards.button.${a}`)}
            <span className="sr-only"> {title}</span>
          </button>
        ))}
      </div>
      {action && (
        <AwardDialog
          action={action}
          award={award}
          title={title}
          onClose={() => setAction(null)}
          onDone={(message) => {
            setAction(null);
            onMessage(message);
          }}
        />
      )}
    </>
  );
}

function AwardDialog({
  action,
  award,
  title,
  onClose,
  onDone,
}: {
  action: Action;
  award: AwardView;
  title: string;
  onClose: () => void;
  onDone: (message: ReactNode) => void;
}) {
  const { t, i18n } = useTranslation();
  const refresh = useRefreshOfficer();
  const lang = i18n.language;
  const unpaid = toBigInt(award.payableKrw);
  const [amount, setAmount] = useState(() =>
    action === 'disburse'
      ? unpaid.toString()
      : action === 'recover'
        ? String(award.netPaidKrw)
        : '',
  );
  const [final, setFinal] = useState(false);
  const [reason, setReason] = useState('');
  const [amountProblem, setAmountProblem] = useState<string | null>(null);
  // One key per dialog: every retry of this payment sends the same key.
  const [key] = useState(newIdempotencyKey);
  const id = award.applicationId;

  const mutation = useMutation({
    mutationFn: async (): Promise<ReactNode> => {
      switch (action) {
        case 'sign': {
          const next = await api.post<AwardView>(`/api/applications/${id}/agreement/sign`);
          return t(
            next.status === 'CONTRACTED'
              ? 'officer.awards.done.contracted'
              : 'officer.awards.done.sign',
            { title },
          );
        }
        case 'approveDelivery':
          await api.post<AwardView>(`/api/applications/${id}/delivery/approve`);
          return t('officer.awards.done.approveDelivery', { title });
        case 'cancel': {
          const result = await api.post<CancelResult>(`/api/applications/${id}/cancel`, { reason });
          return <CancelNotice title={title} result={result} />;
        }
        case 'disburse': {
          const value = typedAmount(amount)!;
          const next = await api.post<AwardView>(
            `/api/applications/${id}/disbursements`,
            { amountKrw: value, ...(final ? { final: true } : {}) },
            { 'Idempotency-Key': key },
          );
          return t('officer.awards.done.disburse', {
            title,
            amount: formatKrw(value, lang),
            paid: formatKrw(next.paidKrw, lang),
            status: t(`status.${next.status}`),
          });
        }
        case 'recover': {
          const value = typedAmount(amount)!;
          await api.post<AwardView>(`/api/applications/${id}/recoveries`, {
            amountKrw: value,
            reason,
          });
          return t('officer.awards.done.recover', { title, amount: formatKrw(value, lang) });
        }
      }
    },
    onSuccess: async (message) => {
      onDone(message);
      await refresh();
    },
  });

  const confirm = () => {
    if (action === 'disburse' || action === 'recover') {
      const value = typedAmount(amount);
      const limit = action === 'disburse' ? unpaid : toBigInt(award.netPaidKrw);
      if (value === null) return setAmountProblem(t('officer.awards.amountInvalid'));
      if (BigInt(value) > limit)
        return setAmountProblem(t('officer.awards.amountTooHigh', { max: formatKrw(limit, lang) }));
      setAmountProblem(null);
    }
    mutation.mutate();
  };

  const amountErrors = [
    ...(amountProblem ? [amountProblem] : []),
    ...(fieldReasons(mutation.error, 'amountKrw') ?? []),
  ];

  return (
    <ConfirmDialog
      open
      title={t(`officer.awards.dialog.${action}`, { title })}
      confirmLabel={t(`officer.awards.confirm.${action}`)}
      danger={action === 'cancel' || action === 'recover'}
      pending={mutation.isPending}
      error={mutation.error}
      onConfirm={confirm}
      onClose={() => {
        mutation.reset();
        onClose();
      }}
    >
      <p>
        {t(`officer.awards.explain.${action}`, {
          grant: formatKrw(award.grantKrw, lang),
          paid: formatKrw(award.paidKrw, lang),
          unpaid: formatKrw(unpaid, lang),
          recovered: formatKrw(award.recoveredKrw, lang),
          net: formatKrw(award.netPaidKrw, lang),
        })}
      </p>
      {(action === 'disburse' || action === 'recover') && (
        <TextField
          label={t('officer.awards.amount')}
          inputMode="numeric"
          value={amount}
          onChange={(e) => {
            setAmount(e.target.value);
            setAmountProblem(null);
          }}
          required
          hint={
            action === 'disburse'
              ? t('officer.awards.unpaidHint', { unpaid: formatKrw(unpaid, lang) })
              : t('officer.awards.paidHint', {
                  paid: formatKrw(award.paidKrw, lang),
                  recovered: formatKrw(award.recoveredKrw, lang),
                  net: formatKrw(award.netPaidKrw, lang),
                })
          }
          errors={amountErrors.length ? amountErrors : undefined}
        />
      )}
      {action === 'disburse' && (
        <>
          <CheckboxField
            label={t('officer.awards.final')}
            hint={t('officer.awards.finalHint')}
            checked={final}
            onChange={(e) => setFinal(e.target.checked)}
          />
          <p className="hint">
            {t('officer.awards.idempotency')} <code>{key}</code>
          </p>
        </>
      )}
      {(action === 'cancel' || action === 'recover') && (
        <TextArea
          label={t('officer.common.reason')}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          required
          maxLength={1000}
          errors={fieldReasons(mutation.error, 'reason')}
        />
      )}
    </ConfirmDialog>
  );
}

/** After a cancellation: what was released and who moved up from the waitlist. */
function CancelNotice({ title, result }: { title: string; result: CancelResult }) {
  const { t } = useTranslation();
  return (
    <>
      {t('officer.awards.done.cancel', { title })}{' '}
      {result.promoted ? <PromotedName award={result.promoted} /> : t('officer.awards.noPromotion')}
    </>
  );
}

function PromotedName({ award }: { award: AwardView }) {
  const { t, i18n } = useTranslation();
  const app = useQuery({
    queryKey: [OFFICER, 'application', award.applicationId],
    queryFn: () => api.get<ApplicationView>(`/api/applications/${award.applicationId}`),
  });
  const name = app.data?.title ?? award.applicationId.slice(0, 8);
  return (
    <Trans
      t={t}
      i18nKey="officer.awards.promoted"
      values={{ name, grant: formatKrw(award.grantKrw, i18n.language) }}
      components={{
        link: (
          <Link to={`/officer/programs/${award.programId}/applications/${award.applicationId}`} />
        ),
      }}
    />
  );
}

/** A page-level notice of the last award action. */
export function AwardNotice({ message }: { message: ReactNode }) {
  if (!message) return null;
  return <Notice>{message}</Notice>;
}
