import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { Role } from '@app/common';
import {
  approvedSupplier,
  openProgram,
  startTestApp,
  SupplierFixture,
  TEST_PASSWORD,
  TestApp,
  useOwnDatabase,
  validBrn,
  waitFor,
} from '@app/testing';
import { launchChromium } from '@app/testing/browser';
import { defaultWebDir } from '../apps/api/src/web';

/**
 * The web app in a real browser (Debian's Chromium through playwright-core) against the real
 * API on its own database: an applicant registers a company, writes and submits an application,
 * the supplier confirms the pre-agreement, an officer starts the evaluation and assigns, an
 * evaluator scores, and the officer ranks, previews, commits and sees the reserved budget move.
 * With SCREENSHOTS_DIR=docs/screenshots it also saves the pages shown in the README.
 */

type User = { id: string; email: string; token: string };
const bearer = (u: User) => ({ authorization: `Bearer ${u.token}` });
const SHOTS = process.env.SCREENSHOTS_DIR ? resolve(process.env.SCREENSHOTS_DIR) : null;
const won = (n: number) => `${new Intl.NumberFormat('ko-KR').format(n)}원`;

/**
 * Builds the web app (into WEB_DIST_DIR when set, as the API serves it from there) when it is
 * not built yet: a fresh clone running `npm test` directly.
 */
function ensureWebBuilt(): void {
  const dir = process.env.WEB_DIST_DIR ?? defaultWebDir();
  if (existsSync(resolve(dir, 'index.html'))) return;
  execFileSync('npm', ['run', 'build:web', '--silent', '--', '--outDir', dir], {
    stdio: 'inherit',
  });
}

