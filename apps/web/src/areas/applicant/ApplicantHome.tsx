import { useId } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, type Page } from '../../api/client';
import { useUser } from '../../auth/AuthContext';
import { Empty, PageTitle, QueryView } from '../../components/ui';
import { formatDay } from '../../lib/format';
import { ApplicationTable } from './ApplicationListPage';
import { windowIsOpen } from './lib';
import { keys, useCompanies, useOpenPrograms } from './queries';
import type { Application, ApplicationStatus } from './types';
import './applicant.css';

const IN_REVIEW: ApplicationStatus[] = [
  'SUBMITTED',
  'ELIGIBLE',
  'UNDER_REVIEW',
  'SCORED',
  'WAITLISTED',
];
const AWARDED: ApplicationStatus[] = ['SELECTED', 'CONTRACTED', 'DELIVERED', 'SETTLED'];

/** /applicant: the company, the programs open now and the latest applications at a glance. */
export function ApplicantHome() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const user = useUser();
  const companies = useCompanies();
  const programs = useOpenPrograms();
  const applications = useQuery({
    queryKey: [...keys.applications, 'all'],
    queryFn: () => api.get<Page<Application>>('/api/applications', { limit: 500 }),
  });
  const companyId = useId();
  const programsId = useId();
  const recentId = useId();
  const items = applications.data?.items ?? [];
  const count = (statuses: ApplicationStatus[]) =>
    items.filter((a) => statuses.includes(a.status)).length;
  const recent = [...items]
    .sort((a, b) => Date.parse(b.updatedAt) - Date.parse(a.updatedAt))
    .slice(0, 5);

  return (
    <section>
      <PageTitle>{t('applicant.home.title')}</PageTitle>
      <p>{t('applicant.home.welcome', { name: user.displayName })}</p>

      {applications.isSuccess && (
        <div className="grid ap-stats">
          <div className="stat">
            <div className="label">{t('applicant.home.stats.drafts')}</div>
            <div className="value">{count(['DRAFT'])}</div>
          </div>
          <div className="stat">
            <div className="label">{t('applicant.home.stats.inReview')}</div>
            <div className="value">{count(IN_REVIEW)}</div>
          </div>
          <div className="stat">
            <div className="label">{t('applicant.home.stats.awarded')}</div>
            <div className="value">{count(AWARDED)}</div>
          </div>
          <div className="stat">
            <div className="label">{t('applicant.home.stats.total')}</div>
            <div className="value">{applications.data.total}</div>
          </div>
        </div>
      )}

      <div className="grid">
        <section className="card ap-section" aria-labelledby={companyId}>
          <h2 id={companyId}>{t('applicant.home.companyHeading')}</h2>
          <QueryView query={companies}>
            {(page) =>
              page.items.length === 0 ? (
                <>
                  <p>{t('applicant.home.noCompany')}</p>
                  <Link className="ap-button-link" to="/applicant/company">
                    {t('applicant.home.registerCompany')}
                  </Link>
                </>
              ) : (
                <>
                  <ul className="ap-plain">
                    {page.items.map((c) => (
                      <li key={c.id}>
                        <strong>{c.name}</strong> · {t(`companyType.${c.type}`)} ·{' '}
                        {t(`region.${c.region}`)}
                      </li>
                    ))}
                  </ul>
                  <Link to="/applicant/company">{t('applicant.home.editCompany')}</Link>
                </>
              )
            }
          </QueryView>
        </section>

        <section className="card ap-section" aria-labelledby={programsId}>
          <h2 id={programsId}>{t('applicant.home.openPrograms')}</h2>
          <QueryView query={programs}>
            {(page) =>
              page.items.length === 0 ? (
                <Empty>{t('applicant.home.noOpenPrograms')}</Empty>
              ) : (
                <ul className="ap-plain">
                  {page.items.map((p) => {
                    const open = windowIsOpen(p.rules.window);
                    return (
                      <li key={p.id}>
                        <strong>{p.name}</strong>
                        <div className="hint">
                          {t('applicant.home.window', {
                            from: formatDay(p.rules.window.opensAt, lang),
                            to: formatDay(p.rules.window.closesAt, lang),
                          })}
                          {!open && ` · ${t('applicant.home.windowClosed')}`}
                        </div>
                        {open && (
                          <Link
                            to={`/applicant/applications/new?programId=${p.id}`}
                            aria-label={t('applicant.home.startApplicationFor', {
                              program: p.name,
                            })}
                          >
                            {t('applicant.home.startApplication')}
                          </Link>
                        )}
                      </li>
                    );
                  })}
                </ul>
              )
            }
          </QueryView>
        </section>
      </div>

      <section aria-labelledby={recentId}>
        <h2 id={recentId}>{t('applicant.home.recent')}</h2>
        <QueryView query={applications}>
          {() =>
            recent.length === 0 ? (
              <Empty>{t('applicant.list.none')}</Empty>
            ) : (
              <>
                <ApplicationTable items={recent} />
                <p>
                  <Link to="/applicant/applications">{t('applicant.home.allApplications')}</Link>
                </p>
              </>
            )
          }
        </QueryView>
      </section>
    </section>
  );
}
