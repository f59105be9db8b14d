import { useCallback, useEffect, useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, ApiError, newIdempotencyKey } from '../../api/client';
import { ErrorBanner, fieldReasons } from '../../components/ErrorBanner';
import { SelectField, TextArea, TextField } from '../../components/Field';
import { formatDate, formatKrw, parseWon } from '../../lib/format';
import { FormErrorBanner, useAreaError } from '../../components/FormError';
import { keys, useCatalogue } from './queries';
import { SupportSummary } from './SupportSummary';
import {
  PLAN_SECTIONS,
  type Application,
  type PlanSection,
  type Program,
  type Track,
} from './types';

/** How long typing must pause before the draft is saved. */
const AUTOSAVE_DELAY_MS = 700;

interface Form {
  title: string;
  category: string;
  track: Track;
  socialIssue: string;
  supplierId: string;
  offeringId: string;
  cost: string;
  plan: Record<PlanSection, string>;
}

/** What PATCH /api/applications/:id accepts (every field optional). */
interface Payload {
  title?: string;
  category?: string;
  supplierId?: string;
  offeringId?: string;
  track?: Track;
  socialIssue?: string;
  agreedCostKrw?: number;
  plan?: Partial<Record<PlanSection, string>>;
}

type SaveStatus = 'idle' | 'dirty' | 'saving' | 'saved' | 'error';
type LocalErrors = Partial<Record<'title' | 'cost' | 'offeringId' | 'socialIssue', string>>;

function formOf(app: Application): Form {
  return {
    title: app.title,
    category: app.category,
    track: app.track,
    socialIssue: app.socialIssue ?? '',
    supplierId: app.supplierId,
    offeringId: app.offeringId,
    cost: String(app.agreedCostKrw),
    plan: Object.fromEntries(PLAN_SECTIONS.map((s) => [s, app.plan?.[s] ?? ''])) as Record<
      PlanSection,
      string
    >,
  };
}

/** The whole draft as the API would store it. */
function fullPayloadOf(app: Application): Payload {
  return {
    title: app.title,
    category: app.category,
    supplierId: app.supplierId,
    offeringId: app.offeringId,
    track: app.track,
    ...(app.socialIssue ? { socialIssue: app.socialIssue } : {}),
    agreedCostKrw: Number(app.agreedCostKrw),
    plan: Object.fromEntries(PLAN_SECTIONS.map((s) => [s, app.plan?.[s] ?? ''])),
  };
}

/**
 * What of the form can be sent, and what cannot yet (with the reason shown next to the field).
 * Fields that only make sense together travel together: category with supplier and offering,
 * track with its social issue.
 */
function payloadOf(
  form: Form,
  text: { cost: Record<'empty' | 'format' | 'range', string> } & Record<
    'title' | 'offering' | 'issue',
    string
  >,
): { payload: Payload; local: LocalErrors } {
  const payload: Payload = { plan: { ...form.plan } };
  const local: LocalErrors = {};
  if (form.title.trim()) payload.title = form.title;
  else local.title = text.title;
  const cost = parseWon(form.cost);
  if ('value' in cost) payload.agreedCostKrw = cost.value;
  else local.cost = text.cost[cost.problem];
  if (form.offeringId && form.supplierId) {
    Object.assign(payload, {
      category: form.category,
      supplierId: form.supplierId,
      offeringId: form.offeringId,
    });
  } else local.offeringId = text.offering;
  if (form.track === 'SOCIAL_ISSUE' && !form.socialIssue) local.socialIssue = text.issue;
  else {
    payload.track = form.track;
    if (form.track === 'SOCIAL_ISSUE') payload.socialIssue = form.socialIssue;
  }
  return { payload, local };
}

/** The part of `next` that differs from what was last saved. */
function changes(next: Payload, saved: Payload): Payload {
  const out: Payload = {};
  if (next.title !== undefined && next.title !== saved.title) out.title = next.title;
  if (next.agreedCostKrw !== undefined && next.agreedCostKrw !== saved.agreedCostKrw) {
    out.agreedCostKrw = next.agreedCostKrw;
  }
  if (
    next.offeringId !== undefined &&
    (next.category !== saved.category ||
      next.supplierId !== saved.supplierId ||
      next.offeringId !== saved.offeringId)
  ) {
    out.category = next.category;
    out.supplierId = next.supplierId;
    out.offeringId = next.offeringId;
  }
  if (
    next.track !== undefined &&
    (next.track !== saved.track || (next.socialIssue ?? '') !== (saved.socialIssue ?? ''))
  ) {
    out.track = next.track;
    if (next.socialIssue) out.socialIssue = next.socialIssue;
  }
  const plan = Object.fromEntries(
    PLAN_SECTIONS.filter((s) => (next.plan?.[s] ?? '') !== (saved.plan?.[s] ?? '')).map((s) => [
      s,
      next.plan?.[s] ?? '',
    ]),
  );
  if (Object.keys(plan).length) out.plan = plan;
  return out;
}

