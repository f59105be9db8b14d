import { randomUUID } from 'node:crypto';
import { Role } from '@app/common';
import { brnCheckDigit, ProgramRules } from '@app/domain';
import { seedRules } from './rules';
import { TestApp } from './test-app';

/** A random business registration number with a valid check digit. */
export function validBrn(): string {
  const first9 = Array.from({ length: 9 }, (_, i) =>
    i === 0 ? 1 + Math.floor(Math.random() * 9) : Math.floor(Math.random() * 10),
  ).join('');
  return `${first9}${brnCheckDigit(first9)}`;
}

const auth = (token: string) => ({ authorization: `Bearer ${token}` });

/** A 2021-rules program whose application window includes now, opened for applications. */
export async function openProgram(
  t: TestApp,
  officerToken: string,
  adjust: (r: ProgramRules) => void = () => undefined,
) {
  const rules = seedRules(2021);
  rules.window = {
    opensAt: new Date(Date.now() - 86_400_000).toISOString(),
    closesAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
  };
  delete rules.evaluation.dueAt;
  adjust(rules);
  const created = await t.http
    .post('/api/programs')
    .set(auth(officerToken))
    .send({ year: 2021, name: `program-${randomUUID()}`, rules });
  if (created.status !== 201)
    throw new Error(`program: ${created.status} ${JSON.stringify(created.body)}`);
  const opened = await t.http.post(`/api/programs/${created.body.id}/open`).set(auth(officerToken));
  if (opened.status !== 200)
    throw new Error(`open: ${opened.status} ${JSON.stringify(opened.body)}`);
  return created.body as { id: string };
}

export interface SupplierFixture {
  id: string;
  owner: { id: string; email: string; token: string };
  representative: string;
  offerings: Record<'PURCHASE' | 'GENERAL_PROCESSING' | 'AI_PROCESSING', string>;
}

/** A supplier user with an approved supplier offering all three categories. */
export async function approvedSupplier(
  t: TestApp,
  officerToken: string,
  existingOwner?: SupplierFixture['owner'],
): Promise<SupplierFixture> {
  const owner = existingOwner ?? (await t.userWithToken(Role.SUPPLIER));
  const representative = `대표 ${randomUUID().slice(0, 6)}`;
  const res = await t.http
    .post('/api/suppliers')
    .set(auth(owner.token))
    .send({
      businessRegistrationNumber: validBrn(),
      name: `공급기업 ${randomUUID().slice(0, 6)}`,
      representative,
      contactEmail: owner.email,
      crowdsourcing: true,
      crowdsourcingEvidence: '크라우드소싱 플랫폼 운영 (작업자 1,200명)',
      offerings: [
        {
          category: 'PURCHASE',
          title: '기상 데이터',
          description: '전국 기상 관측 데이터',
          indicativePriceKrw: 10_000_000,
        },
        {
          category: 'GENERAL_PROCESSING',
          title: '데이터 정제',
          description: '정제·가공',
          indicativePriceKrw: 40_000_000,
        },
        {
          category: 'AI_PROCESSING',
          title: 'AI 라벨링',
          description: '학습용 라벨링',
          indicativePriceKrw: 80_000_000,
        },
      ],
    });
  if (res.status !== 201) throw new Error(`supplier: ${res.status} ${JSON.stringify(res.body)}`);
  const approved = await t.http
    .post(`/api/suppliers/${res.body.id}/approve`)
    .set(auth(officerToken))
    .send({});
  if (approved.status !== 200)
    throw new Error(`approve: ${approved.status} ${JSON.stringify(approved.body)}`);
  const offerings = Object.fromEntries(
    (approved.body.offerings as Array<{ category: string; id: string }>).map((o) => [
      o.category,
      o.id,
    ]),
  ) as SupplierFixture['offerings'];
  return { id: res.body.id, owner, representative, offerings };
}

export async function createCompany(
  t: TestApp,
  applicantToken: string,
  overrides: Record<string, unknown> = {},
) {
  const res = await t.http
    .post('/api/companies')
    .set(auth(applicantToken))
    .send({
      businessRegistrationNumber: validBrn(),
      name: `(주)수요기업 ${randomUUID().slice(0, 6)}`,
      type: 'SME',
      region: 'JEONBUK',
      ceoName: `대표자 ${randomUUID().slice(0, 6)}`,
      ceoBirthDate: '1985-04-01',
      industry: '스마트팜',
      ...overrides,
    });
  if (res.status !== 201) throw new Error(`company: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; type: string; region: string };
}

/** A complete application body for a program, company and supplier. */
export function applicationBody(
  companyId: string,
  supplier: SupplierFixture,
  overrides: Record<string, unknown> = {},
) {
  return {
    companyId,
    category: 'AI_PROCESSING',
    track: 'GENERAL',
    supplierId: supplier.id,
    offeringId: supplier.offerings.AI_PROCESSING,
    title: '스마트팜 수확량 예측 AI 데이터 가공',
    plan: {
      background: '농가 생산 데이터가 흩어져 있다.',
      goals: '수확량 예측 모델을 만든다.',
      dataUsage: '기상·토양 데이터를 가공한다.',
      expectedOutcome: '출하 손실 15% 감소.',
    },
    agreedCostKrw: 80_000_000,
    ...overrides,
  };
}

/**
 * Like openProgram, but with the seeded rule set of the given year (window moved around now,
 * evaluation due date dropped); returns the program as the API stored it, rules included.
 */
export async function openProgramForYear(
  t: TestApp,
  officerToken: string,
  year: 2021 | 2023,
  adjust: (r: ProgramRules) => void = () => undefined,
) {
  const rules = seedRules(year);
  rules.window = {
    opensAt: new Date(Date.now() - 86_400_000).toISOString(),
    closesAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
  };
  delete rules.evaluation.dueAt;
  adjust(rules);
  const created = await t.http
    .post('/api/programs')
    .set(auth(officerToken))
    .send({ year, name: `program-${year}-${randomUUID()}`, rules });
  if (created.status !== 201)
    throw new Error(`program: ${created.status} ${JSON.stringify(created.body)}`);
  const opened = await t.http.post(`/api/programs/${created.body.id}/open`).set(auth(officerToken));
  if (opened.status !== 200)
    throw new Error(`open: ${opened.status} ${JSON.stringify(opened.body)}`);
  return opened.body as { id: string; status: string; rules: ProgramRules };
}
