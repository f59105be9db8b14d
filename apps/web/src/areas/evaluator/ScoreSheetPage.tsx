import { useEffect, useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api } from '../../api/client';
import { ErrorBanner, fieldReasons } from '../../components/ErrorBanner';
import { TextArea, TextField } from '../../components/Field';
import { Notice, PageTitle, QueryView, StatusBadge } from '../../components/ui';
import { formatDate } from '../../lib/format';
import type { Assignment } from './types';

/** Points typed as text: empty means "not scored yet" (a draft may leave criteria out). */
type Draft = Record<string, string>;

function toDraft(sheet: Assignment): Draft {
  return Object.fromEntries(
    sheet.criteria.map((c) => [
      c.code,
      sheet.scores[c.code] === undefined ? '' : String(sheet.scores[c.code]),
    ]),
  );
}

/** The typed points as the API takes them; what is not a number is sent as typed so the API names it. */
function toScores(draft: Draft): Record<string, number | string> {
  const out: Record<string, number | string> = {};
  for (const [code, text] of Object.entries(draft)) {
    const trimmed = text.trim();
    if (trimmed === '') continue;
    const value = Number(trimmed);
    out[code] = Number.isFinite(value) ? value : trimmed;
  }
  return out;
}

export function ScoreSheetPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const sheet = useQuery({
    queryKey: ['assignment', id],
    queryFn: () => api.get<Assignment>(`/api/assignments/${id}`),
  });
  return (
    <section>
      <p>
        <Link to="/evaluator">← {t('evaluator.nav.assignments')}</Link>
      </p>
      <QueryView query={sheet}>{(data) => <SheetView sheet={data} />}</QueryView>
    </section>
  );
}

