import { useTranslation } from 'react-i18next';
import { fieldReasons } from '../../components/ErrorBanner';
import { SelectField, TextArea, TextField } from '../../components/Field';
import { parseWon } from '../../lib/format';
import { CATEGORIES, KINDS_BY_CATEGORY, MAX_OFFERING_PRICE_KRW, type Category } from './types';

export interface OfferingForm {
  category: Category;
  processingKind: string;
  title: string;
  description: string;
  price: string;
}

/** The API's fields of an offering, all shown next to a control. */
export const OFFERING_FIELDS = [
  'category',
  'processingKind',
  'title',
  'description',
  'indicativePriceKrw',
];

export const EMPTY_OFFERING: OfferingForm = {
  category: 'PURCHASE',
  processingKind: 'NONE',
  title: '',
  description: '',
  price: '',
};

/**
 * The offering as the API takes it, and the reason the typed price cannot be sent (the request
 * still goes without it, so that the API reports every other field at once).
 */
export function offeringBody(form: OfferingForm): {
  body: Record<string, unknown>;
  priceProblem?: 'empty' | 'format' | 'range';
} {
  const price = parseWon(form.price, { min: 0, max: MAX_OFFERING_PRICE_KRW });
  return {
    body: {
      category: form.category,
      processingKind: form.processingKind,
      title: form.title,
      description: form.description,
      ...('value' in price ? { indicativePriceKrw: price.value } : {}),
    },
    priceProblem: 'problem' in price ? price.problem : undefined,
  };
}

/**
 * The fields of one offering. `prefix` is the API's path of the offering in the request
 * ("offerings[0]." at registration), so that its field reasons land next to the right control.
 */
export function OfferingFields({
  form,
  onChange,
  error,
  prefix = '',
  priceProblem,
}: {
  form: OfferingForm;
  onChange: (next: OfferingForm) => void;
  error: unknown;
  prefix?: string;
  priceProblem?: string;
}) {
  const { t } = useTranslation();
  const set = (key: keyof OfferingForm) => (e: { target: { value: string } }) => {
    const next = { ...form, [key]: e.target.value } as OfferingForm;
    if (key === 'category') {
      const kinds = KINDS_BY_CATEGORY[next.category];
      if (!kinds.includes(next.processingKind)) next.processingKind = kinds[0];
    }
    onChange(next);
  };
  const reasons = (field: string) => fieldReasons(error, `${prefix}${field}`);
  return (
    <>
      <div className="form-row">
        <SelectField
          label={t('supplier.offering.category')}
          value={form.category}
          onChange={set('category')}
          options={CATEGORIES.map((c) => ({ value: c, label: t(`category.${c}`) }))}
          errors={reasons('category')}
        />
        <SelectField
          label={t('supplier.offering.kind')}
          value={form.processingKind}
          onChange={set('processingKind')}
          options={KINDS_BY_CATEGORY[form.category].map((k) => ({
            value: k,
            label: t(`processingKind.${k}`),
          }))}
          errors={reasons('processingKind')}
        />
      </div>
      <TextField
        label={t('supplier.offering.name')}
        value={form.title}
        onChange={set('title')}
        maxLength={200}
        required
        errors={reasons('title')}
      />
      <TextArea
        label={t('supplier.offering.description')}
        value={form.description}
        onChange={set('description')}
        maxLength={5000}
        rows={3}
        required
        errors={reasons('description')}
      />
      <TextField
        label={t('supplier.offering.price')}
        hint={t('supplier.offering.priceHint')}
        value={form.price}
        onChange={set('price')}
        inputMode="numeric"
        required
        errors={priceProblem ? [priceProblem] : reasons('indicativePriceKrw')}
      />
    </>
  );
}

/** The translated reason a typed price is not a price. */
export function usePriceProblemText() {
  const { t } = useTranslation();
  return (problem: 'empty' | 'format' | 'range' | undefined) =>
    problem === 'empty'
      ? t('supplier.offering.priceEmpty')
      : problem === 'format'
        ? t('supplier.offering.priceFormat')
        : problem === 'range'
          ? t('supplier.offering.priceRange')
          : undefined;
}
