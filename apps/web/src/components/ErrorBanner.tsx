import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';

/**
 * Shows a failed request the way the API explained it: a translated message for known codes,
 * otherwise the API's own message, then each field with its reasons, then the request id to quote.
 */
export function ErrorBanner({ error }: { error: unknown }) {
  const { t, i18n } = useTranslation();
  if (!error) return null;
  const apiError = error instanceof ApiError ? error : null;
  const code = apiError?.code;
  const known = code && i18n.exists(`error.${code}`) ? t(`error.${code}`) : null;
  const message = known ?? (error instanceof Error ? error.message : String(error));
  const fields = apiError ? Object.entries(apiError.fieldProblems) : [];
  return (
    <div className="error-banner" role="alert">
      <strong>{t('error.title')}</strong>
      <p>{message}</p>
      {fields.length > 0 && (
        <ul>
          {fields.map(([field, reasons]) => (
            <li key={field}>{t('error.field', { field, reasons: reasons.join(', ') })}</li>
          ))}
        </ul>
      )}
      {apiError?.requestId && (
        <small>
          {t('error.requestId')}: <code>{apiError.requestId}</code>
        </small>
      )}
    </div>
  );
}

/** The reasons the API gave for one field, if the error is a validation failure. */
export function fieldReasons(error: unknown, field: string): string[] | undefined {
  return error instanceof ApiError ? error.fieldProblems[field] : undefined;
}
