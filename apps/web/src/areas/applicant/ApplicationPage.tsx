import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api } from '../../api/client';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Notice, PageTitle, QueryView, StatusBadge } from '../../components/ui';
import { DraftEditor } from './DraftEditor';
import { ConfirmButton } from '../../components/ConfirmButton';
import { useAreaError } from '../../components/FormError';
import { ApplicationSummary, AwardPanel, EligibilityPanel, Timeline } from './panels';
import { keys, useApplication, useAward, useProgram } from './queries';
import { AWARDED, WITHDRAWABLE, type Application } from './types';
import './applicant.css';

/** /applicant/applications/:id: the draft editor, or the submitted application and its results. */
export function ApplicationPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const application = useApplication(id);
  const app = application.data;
  const program = useProgram(app?.programId);
  const award = useAward(id, Boolean(app && AWARDED.includes(app.status)));
  const [notice, setNotice] = useState<string | null>(null);

  const refreshLists = () => queryClient.invalidateQueries({ queryKey: keys.applications });
  const onSubmitted = (view: Application) => {
    queryClient.setQueryData(keys.application(id), view);
    setNotice(t('applicant.detail.submitted'));
    void refreshLists();
  };
  const withdraw = useMutation({
    mutationFn: () => api.post<Application>(`/api/applications/${id}/withdraw`),
    onSuccess: (view) => {
      queryClient.setQueryData(keys.application(id), view);
      setNotice(t('applicant.detail.withdrawn'));
      void refreshLists();
    },
  });
  const withdrawError = useAreaError(withdraw.error);

  return (
    <section>
      <QueryView query={application}>
        {(a) => (
          <>
            {/* A draft's title changes as it is typed and saved; the page heading must not
                (PageTitle takes focus whenever its text changes). */}
            <PageTitle actions={<StatusBadge status={a.status} />}>
              {a.status === 'DRAFT'
                ? t('applicant.draft.heading')
                : a.title || t('applicant.list.untitled')}
            </PageTitle>
            <p>
              <Link to="/applicant/applications">← {t('applicant.detail.backToList')}</Link>
            </p>
            {notice && <Notice>{notice}</Notice>}
            {a.status !== 'DRAFT' && <EligibilityPanel app={a} />}
            {AWARDED.includes(a.status) && !award.isPending && (
              <AwardPanel app={a} award={award.data} />
            )}
            {a.status === 'DRAFT' ? (
              <DraftEditor key={a.id} app={a} program={program.data} onSubmitted={onSubmitted} />
            ) : (
              <ApplicationSummary app={a} program={program.data} />
            )}
            <Timeline app={a} award={award.data} />
            {WITHDRAWABLE.includes(a.status) && (
              <div className="card">
                <ErrorBanner error={withdrawError} />
                <ConfirmButton
                  label={t('applicant.detail.withdraw')}
                  question={
                    a.status === 'WAITLISTED'
                      ? t('applicant.detail.withdrawWaitlistQuestion')
                      : t('applicant.detail.withdrawQuestion')
                  }
                  confirmLabel={t('applicant.detail.withdrawConfirm')}
                  busy={withdraw.isPending}
                  onConfirm={() => withdraw.mutate()}
                />
              </div>
            )}
          </>
        )}
      </QueryView>
    </section>
  );
}
