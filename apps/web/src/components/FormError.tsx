/** Errors of the forms: the API's field problems next to their controls and in the banner. */
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { ErrorBanner } from './ErrorBanner';

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