describe('web app in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let officer: User;
  let evaluator: User;
  let applicant: User;
  let supplier: SupplierFixture;
  let program: { id: string; name: string };
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    ensureWebBuilt();
    await useOwnDatabase('web');
    t = await startTestApp();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as { port: number }).port}`;
    browser = await launchChromium();

    officer = await t.userWithToken(Role.OFFICER, 'officer');
    evaluator = await t.userWithToken(Role.EVALUATOR, '평가위원');
    applicant = await t.userWithToken(Role.APPLICANT, 'applicant');
    supplier = await approvedSupplier(t, officer.token);
    const created = await openProgram(t, officer.token, (rules) => {
      rules.evaluation.evaluatorsPerApplication = 1;
    });
    const fetched = await t.http.get(`/api/programs/${created.id}`);
    program = { id: created.id, name: fetched.body.name as string };
    const pool = await t.http
      .post(`/api/programs/${program.id}/evaluators`)
      .set(bearer(officer))
      .send({ evaluatorIds: [evaluator.id] });
    expect(pool.status).toBeLessThan(300);
    if (SHOTS) mkdirSync(SHOTS, { recursive: true });
  }, 240_000);

  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await t?.close();
  });

  /** A fresh browser profile in Korean, signed in through the login form. */
  async function signIn(user: User): Promise<Page> {
    const context = await browser.newContext({
      locale: 'ko-KR',
      viewport: { width: 1280, height: 900 },
    });
    contexts.push(context);
    const page = await context.newPage();
    page.on('dialog', (dialog) => void dialog.accept());
    await page.goto(`${base}/login`);
    await page.getByLabel('이메일').fill(user.email);
    await page.getByLabel('비밀번호').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: '로그인' }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    return page;
  }

  async function shot(page: Page, name: string): Promise<void> {
    if (SHOTS) await page.screenshot({ path: resolve(SHOTS, `${name}.png`), fullPage: true });
  }

  let applicationId: string;
  let grantKrw: number;
  const title = '스마트팜 수확량 예측 AI 데이터 가공';

  it('serves the app at / and on deep links, and leaves unknown API paths to the API', async () => {
    const page = await (await browser.newContext({ locale: 'ko-KR' })).newPage();
    contexts.push(page.context());
    await page.goto(`${base}/officer/programs`);
    // Not signed in: the app itself (not a 404) sends the visitor to the login form.
    await page.waitForURL(`${base}/login`);
    await expectVisible(page.getByRole('heading', { name: '데이터바우처 로그인' }));
    await shot(page, '01-login');
    const api = await page.request.get(`${base}/api/nope`);
    expect(api.status()).toBe(404);
    expect((await api.json()).code).toBe('NOT_FOUND');
  });

  it('refuses a wrong password with the API reason on the form', async () => {
    const page = await (await browser.newContext({ locale: 'ko-KR' })).newPage();
    contexts.push(page.context());
    await page.goto(`${base}/login`);
    await page.getByLabel('이메일').fill(applicant.email);
    await page.getByLabel('비밀번호').fill('not-the-password');
    await page.getByRole('button', { name: '로그인' }).click();
    await expectVisible(
      page.getByRole('alert').getByText('이메일 또는 비밀번호가 올바르지 않습니다.'),
    );
  });

  it('an applicant registers a company, drafts with autosave and submits', async () => {
    const page = await signIn(applicant);
    await page.goto(`${base}/applicant/company`);
    await page.getByLabel('사업자등록번호').fill(validBrn());
    await page.getByLabel('기업명').fill('(주)스마트팜데이터');
    await page.getByLabel('기업 유형').selectOption('SME');
    await page.getByLabel('소재지 (시·도)').selectOption('JEONBUK');
    await page.getByLabel('대표자명').fill('김데이터');
    await page.getByLabel('대표자 생년월일').fill('1985-04-01');
    await page.getByLabel('업종').fill('스마트팜');
    await page.getByRole('button', { name: '기업 등록' }).click();
    await expectVisible(page.getByText('기업 정보를 등록했습니다.'));

    await page.goto(`${base}/applicant/applications/new`);
    await page.getByLabel('사업', { exact: true }).selectOption({ label: program.name });
    await page.getByLabel('바우처 유형').selectOption('AI_PROCESSING');
    await page.getByLabel('공급기업').selectOption(supplier.id);
    await page.getByLabel('공급 서비스').selectOption(supplier.offerings.AI_PROCESSING);
    await page.getByLabel('신청 과제명').fill(title);
    await page.getByLabel(/총 사업비/).fill('80,000,000');
    await page.getByRole('button', { name: '신청서 만들기' }).click();
    await page.waitForURL(/\/applicant\/applications\/[0-9a-f-]{36}$/);
    applicationId = page.url().split('/').pop()!;

    await page.getByLabel('추진 배경').fill('농가 생산 데이터가 흩어져 있다.');
    await page.getByLabel('추진 목표').fill('수확량 예측 모델을 만든다.');
    await page.getByLabel('데이터 활용 계획').fill('기상·토양 데이터를 가공한다.');
    await page.getByLabel('기대 효과').fill('출하 손실 15% 감소.');
    await expectVisible(page.getByRole('status').getByText(/저장됨/));
    // The autosave reached the API: the draft holds what was typed.
    const draft = await waitFor(
      'the autosaved plan',
      () => t.http.get(`/api/applications/${applicationId}`).set(bearer(applicant)),
      (res) => res.body.plan?.expectedOutcome === '출하 손실 15% 감소.',
    );
    grantKrw = draft.body.requestedSupportKrw as number;
    expect(grantKrw).toBeGreaterThan(0);
    // The state support the API computed is on the page as the applicant typed.
    await expectVisible(page.getByText(won(grantKrw)).first());
    await shot(page, '03-applicant-draft');

    // The supplier confirms the pre-agreement in its own browser.
    const sup = await signIn(supplier.owner);
    await sup.goto(`${base}/supplier/applications/${applicationId}`);
    await sup.getByRole('button', { name: '사전협의 확인' }).click();
    await expectVisible(sup.getByText('사전협의를 확인했습니다.'));
    await shot(sup, '04-supplier-application');

    await page.reload();
    await page.getByRole('button', { name: '신청서 제출' }).click();
    await expectVisible(page.getByText('모든 자격 요건을 충족합니다.'));
    await shot(page, '05-applicant-eligible');
    const submitted = await t.http.get(`/api/applications/${applicationId}`).set(bearer(applicant));
    expect(submitted.body.status).toBe('ELIGIBLE');
  });

  it('the officer closes the window, starts the evaluation and assigns evaluators', async () => {
    const page = await signIn(officer);
    await page.goto(`${base}/officer/programs/${program.id}/evaluation`);
    await page.getByRole('button', { name: '접수 마감' }).click();
    await page.getByRole('button', { name: '마감하기' }).click();
    await page.getByRole('button', { name: '평가 시작', exact: true }).click();
    await page.getByRole('button', { name: '평가 시작하기' }).click();
    await page.getByRole('button', { name: '평가위원 자동 배정' }).click();
    await waitFor(
      'one sheet for the evaluator',
      () => t.http.get(`/api/applications/${applicationId}/assignments`).set(bearer(officer)),
      (res) => res.body.length === 1 && res.body[0].evaluatorId === evaluator.id,
    );
    await shot(page, '06-officer-evaluation');
  });

  it('the evaluator sees only the assigned sheet, scores it and submits', async () => {
    const page = await signIn(evaluator);
    await expectVisible(page.getByRole('cell', { name: title, exact: true }));
    await page.getByRole('link', { name: `평가하기: ${title}` }).click();
    const scores: Record<string, string> = {
      '데이터 활용 필요성 (최대 25점)': '22',
      '활용 계획의 구체성 (최대 30점)': '27.5',
      '추진 역량 (최대 25점)': '20',
      '기대 효과 (최대 20점)': '18',
    };
    for (const [label, value] of Object.entries(scores)) await page.getByLabel(label).fill(value);
    await expectVisible(page.getByText('합계: 87.5 / 100점'));
    await shot(page, '07-evaluator-sheet');
    await page.getByRole('button', { name: '평가 제출' }).click();
    await expectVisible(page.getByText('제출된 평가표입니다. 수정할 수 없습니다.'));
    expect(await page.getByLabel('데이터 활용 필요성 (최대 25점)').isDisabled()).toBe(true);
    const sheet = await t.http.get(`/api/evaluations/mine`).set(bearer(evaluator));
    expect(
      sheet.body.items.map((s: { status: string; total: number }) => [s.status, s.total]),
    ).toEqual([['SUBMITTED', 87.5]]);
  });

  it('the officer ranks, previews, commits and sees the reserved budget move', async () => {
    const page = await signIn(officer);
    await page.goto(`${base}/officer/programs/${program.id}`);
    const reserved = page.getByRole('group', { name: '예약 금액', exact: true });
    await expectVisible(reserved.getByText(won(0)).first());

    await page.goto(`${base}/officer/programs/${program.id}/evaluation`);
    await page.getByRole('button', { name: '순위 산정' }).click();
    await expectVisible(page.getByText('1건 순위 산정, 평가 미완료 0건', { exact: false }));
    await expectVisible(page.getByRole('row', { name: new RegExp(title) }).first());

    await page.goto(`${base}/officer/programs/${program.id}/selection`);
    await page.getByRole('button', { name: '선정 미리보기' }).click();
    await page.waitForURL(/\/selection\/[0-9a-f-]{36}$/);
    await page.getByRole('button', { name: '선정 확정' }).click();
    await page.getByRole('button', { name: '확정하기' }).click();
    await waitFor(
      'the application selected',
      () => t.http.get(`/api/applications/${applicationId}`).set(bearer(officer)),
      (res) => res.body.status === 'SELECTED',
    );
    await shot(page, '08-officer-selection');

    await page.goto(`${base}/officer/programs/${program.id}`);
    await expectVisible(reserved.getByText(won(grantKrw)).first());
    await shot(page, '02-officer-dashboard');
    const budget = await t.http.get(`/api/programs/${program.id}/budget`).set(bearer(officer));
    expect(JSON.stringify(budget.body)).toContain(String(grantKrw));
  });

  it('the officer finds the award in the award list and opens its payment history', async () => {
    const page = await signIn(officer);
    await page.goto(`${base}/officer/programs/${program.id}/awards`);
    await expectVisible(page.getByRole('button', { name: '선정 (1)' }));
    const row = page.getByRole('row', { name: new RegExp(title) }).first();
    await expectVisible(row);
    await row.getByRole('button', { name: /^지급 내역/ }).click();
    await expectVisible(page.getByText('아직 지급이나 환수가 없습니다.'));
  });

  it('the supplier sees the award, its grant and what is still payable on its payments page', async () => {
    const page = await signIn(supplier.owner);
    await page.goto(`${base}/supplier/payments`);
    const row = page.getByRole('row', { name: new RegExp(title) }).first();
    await expectVisible(row);
    // Grant and still payable: nothing is paid yet.
    expect(await row.getByText(won(grantKrw), { exact: true }).count()).toBe(2);
  });

  it('the applicant sees the selection, and the UI switches to English', async () => {
    const page = await signIn(applicant);
    await page.goto(`${base}/applicant/applications/${applicationId}`);
    await expectVisible(page.getByText('선정').first());
    await expectVisible(page.getByRole('heading', { name: '지급·환수 내역' }));
    await page.getByRole('button', { name: '언어를 영어로 바꾸기' }).click();
    await expectVisible(page.getByRole('button', { name: 'Sign out' }));
    await expectVisible(page.getByText('Selected').first());
    await shot(page, '09-applicant-selected-en');
  });

  it('the applicant declines the award in its award panel, after confirming, and the money is released', async () => {
    const page = await signIn(applicant);
    await page.goto(`${base}/applicant/applications/${applicationId}`);
    const decline = page.getByRole('button', { name: '선정 포기', exact: true });
    // Nothing to send without a reason.
    expect(await decline.isDisabled()).toBe(true);
    await page.getByLabel('포기 사유').fill('자체 예산으로 사업을 수행하기로 함');
    await decline.click();
    // A confirmation first, naming the money that is released.
    await expectVisible(page.getByText(`지원금 ${won(grantKrw)}의 예약이 해제되고`));
    await page.getByRole('button', { name: '포기 확인' }).click();
    await expectVisible(page.getByText('선정을 포기했습니다. 예약된 지원금이 해제되었습니다.'));
    await expectVisible(
      page.getByText('declined by the applicant: 자체 예산으로 사업을 수행하기로 함'),
    );
    expect(await page.getByRole('button', { name: '선정 포기', exact: true }).count()).toBe(0);
    const award = await t.http
      .get(`/api/applications/${applicationId}/award`)
      .set(bearer(applicant));
    expect(award.body).toMatchObject({ status: 'CANCELLED' });
    const budget = await t.http.get(`/api/programs/${program.id}/budget`).set(bearer(officer));
    expect(budget.body.reservedKrw).toBe(0);
  });
});

/** Waits (up to 15 s) for a locator to be visible; fails with what was expected. */
async function expectVisible(locator: ReturnType<Page['locator']>): Promise<void> {
  await locator.waitFor({ state: 'visible', timeout: 15_000 });
}
