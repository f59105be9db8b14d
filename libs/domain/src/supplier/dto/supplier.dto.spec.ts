import { ArgumentMetadata } from '@nestjs/common';
import { createValidationPipe, DomainError, FieldError } from '@app/common';
import {
  CreateSupplierDto,
  OfferingDto,
  ReasonDto,
  SupplierQueryDto,
  UpdateSupplierDto,
} from './supplier.dto';

/** The application's own pipe, so that these are the errors a client gets. */
const pipe = createValidationPipe();

async function parse<T>(
  metatype: new () => T,
  value: unknown,
  type: ArgumentMetadata['type'] = 'body',
) {
  try {
    return { value: (await pipe.transform(value, { type, metatype })) as T, fields: [] };
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    expect(error.code).toBe('VALIDATION_FAILED');
    return { value: null, fields: (error.details as { fields: FieldError[] }).fields };
  }
}

const fieldNames = (fields: FieldError[]) => fields.map((f) => f.field);

const offering = (extra: Record<string, unknown> = {}) => ({
  category: 'AI_PROCESSING',
  title: '의료 영상 라벨링',
  description: 'CT 영상 세그멘테이션',
  indicativePriceKrw: 65_000_000,
  ...extra,
});

const supplier = (extra: Record<string, unknown> = {}) => ({
  businessRegistrationNumber: '124-81-00998',
  name: '(주)데이터가공',
  representative: '김데이터',
  contactEmail: ' Contact@Data.KR ',
  offerings: [offering()],
  ...extra,
});

describe('CreateSupplierDto', () => {
  it('accepts a minimal supplier, normalizing the BRN and e-mail, crowdsourcing false', async () => {
    const { value, fields } = await parse(CreateSupplierDto, supplier());
    expect(fields).toEqual([]);
    expect(value).toMatchObject({
      businessRegistrationNumber: '1248100998',
      contactEmail: 'contact@data.kr',
      crowdsourcing: false,
    });
    expect(value?.offerings[0]).toBeInstanceOf(OfferingDto);
    expect(value?.offerings[0].processingKind).toBeUndefined();
  });

  it.each([
    [
      'a wrong check digit',
      { businessRegistrationNumber: '124-81-00999' },
      ['businessRegistrationNumber'],
    ],
    ['a short BRN', { businessRegistrationNumber: '12481009' }, ['businessRegistrationNumber']],
    ['no offerings', { offerings: [] }, ['offerings']],
    ['51 offerings', { offerings: Array.from({ length: 51 }, () => offering()) }, ['offerings']],
    ['offerings not an array', { offerings: offering() }, ['offerings']],
    ['crowdsourcing without evidence', { crowdsourcing: true }, ['crowdsourcingEvidence']],
    [
      'crowdsourcing with blank evidence',
      { crowdsourcing: true, crowdsourcingEvidence: '  ' },
      ['crowdsourcingEvidence'],
    ],
    ['crowdsourcing null', { crowdsourcing: null }, ['crowdsourcing']],
    ['crowdsourcing as a string', { crowdsourcing: 'true' }, ['crowdsourcing']],
    ['an unknown field', { website: 'https://x.kr' }, ['website']],
    ['a bad e-mail', { contactEmail: 'nope' }, ['contactEmail']],
    ['a blank name', { name: '   ' }, ['name']],
    ['a bad phone', { contactPhone: 'call me' }, ['contactPhone']],
    [
      'a wrong category',
      { offerings: [offering({ category: 'RESEARCH' })] },
      ['offerings[0].category'],
    ],
    [
      'a wrong kind',
      { offerings: [offering({ processingKind: 'MAGIC' })] },
      ['offerings[0].processingKind'],
    ],
    [
      'a kind for PURCHASE',
      { offerings: [offering({ category: 'PURCHASE', processingKind: 'STANDARD' })] },
      ['offerings[0].processingKind'],
    ],
    [
      'NONE for processing',
      { offerings: [offering({ processingKind: 'NONE' })] },
      ['offerings[0].processingKind'],
    ],
    [
      'a negative price',
      { offerings: [offering({ indicativePriceKrw: -1 })] },
      ['offerings[0].indicativePriceKrw'],
    ],
    [
      'a fractional price',
      { offerings: [offering({ indicativePriceKrw: 1.5 })] },
      ['offerings[0].indicativePriceKrw'],
    ],
    [
      'a price as a string',
      { offerings: [offering({ indicativePriceKrw: '100' })] },
      ['offerings[0].indicativePriceKrw'],
    ],
    [
      'a price above 10^13',
      { offerings: [offering({ indicativePriceKrw: 10_000_000_000_001 })] },
      ['offerings[0].indicativePriceKrw'],
    ],
    [
      'a 201-char title',
      { offerings: [offering({ title: 'x'.repeat(201) })] },
      ['offerings[0].title'],
    ],
    [
      'an unknown offering field',
      { offerings: [offering(), offering({ discount: 5 })] },
      ['offerings[1].discount'],
    ],
  ])('refuses %s, naming the field', async (_label, extra, expected) => {
    const { value, fields } = await parse(CreateSupplierDto, supplier(extra));
    expect(value).toBeNull();
    expect(fieldNames(fields)).toEqual(expected);
    for (const f of fields) expect(f.reasons.length).toBeGreaterThan(0);
  });

  it('gives one clear reason for missing evidence', async () => {
    const { fields } = await parse(CreateSupplierDto, supplier({ crowdsourcing: true }));
    expect(fields).toEqual([
      {
        field: 'crowdsourcingEvidence',
        reasons: ['crowdsourcingEvidence is required when crowdsourcing is true'],
      },
    ]);
  });

  it('names the allowed kinds when the kind does not fit the category', async () => {
    const { fields } = await parse(
      CreateSupplierDto,
      supplier({
        offerings: [offering({ category: 'PURCHASE', processingKind: 'ANONYMIZATION' })],
      }),
    );
    expect(fields[0].reasons).toEqual(['processingKind must be one of NONE for category PURCHASE']);
  });

  it('accepts crowdsourcing with evidence, every processing kind that fits, and a price of 0 and 10^13', async () => {
    const { fields } = await parse(
      CreateSupplierDto,
      supplier({
        crowdsourcing: true,
        crowdsourcingEvidence: '플랫폼 계약서',
        contactPhone: '+82 2-1234-5678',
        offerings: [
          offering({ category: 'PURCHASE', processingKind: 'NONE', indicativePriceKrw: 0 }),
          offering({ category: 'GENERAL_PROCESSING', processingKind: 'PSEUDONYMIZATION' }),
          offering({ processingKind: 'ANONYMIZATION', indicativePriceKrw: 10_000_000_000_000 }),
        ],
      }),
    );
    expect(fields).toEqual([]);
  });
});

