import { useState, type FormEvent } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api, type Page } from '../../api/client';
import { SelectField, TextField } from '../../components/Field';
import { Money, PagedView, PageTitle } from '../../components/ui';
import { keys } from './queries';
import { CATEGORIES, type SupplierEntry } from './types';
import './applicant.css';

const LIMIT = 20;

/** /applicant/suppliers: the catalogue of approved suppliers and their approved offerings. */
export function SupplierCatalogPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const category = params.get('category') ?? '';
  const q = params.get('q') ?? '';
  const offset = Number(params.get('offset') ?? 0) || 0;
  const [text, setText] = useState(q);

  const suppliers = useQuery({
    queryKey: [...keys.suppliers, 'catalogue', category, q, offset],
    queryFn: () =>
      api.get<Page<SupplierEntry>>('/api/suppliers', {
        category: category || undefined,
        q: q || undefined,
        limit: LIMIT,
        offset,
      }),
    placeholderData: keepPreviousData,
  });

  const update = (next: Record<string, string>) => {
    const merged = { category, q, ...next };
    setParams(Object.fromEntries(Object.entries(merged).filter(([, v]) => v)));
  };
  const onSearch = (e: FormEvent) => {
    e.preventDefault();
    update({ q: text.trim(), offset: '' });
  };

  return (
    <section>
      <PageTitle>{t('applicant.catalog.title')}</PageTitle>
      <p className="hint">{t('applicant.catalog.intro')}</p>
      <form className="filters" onSubmit={onSearch} role="search">
        <SelectField
          label={t('applicant.catalog.category')}
          value={category}
          onChange={(e) => update({ category: e.target.value, offset: '' })}
          options={[
            { value: '', label: t('applicant.catalog.allCategories') },
            ...CATEGORIES.map((c) => ({ value: c, label: t(`category.${c}`) })),
          ]}
        />
        <TextField
          label={t('applicant.catalog.search')}
          placeholder={t('applicant.catalog.searchHint')}
          value={text}
          onChange={(e) => setText(e.target.value)}
          type="search"
        />
        <button type="submit">{t('applicant.catalog.searchButton')}</button>
      </form>
      <PagedView
        query={suppliers}
        limit={LIMIT}
        offset={offset}
        onOffset={(o) => update({ offset: o ? String(o) : '' })}
        empty={t('applicant.catalog.none')}
      >
        {(page) => (
          <ul className="ap-cards">
            {page.items.map((s) => (
              <SupplierCard key={s.id} supplier={s} category={category} />
            ))}
          </ul>
        )}
      </PagedView>
    </section>
  );
}

function SupplierCard({ supplier, category }: { supplier: SupplierEntry; category: string }) {
  const { t } = useTranslation();
  const offerings = category
    ? supplier.offerings.filter((o) => o.category === category)
    : supplier.offerings;
  const headingId = `supplier-${supplier.id}`;
  return (
    <li className="card ap-section" aria-labelledby={headingId}>
      <h2 id={headingId} className="ap-card-title">
        {supplier.name}
      </h2>
      <dl className="ap-dl">
        <dt>{t('applicant.catalog.representative')}</dt>
        <dd>{supplier.representative}</dd>
        <dt>{t('applicant.catalog.contact')}</dt>
        <dd>
          <a href={`mailto:${supplier.contactEmail}`}>{supplier.contactEmail}</a>
          {supplier.contactPhone ? ` · ${supplier.contactPhone}` : ''}
        </dd>
        {supplier.crowdsourcing && (
          <>
            <dt>{t('applicant.catalog.crowdsourcing')}</dt>
            <dd>✓</dd>
          </>
        )}
      </dl>
      <div className="table-wrap">
        <table>
          <caption className="sr-only">
            {t('applicant.catalog.offerings', { name: supplier.name })}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t('applicant.catalog.category')}</th>
              <th scope="col">{t('applicant.create.offering')}</th>
              <th scope="col">{t('applicant.catalog.kind')}</th>
              <th scope="col" className="num">
                {t('applicant.catalog.price')}
              </th>
              <th scope="col">
                <span className="sr-only">{t('applicant.catalog.applyWith')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {offerings.map((o) => (
              <tr key={o.id}>
                <td>{t(`category.${o.category}`, { defaultValue: o.category })}</td>
                <td>
                  <strong>{o.title}</strong>
                  <div className="ap-pre">{o.description}</div>
                </td>
                <td>
                  {t(`processingKind.${o.processingKind}`, { defaultValue: o.processingKind })}
                </td>
                <td className="num">
                  <Money value={o.indicativePriceKrw} />
                </td>
                <td>
                  <Link
                    to={`/applicant/applications/new?category=${o.category}&supplierId=${supplier.id}&offeringId=${o.id}`}
                    aria-label={t('applicant.catalog.applyWithLabel', { title: o.title })}
                  >
                    {t('applicant.catalog.applyWith')}
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </li>
  );
}
