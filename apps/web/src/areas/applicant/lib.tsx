/** Small helpers of the applicant pages. */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { ErrorBanner } from '../../components/ErrorBanner';
import { toBigInt, type Krw } from '../../lib/format';

/**
 * The API lists field problems as `details.fields[]`; the shared ApiError reads them from
 * `details` itself. This hands the pages an error whose field problems the shared
 * `fieldReasons`/`ErrorBanner` understand, with a translated message for the codes the area
 * knows (`<area>.errors.*`).
 */
export function useAreaError(
  error: unknown,
  area: 'applicant' | 'supplier' = 'applicant',
): unknown {
  const { t, i18n } = useTranslation();
  if (!(error instanceof ApiError)) return error;
  const details = error.details as { fields?: unknown } | null | undefined;
  const fields =
    details &&
    typeof details === 'object' &&
    !Array.isArray(details) &&
    Array.isArray(details.fields)
      ? details.fields
      : null;
  const key = `${area}.errors.${error.code}`;
  const translated = i18n.exists(key) ? t(key) : null;
  if (!fields && !translated) return error;
  return new ApiError({
    statusCode: error.statusCode,
    // A translated message only shows when the shared banner has no text of its own for the code.
    code: translated ? `${area.toUpperCase()}_${error.code}` : error.code,
    message: translated ?? error.message,
    details: fields ?? error.details,
    requestId: error.requestId,
  });
}

/**
 * The banner of a form: the error's message, and only the field problems the form does not
 * already show next to a control (`shown` holds the API's field paths the form displays).
 */
export function FormErrorBanner({ error, shown }: { error: unknown; shown: readonly string[] }) {
  if (!(error instanceof ApiError)) return <ErrorBanner error={error} />;
  const rest = Object.entries(error.fieldProblems)
    .filter(([field]) => !shown.includes(field))
    .map(([field, reasons]) => ({ field, reasons }));
  return (
    <ErrorBanner
      error={
        new ApiError({
          statusCode: error.statusCode,
          code: error.code,
          message: error.message,
          details: rest,
          requestId: error.requestId,
        })
      }
    />
  );
}

/** A key for the API's Idempotency-Key header: one per user action, reused on retry. */
export function newIdempotencyKey(): string {
  if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function') {
    return crypto.randomUUID();
  }
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The largest amount a form sends: the API's limit for an agreed cost (one trillion won). */
export const MAX_COST_KRW = 1_000_000_000_000;

/**
 * A won amount typed by a person ("80,000,000", "80000000 원") as a whole number, or the
 * reason it is not one. Digits only: no float ever takes part.
 */
export function parseWon(
  text: string,
  { min = 1, max = MAX_COST_KRW }: { min?: number; max?: number } = {},
): { value: number } | { problem: 'empty' | 'format' | 'range' } {
  const digits = text.replace(/[\s,원₩]/g, '');
  if (digits === '') return { problem: 'empty' };
  if (!/^\d+$/.test(digits)) return { problem: 'format' };
  const amount = BigInt(digits);
  if (amount < BigInt(min) || amount > BigInt(max)) return { problem: 'range' };
  return { value: Number(amount) };
}

/** a − b in whole won. */
export function minusKrw(a: Krw, b: Krw): bigint {
  return toBigInt(a) - toBigInt(b);
}

export function windowIsOpen(window: { opensAt: string; closesAt: string }, now = Date.now()) {
  return Date.parse(window.opensAt) <= now && now <= Date.parse(window.closesAt);
}

/**
 * A button that asks before it acts: the first press shows the question with a confirm and a
 * cancel button (focus moves to the confirm button), so it works by keyboard and needs no
 * browser dialog.
 */
export function ConfirmButton({
  label,
  ariaLabel,
  question,
  confirmLabel,
  onConfirm,
  busy,
  className = 'danger',
}: {
  label: string;
  /** A fuller name when several such buttons share a page ("Withdraw <title>"). */
  ariaLabel?: string;
  question: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  busy?: boolean;
  className?: string;
}) {
  const { t } = useTranslation();
  const [asking, setAsking] = useState(false);
  const confirmRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (asking) confirmRef.current?.focus();
  }, [asking]);
  if (!asking) {
    return (
      <button
        type="button"
        className={className}
        onClick={() => setAsking(true)}
        disabled={busy}
        aria-label={ariaLabel}
      >
        {label}
      </button>
    );
  }
  return (
    <div className="ap-confirm" role="group" aria-label={ariaLabel ?? label}>
      <p>{question}</p>
      <div className="actions">
        <button
          ref={confirmRef}
          type="button"
          className={className}
          disabled={busy}
          onClick={() => {
            setAsking(false);
            onConfirm();
          }}
        >
          {confirmLabel}
        </button>
        <button type="button" onClick={() => setAsking(false)}>
          {t('action.cancel')}
        </button>
      </div>
    </div>
  );
}