describe('UpdateSupplierDto', () => {
  it('lets null clear the phone and the evidence, but not the e-mail or the flag', async () => {
    expect(
      (await parse(UpdateSupplierDto, { contactPhone: null, crowdsourcingEvidence: null })).fields,
    ).toEqual([]);
    expect(fieldNames((await parse(UpdateSupplierDto, { contactEmail: null })).fields)).toEqual([
      'contactEmail',
    ]);
    expect(fieldNames((await parse(UpdateSupplierDto, { crowdsourcing: null })).fields)).toEqual([
      'crowdsourcing',
    ]);
  });

  it('refuses fields the owner may not change here', async () => {
    const { fields } = await parse(UpdateSupplierDto, { name: 'x', status: 'APPROVED' });
    expect(fieldNames(fields).sort()).toEqual(['name', 'status']);
  });
});

describe('ReasonDto and SupplierQueryDto', () => {
  it('needs a reason of 1 to 1000 characters', async () => {
    expect(fieldNames((await parse(ReasonDto, {})).fields)).toEqual(['reason']);
    expect(fieldNames((await parse(ReasonDto, { reason: ' ' })).fields)).toEqual(['reason']);
    expect(fieldNames((await parse(ReasonDto, { reason: 'x'.repeat(1001) })).fields)).toEqual([
      'reason',
    ]);
    expect((await parse(ReasonDto, { reason: ' 휴업 ' })).value).toEqual({ reason: '휴업' });
  });

  it('parses the query with its page defaults and refuses bad filters', async () => {
    const ok = await parse(SupplierQueryDto, { category: 'PURCHASE', q: ' 라벨 ' }, 'query');
    expect(ok.value).toMatchObject({ category: 'PURCHASE', q: '라벨', limit: 50, offset: 0 });
    const bad = await parse(
      SupplierQueryDto,
      { category: 'X', status: 'GONE', q: 'x'.repeat(101), limit: '0' },
      'query',
    );
    expect(fieldNames(bad.fields).sort()).toEqual(['category', 'limit', 'q', 'status']);
  });
});
