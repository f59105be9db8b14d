import { useEffect, useId, useRef, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Money } from '../../components/ui';
import type { Krw } from '../../lib/format';

/**
 * A modal dialog (the native <dialog>: focus is trapped, Escape cancels) holding a form. Its
 * content is mounted only while open, so every opening starts clean; focus goes back to the
 * control that opened it.
 */
export function ConfirmDialog({
  open,
  title,
  children,
  confirmLabel,
  danger = false,
  pending = false,
  error,
  onConfirm,
  onClose,
}: {
  open: boolean;
  title: string;
  children?: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  pending?: boolean;
  error?: unknown;
  onConfirm: () => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  const opener = useRef<Element | null>(null);
  const titleId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      opener.current = document.activeElement;
      dialog.showModal();
    } else if (!open && dialog.open) {
      dialog.close();
    }
  }, [open]);

  useEffect(() => {
    if (open) return;
    const back = opener.current;
    opener.current = null;
    if (back instanceof HTMLElement && back.isConnected) back.focus();
  }, [open]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!pending) onConfirm();
  };

  return (
    <dialog
      ref={ref}
      className="officer-dialog"
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        if (!pending) onClose();
      }}
    >
      {open && (
        <form onSubmit={submit}>
          <h2 id={titleId}>{title}</h2>
          {children}
          <ErrorBanner error={error} />
          <div className="actions officer-dialog-actions">
            <button type="button" onClick={onClose} disabled={pending}>
              {t('action.cancel')}
            </button>
            <button type="submit" className={danger ? 'danger' : 'primary'} disabled={pending}>
              {pending ? t('officer.common.working') : confirmLabel}
            </button>
          </div>
        </form>
      )}
    </dialog>
  );
}

/** A button that starts an officer action; while the action runs it is disabled and says so. */
export function RunButton({
  action,
  label,
  className,
}: {
  action: { isPending: boolean; mutate: () => void };
  label: string;
  className?: string;
}) {
  const { t } = useTranslation();
  return (
    <button
      type="button"
      className={className}
      onClick={() => action.mutate()}
      disabled={action.isPending}
    >
      {action.isPending ? t('officer.common.working') : label}
    </button>
  );
}

/** One figure with its label; `role=group` named by the label, so tests and readers find it. */
export function Stat({
  label,
  value,
  money,
  hint,
}: {
  label: string;
  value?: ReactNode;
  money?: Krw | null;
  hint?: ReactNode;
}) {
  const id = useId();
  return (
    <div className="stat" role="group" aria-labelledby={id}>
      <div className="label" id={id}>
        {label}
      </div>
      <div className="value">{money !== undefined ? <Money value={money} /> : value}</div>
      {hint && <div className="hint">{hint}</div>}
    </div>
  );
}

/** A bar for "used of total" with the numbers as text beside it (the bar is decoration). */
export function UsageBar({ used, total, label }: { used: number; total: number; label: string }) {
  const percent = total > 0 ? Math.min(100, (used / total) * 100) : 0;
  return (
    <div className="officer-usage">
      <meter min={0} max={total || 1} value={used} aria-label={label} />
      <span>
        {used.toLocaleString()} / {total.toLocaleString()} ({percent.toFixed(1)}%)
      </span>
    </div>
  );
}

/** `<details>` with pretty JSON, for audit before/after. */
export function JsonDetails({ summary, value }: { summary: string; value: unknown }) {
  if (value === null || value === undefined) return <span>—</span>;
  return (
    <details>
      <summary>{summary}</summary>
      <pre className="officer-json">{JSON.stringify(value, null, 2)}</pre>
    </details>
  );
}
