import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

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
