import {
  audienceOf,
  deliveryKey,
  formatKrw,
  NOTIFIED_EVENTS,
  recipientChannels,
  renderMessage,
  renderMessages,
} from './notification-template.policy';

describe('notification templates', () => {
  it('writes Korean and English with the facts that matter', () => {
    const payload = {
      title: '스마트팜 AI',
      category: 'AI_PROCESSING',
      requestedSupportKrw: 64_000_000,
      failures: [{ code: 'WINDOW_CLOSED', reason: 'outside the window' }],
    };
    expect(renderMessage('application.submitted', 'ko', payload)?.body).toContain('64,000,000원');
    expect(renderMessage('application.submitted', 'ko', payload)?.body).toContain('AI가공');
    expect(renderMessage('application.submitted', 'en', payload)?.body).toContain('KRW 64,000,000');
    expect(renderMessage('application.ineligible', 'en', payload)?.body).toContain(
      '[WINDOW_CLOSED] outside the window',
    );
    expect(renderMessage('application.ineligible', 'ko', payload)?.subject).toContain('미충족');
  });

  it('tells a waiter where it moved on the waitlist', () => {
    const payload = {
      title: '스마트팜 AI',
      category: 'PURCHASE',
      position: 3,
      previousPosition: 4,
    };
    expect(renderMessage('award.waitlist_moved', 'ko', payload)).toEqual({
      subject: '[데이터 바우처] 예비 3순위가 되었습니다: 스마트팜 AI',
      body: '"스마트팜 AI"(데이터 구매)의 예비 순위가 4순위에서 3순위로 올랐습니다. 선정이 취소되거나 포기된 자리는 예비 순위대로 채워집니다.',
    });
    expect(renderMessage('award.waitlist_moved', 'en', payload)?.subject).toBe(
      '[Data Voucher] Now #3 on the waitlist: 스마트팜 AI',
    );
    expect(renderMessage('award.waitlist_moved', 'en', payload)?.body).toContain('from #4 to #3');
  });

  it('tells the supplier, the company and officers that a company declined its award', () => {
    const payload = {
      title: '스마트팜 AI',
      category: 'AI_PROCESSING',
      amountKrw: 64_000_000,
      reason: '자체 예산으로 수행',
      recipients: ['company-user', 'supplier-user'],
    };
    expect(renderMessage('award.declined', 'ko', payload)?.body).toContain('64,000,000원');
    expect(renderMessage('award.declined', 'en', payload)?.body).toContain(
      'Reason: 자체 예산으로 수행',
    );
    expect(audienceOf('award.declined', payload)).toEqual({
      userIds: ['company-user', 'supplier-user'],
      roles: ['OFFICER'],
    });
  });

  it('tells the company and its supplier why an award was cancelled, officers not (they did it)', () => {
    const payload = {
      title: '스마트팜 AI',
      category: 'AI_PROCESSING',
      amountKrw: 64_000_000,
      reason: 'agreement deadline missed',
      recipients: ['company-user', 'supplier-user'],
    };
    const ko = renderMessage('award.cancelled', 'ko', payload)!;
    expect(ko.subject).toBe('[데이터 바우처] 선정이 취소되었습니다: 스마트팜 AI');
    expect(ko.body).toContain('사유: agreement deadline missed');
    expect(ko.body).toContain('64,000,000원');
    expect(renderMessage('award.cancelled', 'en', payload)?.body).toContain(
      'was cancelled. Reason: agreement deadline missed. The reserved',
    );
    expect(audienceOf('award.cancelled', payload)).toEqual({
      userIds: ['company-user', 'supplier-user'],
      roles: [],
    });
  });

  it('shows deadlines in Korea time', () => {
    const body = renderMessage('award.selected', 'en', {
      title: 't',
      deadline: '2021-06-30T09:00:00Z',
      amountKrw: 1,
    })?.body;
    expect(body).toContain('2021-06-30 18:00 KST');
  });

  it('has both languages for every event and nothing for events that notify nobody', () => {
    for (const type of NOTIFIED_EVENTS) {
      for (const locale of ['ko', 'en'] as const) {
        const msg = renderMessage(type, locale, {});
        expect(msg?.subject.length).toBeGreaterThan(0);
        expect(msg?.body.length).toBeGreaterThan(0);
      }
    }
    expect(renderMessage('program.status_changed', 'ko', {})).toBeNull();
  });

  it('renders both languages at once, the same as one by one', () => {
    const payload = { name: '한빛데이터', reason: 'late' };
    expect(renderMessages('supplier.rejected', payload)).toEqual({
      ko: renderMessage('supplier.rejected', 'ko', payload),
      en: renderMessage('supplier.rejected', 'en', payload),
    });
    expect(renderMessages('program.status_changed', payload)).toBeNull();
  });

  it('sends in-app always and e-mail only when it is on', () => {
    expect(recipientChannels({ email: false })).toEqual(['IN_APP']);
    expect(recipientChannels({ email: true })).toEqual(['IN_APP', 'EMAIL']);
  });

  it('formats money as whole won', () => {
    expect(formatKrw(123_000_000_000, 'ko')).toBe('123,000,000,000원');
    expect(formatKrw('nope', 'en')).toBe('-');
  });

  it('finds named recipients once and role audiences by event', () => {
    expect(audienceOf('application.submitted', { recipients: ['u1', 'u1', 7, 'u2'] })).toEqual({
      userIds: ['u1', 'u2'],
      roles: [],
    });
    expect(audienceOf('supplier.registered', {})).toEqual({ userIds: [], roles: ['OFFICER'] });
  });

  it('gives one delivery key per event, recipient, channel and endpoint', () => {
    expect(deliveryKey(5, 'u', 'EMAIL')).toBe('5:u:EMAIL:');
    expect(deliveryKey(5, 'u', 'WEBHOOK', 'e1')).not.toBe(deliveryKey(5, 'u', 'WEBHOOK', 'e2'));
  });
});
