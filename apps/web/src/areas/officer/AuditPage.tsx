import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, type Page } from '../../api/client';
import { SelectField, TextField } from '../../components/Field';
import { PagedView, PageTitle } from '../../components/ui';
import { formatDate } from '../../lib/format';
import { useUrlFilters } from '../../lib/useUrlFilters';
import { JsonDetails } from './components';
import { OFFICER, useCode } from './lib';
import type { AuditEntry } from './types';

const LIMIT = 25;
/** Entity names the services write (libs/domain/src/*\/*.service.ts). */
const ENTITIES = [
  'program',
  'budget',
  'supplier',
  'company',
  'application',
  'assignment',
  'evaluator',
  'selection_run',
  'award',
  'notification',
  'user',
  'webhook',
] as const;

/** The append-only audit trail: who changed what, when, before and after. */
export function AuditPage() {
  const { t, i18n } = useTranslation();
  const code = useCode();
  const { params, offset, set } = useUrlFilters();
  const entity = params.get('entity') ?? '';
  const id = params.get('id') ?? '';
  const [idText, setIdText] = useState(id);
  const audit = useQuery({
    queryKey: [OFFICER, 'audit', entity, id, offset],
    queryFn: () => api.get<Page<AuditEntry>>('/api/audit', { entity, id, limit: LIMIT, offset }),
  });
  return (
    <section>
      <PageTitle>{t('officer.audit.title')}</PageTitle>
      <form
        className="filters"
        role="search"
        aria-label={t('officer.audit.filters')}
        onSubmit={(e) => {
          e.preventDefault();
          set({ id: idText.trim() });
        }}
      >
        <SelectField
          label={t('officer.audit.entity')}
          value={entity}
          onChange={(e) => set({ entity: e.target.value })}
          options={[
            { value: '', label: t('officer.common.all') },
            ...ENTITIES.map((e) => ({ value: e, label: code('officer.audit.entities', e) })),
          ]}
        />
        <TextField
          label={t('officer.audit.entityId')}
          value={idText}
          onChange={(e) => setIdText(e.target.value)}
          maxLength={64}
        />
        <button type="submit">{t('action.filter')}</button>
      </form>
      <PagedView
        query={audit}
        limit={LIMIT}
        offset={offset}
        onOffset={(o) => set({ offset: String(o) })}
        empty={t('officer.audit.none')}
      >
        {(page) => (
          <div className="table-wrap">
            <table>
              <caption>{t('officer.audit.caption', { n: page.total })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('officer.audit.at')}</th>
                  <th scope="col">{t('officer.audit.entity')}</th>
                  <th scope="col">{t('officer.audit.action')}</th>
                  <th scope="col">{t('officer.audit.actor')}</th>
                  <th scope="col">{t('officer.audit.before')}</th>
                  <th scope="col">{t('officer.audit.after')}</th>
                  <th scope="col">{t('officer.audit.requestId')}</th>
                </tr>
              </thead>
              <tbody>
                {page.items.map((e) => (
                  <tr key={e.id}>
                    <td>{formatDate(e.at, i18n.language)}</td>
                    <td>
                      {code('officer.audit.entities', e.entity)}
                      <br />
                      <button
                        type="button"
                        className="link-button"
                        onClick={() => {
                          setIdText(e.entityId);
                          set({ entity: e.entity, id: e.entityId });
                        }}
                      >
                        <code>{e.entityId.slice(0, 13)}</code>
                        <span className="sr-only"> {t('officer.audit.showOnly')}</span>
                      </button>
                    </td>
                    <th scope="row">
                      <code>{e.action}</code>
                    </th>
                    <td>
                      {e.actorRole ? code('role', e.actorRole) : t('officer.audit.system')}
                      {e.actorId && (
                        <>
                          <br />
                          <small className="hint">{e.actorId.slice(0, 8)}</small>
                        </>
                      )}
                    </td>
                    <td>
                      <JsonDetails summary={t('officer.audit.show')} value={e.before} />
                    </td>
                    <td>
                      <JsonDetails summary={t('officer.audit.show')} value={e.after} />
                    </td>
                    <td>
                      <small>
                        <code>{e.requestId ?? '—'}</code>
                      </small>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </PagedView>
    </section>
  );
}