function SheetView({ sheet }: { sheet: Assignment }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<Draft>(() => toDraft(sheet));
  const [comment, setComment] = useState(sheet.comment ?? '');
  const [notice, setNotice] = useState<string | null>(null);
  const [recuseReason, setRecuseReason] = useState('');
  useEffect(() => setDraft(toDraft(sheet)), [sheet]);

  const locked = sheet.status !== 'ASSIGNED';
  const update = (data: Assignment) => {
    queryClient.setQueryData(['assignment', sheet.id], data);
    void queryClient.invalidateQueries({ queryKey: ['evaluations'] });
  };
  const save = useMutation({
    mutationFn: () =>
      api.put<Assignment>(`/api/assignments/${sheet.id}/scores`, {
        scores: toScores(draft),
        ...(comment.trim() ? { comment } : {}),
      }),
    onSuccess: (data) => {
      update(data);
      setNotice(t('evaluator.sheet.draftSaved'));
    },
  });
  const submit = useMutation({
    mutationFn: async () => {
      // What is on screen is what gets submitted: save it first, then lock it.
      await api.put(`/api/assignments/${sheet.id}/scores`, {
        scores: toScores(draft),
        ...(comment.trim() ? { comment } : {}),
      });
      return api.post<Assignment>(`/api/assignments/${sheet.id}/submit`);
    },
    onSuccess: (data) => {
      update(data);
      setNotice(t('evaluator.sheet.submitted'));
    },
  });
  const recuse = useMutation({
    mutationFn: () =>
      api.post<{ assignment: Assignment; reassigned: boolean }>(
        `/api/assignments/${sheet.id}/recuse`,
        {
          reason: recuseReason,
        },
      ),
    onSuccess: (data) => {
      update(data.assignment);
      setNotice(
        data.reassigned ? t('evaluator.sheet.reassigned') : t('evaluator.sheet.notReassigned'),
      );
    },
  });

  const max = sheet.criteria.reduce((sum, c) => sum + c.maxPoints, 0);
  const typed = Object.values(toScores(draft)).filter((v): v is number => typeof v === 'number');
  const total = Math.round(typed.reduce((a, b) => a + b, 0) * 10) / 10;
  const complete = sheet.criteria.every((c) => draft[c.code]?.trim());
  const error = save.error ?? submit.error ?? recuse.error;

  function onSave(event: FormEvent) {
    event.preventDefault();
    setNotice(null);
    save.mutate();
  }
  function onSubmit() {
    setNotice(null);
    if (window.confirm(t('evaluator.sheet.submitConfirm'))) submit.mutate();
  }

  return (
    <>
      <PageTitle actions={<StatusBadge status={sheet.status} />}>
        {`${t('evaluator.sheet.title')}: ${sheet.application.title}`}
      </PageTitle>
      {sheet.dueAt && (
        <p>{t('evaluator.sheet.due', { due: formatDate(sheet.dueAt, i18n.language) })}</p>
      )}
      {notice && <Notice>{notice}</Notice>}
      {sheet.status === 'SUBMITTED' && !notice && <Notice>{t('evaluator.sheet.submitted')}</Notice>}
      {sheet.status === 'RECUSED' && (
        <Notice>{t('evaluator.sheet.recused', { reason: sheet.recusedReason ?? '' })}</Notice>
      )}
      {sheet.status === 'CANCELLED' && (
        <Notice>
          {sheet.cancelReason === 'application withdrawn'
            ? t('evaluator.sheet.cancelledWithdrawn')
            : t('evaluator.sheet.cancelledClosed')}
        </Notice>
      )}
      <ErrorBanner error={error} />

      <section className="card" aria-labelledby="application-heading">
        <h2 id="application-heading">{t('evaluator.sheet.applicationSection')}</h2>
        <dl className="form-row">
          <div>
            <dt>{t('evaluator.list.company')}</dt>
            <dd>{sheet.application.companyName}</dd>
          </div>
          <div>
            <dt>{t('evaluator.list.category')}</dt>
            <dd>{t(`category.${sheet.application.category}`)}</dd>
          </div>
          <div>
            <dt>{t('evaluator.sheet.track')}</dt>
            <dd>{sheet.application.track}</dd>
          </div>
          <div>
            <dt>{t('evaluator.sheet.region')}</dt>
            <dd>{sheet.application.companyRegion}</dd>
          </div>
          {sheet.application.socialIssue && (
            <div>
              <dt>{t('evaluator.sheet.socialIssue')}</dt>
              <dd>{sheet.application.socialIssue}</dd>
            </div>
          )}
        </dl>
        <h3>{t('evaluator.sheet.plan')}</h3>
        {Object.entries(sheet.application.plan).map(([section, text]) => (
          <div key={section}>
            <h4>{section}</h4>
            <p style={{ whiteSpace: 'pre-line' }}>{text}</p>
          </div>
        ))}
      </section>

      <section className="card" aria-labelledby="scores-heading">
        <h2 id="scores-heading">{t('evaluator.sheet.scoresSection')}</h2>
        <form onSubmit={onSave} noValidate>
          <div className="form-row">
            {sheet.criteria.map((c) => (
              <TextField
                key={c.code}
                label={t('evaluator.sheet.criterion', { name: c.name, max: c.maxPoints })}
                hint={t('evaluator.sheet.pointsHint', { max: c.maxPoints })}
                type="number"
                inputMode="decimal"
                min={0}
                max={c.maxPoints}
                step={0.1}
                value={draft[c.code] ?? ''}
                disabled={locked}
                errors={fieldReasons(error, `scores.${c.code}`)}
                onChange={(e) => setDraft({ ...draft, [c.code]: e.target.value })}
              />
            ))}
          </div>
          <TextArea
            label={t('evaluator.sheet.comment')}
            value={comment}
            disabled={locked}
            maxLength={4000}
            errors={fieldReasons(error, 'comment')}
            onChange={(e) => setComment(e.target.value)}
          />
          <p aria-live="polite">
            <strong>
              {t('evaluator.sheet.total', { total: locked ? (sheet.total ?? total) : total, max })}
            </strong>
          </p>
          {!locked && (
            <div className="actions">
              <button type="submit" disabled={save.isPending || submit.isPending}>
                {save.isPending ? t('action.saving') : t('evaluator.sheet.saveDraft')}
              </button>
              <button
                type="button"
                className="primary"
                disabled={!complete || save.isPending || submit.isPending}
                aria-describedby={complete ? undefined : 'missing-scores'}
                onClick={onSubmit}
              >
                {t('evaluator.sheet.submit')}
              </button>
              {!complete && (
                <small id="missing-scores" className="hint">
                  {t('evaluator.sheet.missing')}
                </small>
              )}
            </div>
          )}
        </form>
      </section>

      {!locked && (
        <section className="card" aria-labelledby="recuse-heading">
          <h2 id="recuse-heading">{t('evaluator.sheet.recuse')}</h2>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              setNotice(null);
              recuse.mutate();
            }}
            noValidate
          >
            <TextField
              label={t('evaluator.sheet.recuseReason')}
              value={recuseReason}
              maxLength={500}
              errors={fieldReasons(recuse.error, 'reason')}
              onChange={(e) => setRecuseReason(e.target.value)}
            />
            <div className="actions">
              <button type="submit" className="danger" disabled={recuse.isPending}>
                {t('evaluator.sheet.recuseConfirm')}
              </button>
            </div>
          </form>
        </section>
      )}
    </>
  );
}
