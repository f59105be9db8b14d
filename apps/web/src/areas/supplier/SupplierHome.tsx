import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useUser } from '../../auth/AuthContext';
import { Empty, PageTitle, QueryView, StatusBadge } from '../../components/ui';
import { needsConfirmation, SupplierApplicationTable } from './ApplicationsPage';
import { useMySuppliers, useNamingApplications } from './queries';
import '../applicant/applicant.css';

/** /supplier: approval status, offerings and the pre-agreements waiting for a confirmation. */
export function SupplierHome() {
  const { t } = useTranslation();
  const user = useUser();
  const mine = useMySuppliers();
  const applications = useNamingApplications();
  const statusId = useId();
  const confirmId = useId();
  const offerings = (mine.data?.items ?? []).flatMap((s) => s.offerings);
  const apps = applications.data?.items ?? [];
  const toConfirm = apps.filter(needsConfirmation);
  const toDeliver = apps.filter((a) => a.status === 'CONTRACTED').length;

  return (
    <section>
      <PageTitle>{t('supplier.home.title')}</PageTitle>
      <p>{t('supplier.home.welcome', { name: user.displayName })}</p>
      <QueryView query={mine}>
        {(page) =>
          page.items.length === 0 ? (
            <div className="card">
              <p>{t('supplier.home.notRegistered')}</p>
              <Link className="ap-button-link" to="/supplier/profile">
                {t('supplier.home.register')}
              </Link>
            </div>
          ) : (
            <>
              <section className="card ap-section" aria-labelledby={statusId}>
                <h2 id={statusId}>{t('supplier.home.statusHeading')}</h2>
                {page.items.map((s) => (
                  <div key={s.id}>
                    <p>
                      <strong>{s.name}</strong> <StatusBadge status={s.status} />
                    </p>
                    <p>{t(`supplier.home.statusText.${s.status}`)}</p>
                    {s.statusReason && (
                      <p className="hint">
                        {t('supplier.home.reason', { reason: s.statusReason })}
                      </p>
                    )}
                  </div>
                ))}
              </section>
              <div className="grid ap-stats">
                <div className="stat">
                  <div className="label">{t('supplier.home.stats.offeringsApproved')}</div>
                  <div className="value">
                    {offerings.filter((o) => o.status === 'APPROVED').length}
                  </div>
                </div>
                <div className="stat">
                  <div className="label">{t('supplier.home.stats.offeringsPending')}</div>
                  <div className="value">
                    {offerings.filter((o) => o.status === 'PENDING').length}
                  </div>
                </div>
                <div className="stat">
                  <div className="label">{t('supplier.home.stats.toConfirm')}</div>
                  <div className="value">{applications.isSuccess ? toConfirm.length : '—'}</div>
                </div>
                <div className="stat">
                  <div className="label">{t('supplier.home.stats.toDeliver')}</div>
                  <div className="value">{applications.isSuccess ? toDeliver : '—'}</div>
                </div>
              </div>
            </>
          )
        }
      </QueryView>
      <section aria-labelledby={confirmId}>
        <h2 id={confirmId}>{t('supplier.home.toConfirmHeading')}</h2>
        <QueryView query={applications}>
          {() =>
            toConfirm.length === 0 ? (
              <Empty>{t('supplier.home.noneToConfirm')}</Empty>
            ) : (
              <SupplierApplicationTable items={toConfirm} />
            )
          }
        </QueryView>
        <p>
          <Link to="/supplier/applications">{t('supplier.home.seeAll')}</Link>
        </p>
      </section>
    </section>
  );
}
