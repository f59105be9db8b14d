import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api, type Page } from '../../api/client';
import { SelectField } from '../../components/Field';
import { PagedView, PageTitle, StatusBadge } from '../../components/ui';
import { formatDate } from '../../lib/format';
import type { Assignment } from './types';

const LIMIT = 25;

/** The evaluator's own sheets, earliest due date first; nobody else's are ever listed. */
export function AssignmentsPage() {
  const { t, i18n } = useTranslation();
  const [params, setParams] = useSearchParams();
  const status = params.get('status') ?? '';
  const offset = Number(params.get('offset') ?? 0) || 0;
  const sheets = useQuery({
    queryKey: ['evaluations', 'mine', status, offset],
    queryFn: () =>
      api.get<Page<Assignment>>('/api/evaluations/mine', { status, limit: LIMIT, offset }),
  });
  const now = Date.now();

  return (
    <section>
      <PageTitle>{t('evaluator.list.title')}</PageTitle>
      <div className="filters">
        <SelectField
          label={t('evaluator.list.status')}
          value={status}
          onChange={(e) => setParams(e.target.value ? { status: e.target.value } : {})}
          options={[
            { value: '', label: t('evaluator.list.all') },
            ...['ASSIGNED', 'SUBMITTED', 'RECUSED', 'CANCELLED'].map((s) => ({
              value: s,
              label: t(`status.${s}`),
            })),
          ]}
        />
      </div>
      <PagedView
        query={sheets}
        limit={LIMIT}
        offset={offset}
        onOffset={(o) => setParams({ ...(status ? { status } : {}), offset: String(o) })}
      >
        {(page) => (
          <div className="table-wrap">
            <table>
              <caption>{t('evaluator.list.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('evaluator.list.application')}</th>
                  <th scope="col">{t('evaluator.list.company')}</th>
                  <th scope="col">{t('evaluator.list.category')}</th>
                  <th scope="col">{t('evaluator.list.status')}</th>
                  <th scope="col">{t('evaluator.list.due')}</th>
                  <th scope="col" className="num">
                    {t('evaluator.list.total')}
                  </th>
                  <th scope="col">
                    <span className="sr-only">{t('evaluator.list.open')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {page.items.map((sheet) => {
                  const overdue =
                    sheet.status === 'ASSIGNED' && sheet.dueAt && Date.parse(sheet.dueAt) < now;
                  return (
                    <tr key={sheet.id}>
                      <td>{sheet.application.title}</td>
                      <td>{sheet.application.companyName}</td>
                      <td>{t(`category.${sheet.application.category}`)}</td>
                      <td>
                        <StatusBadge status={sheet.status} />
                      </td>
                      <td>
                        {formatDate(sheet.dueAt, i18n.language)}
                        {overdue && <strong> ({t('evaluator.list.overdue')})</strong>}
                      </td>
                      <td className="num">{sheet.total ?? '—'}</td>
                      <td>
                        <Link
                          to={`/evaluator/assignments/${sheet.id}`}
                          aria-label={`${sheet.status === 'ASSIGNED' ? t('evaluator.list.open') : t('evaluator.list.view')}: ${sheet.application.title}`}
                        >
                          {sheet.status === 'ASSIGNED'
                            ? t('evaluator.list.open')
                            : t('evaluator.list.view')}
                        </Link>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </PagedView>
    </section>
  );
}