function merge(saved: Payload, sent: Payload): Payload {
  const out = { ...saved, ...sent, plan: { ...saved.plan, ...sent.plan } };
  if (sent.track === 'GENERAL') delete out.socialIssue;
  return out;
}

/** The API's field paths ("plan.goals", "agreedCostKrw") of a validation failure. */
function problemFields(error: unknown): string[] {
  if (!(error instanceof ApiError) || error.code !== 'VALIDATION_FAILED') return [];
  const details = error.details as { fields?: Array<{ field: string }> } | unknown[] | null;
  const list = Array.isArray(details) ? details : (details?.fields ?? []);
  return (list as Array<{ field?: unknown }>).map((f) => String(f.field ?? ''));
}

/** `patch` without the fields the API refused, so that the rest can still be saved. */
function without(patch: Payload, fields: string[]): Payload {
  const out: Payload = { ...patch, plan: patch.plan ? { ...patch.plan } : undefined };
  for (const field of fields) {
    const [head, sub] = field.split(/[.[]/);
    if (head === 'plan' && sub && out.plan) delete out.plan[sub as PlanSection];
    else if (head === 'category' || head === 'supplierId' || head === 'offeringId') {
      delete out.category;
      delete out.supplierId;
      delete out.offeringId;
    } else if (head === 'track' || head === 'socialIssue') {
      delete out.track;
      delete out.socialIssue;
    } else delete (out as Record<string, unknown>)[head];
  }
  if (out.plan && Object.keys(out.plan).length === 0) delete out.plan;
  if (!out.plan) delete out.plan;
  return out;
}

/**
 * The editor of a DRAFT: every change is saved (PATCH) once typing pauses, one request at a
 * time; the amounts shown are those the API computed on the last save. Submitting first saves
 * what is pending.
 */
export function DraftEditor({
  app,
  program,
  onSubmitted,
}: {
  app: Application;
  program: Program | undefined;
  onSubmitted: (app: Application) => void;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const queryClient = useQueryClient();
  const [form, setFormState] = useState<Form>(() => formOf(app));
  const formRef = useRef(form);
  const saved = useRef<Payload>(fullPayloadOf(app));
  const timer = useRef<number | undefined>(undefined);
  const inflight = useRef<Promise<boolean> | null>(null);
  const again = useRef(false);
  const [status, setStatus] = useState<SaveStatus>('idle');
  const [savedAt, setSavedAt] = useState<Date | null>(null);
  const [saveError, setSaveError] = useState<unknown>(null);
  const [local, setLocal] = useState<LocalErrors>({});
  const [submitting, setSubmitting] = useState(false);
  const [submitError, setSubmitError] = useState<unknown>(null);
  const [blocked, setBlocked] = useState(false);
  const submitKey = useRef<string | null>(null);

  const catalogue = useCatalogue(form.category || undefined);
  const suppliers = catalogue.data?.items ?? [];
  const supplier = suppliers.find((s) => s.id === form.supplierId);
  const offerings = (supplier?.offerings ?? []).filter((o) => o.category === form.category);

  const text = {
    title: t('applicant.draft.titleEmpty'),
    offering: t('applicant.draft.offeringRequired'),
    issue: t('applicant.draft.issueRequired'),
    cost: {
      empty: t('applicant.draft.costEmpty'),
      format: t('applicant.draft.costFormat'),
      range: t('applicant.draft.costRange'),
    },
  };
  const textRef = useRef(text);
  textRef.current = text;

  const send = useCallback(
    async (patch: Payload) => {
      const view = await api.patch<Application>(`/api/applications/${app.id}`, patch);
      saved.current = merge(saved.current, patch);
      queryClient.setQueryData(keys.application(app.id), view);
      return view;
    },
    [app.id, queryClient],
  );

  /** Saves until nothing is pending; true when everything the form holds is stored. */
  const saveNow = useCallback((): Promise<boolean> => {
    window.clearTimeout(timer.current);
    if (inflight.current) {
      again.current = true;
      return inflight.current;
    }
    const run = async (): Promise<boolean> => {
      let ok = true;
      do {
        again.current = false;
        const { payload, local: problems } = payloadOf(formRef.current, textRef.current);
        setLocal(problems);
        const patch = changes(payload, saved.current);
        ok = Object.keys(problems).length === 0;
        if (Object.keys(patch).length === 0) {
          if (ok) setSaveError(null);
          continue;
        }
        setStatus('saving');
        try {
          await send(patch);
          setSaveError(null);
        } catch (error) {
          ok = false;
          setSaveError(error);
          // Save what the API did accept; the refused fields keep their reasons on screen.
          const rest = without(patch, problemFields(error));
          if (problemFields(error).length && Object.keys(rest).length) {
            try {
              await send(rest);
            } catch {
              // The first error is the one to show.
            }
          }
        }
      } while (again.current);
      if (ok) setSavedAt(new Date());
      setStatus(ok ? 'saved' : 'error');
      return ok;
    };
    inflight.current = run().finally(() => {
      inflight.current = null;
    });
    return inflight.current;
  }, [send]);

  const update = (next: Form) => {
    formRef.current = next;
    setFormState(next);
    setStatus('dirty');
    setBlocked(false);
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => void saveNow(), AUTOSAVE_DELAY_MS);
  };

  // Leaving the page saves what is pending; closing the tab with unsaved changes asks first.
  useEffect(() => {
    return () => {
      if (timer.current !== undefined) {
        window.clearTimeout(timer.current);
        void saveNow();
      }
    };
  }, [saveNow]);
  useEffect(() => {
    if (status !== 'dirty' && status !== 'saving') return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [status]);

  const set = (key: Exclude<keyof Form, 'plan'>) => (e: { target: { value: string } }) => {
    const next = { ...formRef.current, [key]: e.target.value } as Form;
    if (key === 'category') {
      next.supplierId = '';
      next.offeringId = '';
    }
    if (key === 'supplierId') {
      const s = suppliers.find((x) => x.id === e.target.value);
      const fitting = (s?.offerings ?? []).filter((o) => o.category === next.category);
      next.offeringId = fitting.length === 1 ? fitting[0].id : '';
    }
    if (key === 'track' && e.target.value === 'GENERAL') next.socialIssue = '';
    update(next);
  };
  const setPlan = (section: PlanSection) => (e: { target: { value: string } }) =>
    update({ ...formRef.current, plan: { ...formRef.current.plan, [section]: e.target.value } });

  const submit = async () => {
    setSubmitError(null);
    setBlocked(false);
    setSubmitting(true);
    try {
      const ok = await saveNow();
      if (!ok) {
        setBlocked(true);
        return;
      }
      submitKey.current ??= newIdempotencyKey();
      const view = await api.post<Application>(
        `/api/applications/${app.id}/submit`,
        {},
        { 'Idempotency-Key': submitKey.current },
      );
      onSubmitted(view);
    } catch (error) {
      setSubmitError(error);
    } finally {
      setSubmitting(false);
    }
  };

  const apiError = useAreaError(saveError);
  const shownSubmitError = useAreaError(submitError);
  const reasons = (localKey: keyof LocalErrors | null, apiField: string) =>
    (localKey && local[localKey] ? [local[localKey]!] : undefined) ??
    fieldReasons(apiError, apiField);
  const choose = { value: '', label: t('applicant.create.choose') };
  const issues = (program?.rules.specialPools ?? []).flatMap((p) => p.issues);
  const supplierOptions = suppliers.map((s) => ({ value: s.id, label: s.name }));
  if (form.supplierId && !supplier && form.supplierId === app.supplierId) {
    supplierOptions.unshift({ value: app.supplierId, label: app.supplierName });
  }
  const offeringOptions = offerings.map((o) => ({
    value: o.id,
    label: t('applicant.create.offeringOption', {
      title: o.title,
      kind: t(`processingKind.${o.processingKind}`, { defaultValue: o.processingKind }),
      price: formatKrw(o.indicativePriceKrw, lang),
    }),
  }));
  if (form.offeringId && !offerings.some((o) => o.id === form.offeringId)) {
    offeringOptions.unshift({ value: form.offeringId, label: '—' });
  }
  const time = savedAt
    ? new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'ko-KR', {
        timeStyle: 'medium',
        timeZone: 'Asia/Seoul',
      }).format(savedAt)
    : '';
  // The amounts wait for the save of a changed cost or category.
  const unsaved =
    status === 'dirty' || status === 'saving'
      ? changes(payloadOf(form, text).payload, saved.current)
      : {};
  const costPending = unsaved.agreedCostKrw !== undefined || unsaved.category !== undefined;

  return (
    <div className="ap-draft">
      <div>
        <p className="hint">{t('applicant.draft.autosaveHint')}</p>
        <FormErrorBanner
          error={apiError}
          shown={[
            'title',
            'category',
            'track',
            'socialIssue',
            'supplierId',
            'offeringId',
            'agreedCostKrw',
            ...PLAN_SECTIONS.map((p) => `plan.${p}`),
          ]}
        />
        <form
          className="card ap-form ap-section"
          noValidate
          aria-label={t('applicant.draft.heading')}
          onSubmit={(e) => {
            e.preventDefault();
            void saveNow();
          }}
        >
          <h2>{t('applicant.draft.basics')}</h2>
          <TextField
            label={t('applicant.create.appTitle')}
            value={form.title}
            onChange={set('title')}
            maxLength={200}
            required
            errors={reasons('title', 'title')}
          />
          <div className="form-row">
            <SelectField
              label={t('applicant.create.category')}
              value={form.category}
              onChange={set('category')}
              options={(program?.rules.categories ?? [{ code: form.category, name: '' }]).map(
                (c) => ({
                  value: c.code,
                  label: t(`category.${c.code}`, { defaultValue: c.name || c.code }),
                }),
              )}
              errors={reasons(null, 'category')}
            />
            <SelectField
              label={t('applicant.create.track')}
              value={form.track}
              onChange={set('track')}
              options={[
                { value: 'GENERAL', label: t('applicant.track.GENERAL') },
                ...(issues.length || form.track === 'SOCIAL_ISSUE'
                  ? [{ value: 'SOCIAL_ISSUE', label: t('applicant.track.SOCIAL_ISSUE') }]
                  : []),
              ]}
              errors={reasons(null, 'track')}
            />
            {form.track === 'SOCIAL_ISSUE' && (
              <SelectField
                label={t('applicant.create.socialIssue')}
                value={form.socialIssue}
                onChange={set('socialIssue')}
                options={[
                  choose,
                  ...issues.map((code) => ({
                    value: code,
                    label: t(`applicant.issue.${code}`, { defaultValue: code }),
                  })),
                ]}
                errors={reasons('socialIssue', 'socialIssue')}
              />
            )}
          </div>
          <div className="form-row">
            <SelectField
              label={t('applicant.create.supplier')}
              value={form.supplierId}
              onChange={set('supplierId')}
              options={[choose, ...supplierOptions]}
              hint={t('applicant.create.supplierHint')}
              errors={reasons(null, 'supplierId')}
            />
            <SelectField
              label={t('applicant.create.offering')}
              value={form.offeringId}
              onChange={set('offeringId')}
              disabled={!form.supplierId}
              options={[choose, ...offeringOptions]}
              errors={reasons('offeringId', 'offeringId')}
            />
          </div>
          <TextField
            label={t('applicant.create.cost')}
            hint={
              app.supplierConfirmedAt
                ? t('applicant.draft.reconfirm')
                : t('applicant.create.costHint')
            }
            value={form.cost}
            onChange={set('cost')}
            inputMode="numeric"
            required
            errors={reasons('cost', 'agreedCostKrw')}
          />
          <h2>{t('applicant.draft.planHeading')}</h2>
          <p className="hint">{t('applicant.draft.planHint')}</p>
          {PLAN_SECTIONS.map((section) => (
            <TextArea
              key={section}
              label={t(`applicant.draft.plan.${section}`)}
              value={form.plan[section]}
              onChange={setPlan(section)}
              maxLength={5000}
              rows={4}
              errors={reasons(null, `plan.${section}`)}
            />
          ))}
        </form>
      </div>
      <aside className="ap-side" aria-label={t('applicant.support.heading')}>
        <p className={`ap-save ap-save-${status}`} role="status">
          {status === 'saved'
            ? t('applicant.draft.save.saved', { time })
            : t(`applicant.draft.save.${status}`)}
        </p>
        <SupportSummary app={app} program={program} pending={costPending} />
        <div className="card">
          <p>
            <strong>{t('applicant.detail.confirmation')}</strong>:{' '}
            {app.supplierConfirmedAt
              ? t('applicant.detail.confirmed', { date: formatDate(app.supplierConfirmedAt, lang) })
              : t('applicant.detail.notConfirmed')}
          </p>
          <p className="hint">{t('applicant.draft.submitHint')}</p>
          {blocked && (
            <p className="field-error" role="alert">
              {t('applicant.draft.submitBlocked')}
            </p>
          )}
          <ErrorBanner error={shownSubmitError} />
          <button
            type="button"
            className="primary"
            onClick={() => void submit()}
            disabled={submitting}
          >
            {submitting ? t('applicant.draft.submitting') : t('applicant.draft.submit')}
          </button>
        </div>
      </aside>
    </div>
  );
}
