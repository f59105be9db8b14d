/**
 * What each event tells its recipient, in Korean and English, with the facts that matter
 * (program, category, amount, reason, deadline). Pure: rendering never touches I/O.
 */
export type Locale = 'ko' | 'en';

export interface RenderedMessage {
  subject: string;
  body: string;
}

type Payload = Record<string, unknown>;
type Template = Record<Locale, (p: Payload) => RenderedMessage>;

const str = (v: unknown, fallback = '-'): string =>
  v === undefined || v === null || v === '' ? fallback : String(v);

export function formatKrw(amount: unknown, locale: Locale): string {
  const n = typeof amount === 'number' ? amount : Number(amount);
  if (!Number.isFinite(n)) return '-';
  const digits = Math.trunc(n).toLocaleString('en-US');
  return locale === 'ko' ? `${digits}원` : `KRW ${digits}`;
}

function formatDate(value: unknown, locale: Locale): string {
  const t = Date.parse(String(value));
  if (Number.isNaN(t)) return '-';
  // Deadlines are Korean deadlines: show them in Korea time for everyone.
  const text = new Date(t + 9 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
  return locale === 'ko' ? `${text} (KST)` : `${text} KST`;
}

function reasons(p: Payload): string {
  const failures = Array.isArray(p.failures)
    ? (p.failures as Array<{ code?: string; reason?: string }>)
    : [];
  return failures.map((f) => `- [${str(f.code)}] ${str(f.reason)}`).join('\n');
}

const CATEGORY_NAMES: Record<string, Record<Locale, string>> = {
  PURCHASE: { ko: '데이터 구매', en: 'data purchase' },
  GENERAL_PROCESSING: { ko: '일반가공', en: 'general processing' },
  AI_PROCESSING: { ko: 'AI가공', en: 'AI processing' },
};
const category = (p: Payload, l: Locale) => CATEGORY_NAMES[str(p.category)]?.[l] ?? str(p.category);

const TEMPLATES: Record<string, Template> = {
  'application.submitted': {
    ko: (p) => ({
      subject: `[데이터 바우처] 신청서가 제출되었습니다: ${str(p.title)}`,
      body: `신청서 "${str(p.title)}"(${category(p, 'ko')})가 제출되었습니다. 신청 지원금: ${formatKrw(p.requestedSupportKrw, 'ko')}.`,
    }),
    en: (p) => ({
      subject: `[Data Voucher] Application submitted: ${str(p.title)}`,
      body: `Your application "${str(p.title)}" (${category(p, 'en')}) was submitted. Requested support: ${formatKrw(p.requestedSupportKrw, 'en')}.`,
    }),
  },
  'application.confirmation_requested': {
    ko: (p) => ({
      subject: `[데이터 바우처] 사전협의 확인 요청: ${str(p.title)}`,
      body: `수요기업이 귀사를 공급기업으로 하여 "${str(p.title)}" 신청서를 제출했습니다. 사전협의 내용을 확인해 주세요.`,
    }),
    en: (p) => ({
      subject: `[Data Voucher] Please confirm the pre-agreement: ${str(p.title)}`,
      body: `A company submitted "${str(p.title)}" naming you as its supplier. Please confirm the pre-agreement.`,
    }),
  },
  'application.confirmed': {
    ko: (p) => ({
      subject: `[데이터 바우처] 공급기업이 사전협의를 확인했습니다: ${str(p.title)}`,
      body: `공급기업이 "${str(p.title)}"의 사전협의를 확인했습니다.`,
    }),
    en: (p) => ({
      subject: `[Data Voucher] Supplier confirmed the pre-agreement: ${str(p.title)}`,
      body: `The supplier confirmed the pre-agreement of "${str(p.title)}".`,
    }),
  },
  'application.eligible': {
    ko: (p) => ({
      subject: `[데이터 바우처] 신청 자격 요건을 충족했습니다: ${str(p.title)}`,
      body: `"${str(p.title)}" 신청서가 자격 검토를 통과하여 평가 대상이 되었습니다.`,
    }),
    en: (p) => ({
      subject: `[Data Voucher] Your application is eligible: ${str(p.title)}`,
      body: `"${str(p.title)}" passed the eligibility check and goes to evaluation.`,
    }),
  },
  'application.ineligible': {
    ko: (p) => ({
      subject: `[데이터 바우처] 신청 자격 요건 미충족: ${str(p.title)}`,
      body: `"${str(p.title)}" 신청서가 다음 사유로 자격 요건을 충족하지 못했습니다:\n${reasons(p)}`,
    }),
    en: (p) => ({
      subject: `[Data Voucher] Your application is not eligible: ${str(p.title)}`,
      body: `"${str(p.title)}" did not pass the eligibility check, for these reasons:\n${reasons(p)}`,
    }),
  },
  'application.withdrawn': {
    ko: (p) => ({
      subject: `[데이터 바우처] 신청이 철회되었습니다: ${str(p.title)}`,
      body: `"${str(p.title)}" 신청이 철회되었습니다.`,
    }),
    en: (p) => ({
      subject: `[Data Voucher] Application withdrawn: ${str(p.title)}`,
      body: `"${str(p.title)}" was withdrawn.`,
    }),
  },
  'supplier.registered': {
    ko: (p) => ({
      subject: `[데이터 바우처] 공급기업 등록 심사 요청: ${str(p.name)}`,
      body: `공급기업 ${str(p.name)}이(가) 등록을 신청했습니다. 심사해 주세요.`,
    }),
    en: (p) => ({
      subject: `[Data Voucher] Supplier awaiting review: ${str(p.name)}`,
      body: `Supplier ${str(p.name)} registered and awaits review.`,
    }),
  },
  'supplier.approved': {
    ko: (p) => ({
      subject: `[데이터 바우처] 공급기업으로 승인되었습니다`,
      body: `${str(p.name)}이(가) 데이터 바우처 공급기업으로 승인되었습니다.`,
    }),
    en: (p) => ({
      subject: `[Data Voucher] Supplier approved`,
      body: `${str(p.name)} was approved as a data voucher supplier.`,
    }),
  },
  'supplier.rejected': {
    ko: (p) => ({
      subject: `[데이터 바우처] 공급기업 등록이 반려되었습니다`,
      body: `${str(p.name)}의 등록이 반려되었습니다. 사유: ${str(p.reason)}`,
    }),
    en: (p) => ({
      subject: `[Data Voucher] Supplier registration rejected`,
      body: `The registration of ${str(p.name)} was rejected. Reason: ${str(p.reason)}`,
    }),
  },
  'supplier.suspended': {
    ko: (p) => ({
      subject: `[데이터 바우처] 공급기업 지정이 취소되었습니다`,
      body: `${str(p.name)}의 공급기업 지정이 취소되었습니다. 사유: ${str(p.reason)}`,
    }),
    en: (p) => ({
      subject: `[Data Voucher] Supplier designation cancelled`,
      body: `The designation of ${str(p.name)} was cancelled. Reason: ${str(p.reason)}`,
    }),
  },
  'evaluation.assigned': {
    ko: (p) => ({
      subject: `[데이터 바우처] 평가가 배정되었습니다`,
      body: `"${str(p.title)}" 신청서의 평가가 배정되었습니다. 마감: ${formatDate(p.dueAt, 'ko')}`,
    }),
    en: (p) => ({
      subject: `[Data Voucher] Evaluation assigned`,
      body: `You were assigned to evaluate "${str(p.title)}". Due: ${formatDate(p.dueAt, 'en')}`,
    }),
  },
  'evaluation.due': {
    ko: (p) => ({
      subject: `[데이터 바우처] 평가 마감 안내`,
      body: `제출하지 않은 평가표가 ${str(p.openSheets)}건 있습니다. 마감: ${formatDate(p.dueAt, 'ko')}`,
    }),
    en: (p) => ({
      subject: `[Data Voucher] Evaluation due`,
      body: `You have ${str(p.openSheets)} open score sheet(s). Due: ${formatDate(p.dueAt, 'en')}`,
    }),
  },
  'award.selected': {
    ko: (p) => ({
      subject: `[데이터 바우처] 선정되었습니다: ${str(p.title)}`,
      body: `"${str(p.title)}"이(가) ${category(p, 'ko')} 부문에 선정되었습니다. 지원금: ${formatKrw(p.amountKrw, 'ko')}. 협약 기한: ${formatDate(p.deadline, 'ko')}`,
    }),
    en: (p) => ({
      subject: `[Data Voucher] Selected: ${str(p.title)}`,
      body: `"${str(p.title)}" was selected in ${category(p, 'en')}. Support: ${formatKrw(p.amountKrw, 'en')}. Agreement due: ${formatDate(p.deadline, 'en')}`,
    }),
  },
  'award.waitlisted': {
    ko: (p) => ({
      subject: `[데이터 바우처] 예비 선정(대기): ${str(p.title)}`,
      body: `"${str(p.title)}"이(가) 대기 ${str(p.position)}순위입니다. 사유: ${str(p.reason)}`,
    }),
    en: (p) => ({
      subject: `[Data Voucher] Waitlisted: ${str(p.title)}`,
      body: `"${str(p.title)}" is waitlisted at position ${str(p.position)}. Reason: ${str(p.reason)}`,
    }),
  },
  'award.rejected': {
    ko: (p) => ({
      subject: `[데이터 바우처] 미선정 안내: ${str(p.title)}`,
      body: `"${str(p.title)}"은(는) 선정되지 않았습니다. 사유: ${str(p.reason)}`,
    }),
    en: (p) => ({
      subject: `[Data Voucher] Not selected: ${str(p.title)}`,
      body: `"${str(p.title)}" was not selected. Reason: ${str(p.reason)}`,
    }),
  },
  'award.promoted': {
    ko: (p) => ({
      subject: `[데이터 바우처] 대기에서 선정되었습니다: ${str(p.title)}`,
      body: `"${str(p.title)}"이(가) 대기에서 선정으로 변경되었습니다. 지원금: ${formatKrw(p.amountKrw, 'ko')}. 협약 기한: ${formatDate(p.deadline, 'ko')}`,
    }),
    en: (p) => ({
      subject: `[Data Voucher] Promoted from the waitlist: ${str(p.title)}`,
      body: `"${str(p.title)}" moved from the waitlist to selected. Support: ${formatKrw(p.amountKrw, 'en')}. Agreement due: ${formatDate(p.deadline, 'en')}`,
    }),
  },
  'award.declined': {
    ko: (p) => ({
      subject: `[데이터 바우처] 수요기업이 선정을 포기했습니다: ${str(p.title)}`,
      body: `수요기업이 "${str(p.title)}"(${category(p, 'ko')})의 선정을 포기했습니다. 사유: ${str(p.reason)}. 예약된 지원금 ${formatKrw(p.amountKrw, 'ko')}은(는) 해제되고, 자리는 예비 순위대로 채워집니다.`,
    }),
    en: (p) => ({
      subject: `[Data Voucher] The company declined its award: ${str(p.title)}`,
      body: `The company declined the award of "${str(p.title)}" (${category(p, 'en')}). Reason: ${str(p.reason)}. The reserved ${formatKrw(p.amountKrw, 'en')} is released and the seat goes to the waitlist in order.`,
    }),
  },
  'award.cancelled': {
    ko: (p) => ({
      subject: `[데이터 바우처] 선정이 취소되었습니다: ${str(p.title)}`,
      body: `"${str(p.title)}"(${category(p, 'ko')})의 선정이 취소되었습니다. 사유: ${str(p.reason)}. 예약된 지원금 ${formatKrw(p.amountKrw, 'ko')}은(는) 해제되었습니다. 문의는 전담기관으로 해 주십시오.`,
    }),
    en: (p) => ({
      subject: `[Data Voucher] Award cancelled: ${str(p.title)}`,
      body: `The award of "${str(p.title)}" (${category(p, 'en')}) was cancelled. Reason: ${str(p.reason)}. The reserved ${formatKrw(p.amountKrw, 'en')} is released. Questions go to the program office.`,
    }),
  },
  'award.waitlist_moved': {
    ko: (p) => ({
      subject: `[데이터 바우처] 예비 ${str(p.position)}순위가 되었습니다: ${str(p.title)}`,
      body: `"${str(p.title)}"(${category(p, 'ko')})의 예비 순위가 ${str(p.previousPosition)}순위에서 ${str(p.position)}순위로 올랐습니다. 선정이 취소되거나 포기된 자리는 예비 순위대로 채워집니다.`,
    }),
    en: (p) => ({
      subject: `[Data Voucher] Now #${str(p.position)} on the waitlist: ${str(p.title)}`,
      body: `"${str(p.title)}" (${category(p, 'en')}) moved up the waitlist from #${str(p.previousPosition)} to #${str(p.position)}. Seats that are declined or cancelled go to the waitlist in this order.`,
    }),
  },
  'agreement.due': {
    ko: (p) => ({
      subject: `[데이터 바우처] 협약 체결 기한 안내: ${str(p.title)}`,
      body: `"${str(p.title)}"의 협약 체결 기한은 ${formatDate(p.deadline, 'ko')}입니다.`,
    }),
    en: (p) => ({
      subject: `[Data Voucher] Agreement due: ${str(p.title)}`,
      body: `The agreement for "${str(p.title)}" is due ${formatDate(p.deadline, 'en')}.`,
    }),
  },
  'payment.disbursed': {
    ko: (p) => ({
      subject: `[데이터 바우처] 지원금이 지급되었습니다`,
      body: `"${str(p.title)}"의 지원금 ${formatKrw(p.amountKrw, 'ko')}이(가) 지급되었습니다.`,
    }),
    en: (p) => ({
      subject: `[Data Voucher] Payment made`,
      body: `${formatKrw(p.amountKrw, 'en')} was paid for "${str(p.title)}".`,
    }),
  },
};

export const NOTIFIED_EVENTS = Object.keys(TEMPLATES);

/** The message for an event, or null when the event notifies nobody. */
export function renderMessage(
  eventType: string,
  locale: Locale,
  payload: Payload,
): RenderedMessage | null {
  const template = TEMPLATES[eventType];
  return template ? template[locale](payload) : null;
}

/**
 * The message in every language, or null when the event notifies nobody: rendered once per
 * event, so that each recipient's copy is picked by their locale where the rows are written.
 */
export function renderMessages(
  eventType: string,
  payload: Payload,
): Record<Locale, RenderedMessage> | null {
  const template = TEMPLATES[eventType];
  return template ? { ko: template.ko(payload), en: template.en(payload) } : null;
}

/** Events announced to every user of a role rather than to named recipients. */
const ROLE_AUDIENCES: Record<string, string[]> = {
  'supplier.registered': ['OFFICER'],
  // Officers run the awards: one declined by its company is theirs to know of.
  'award.declined': ['OFFICER'],
};

export interface Audience {
  userIds: string[];
  roles: string[];
}

export function audienceOf(eventType: string, payload: Payload): Audience {
  const named = Array.isArray(payload.recipients)
    ? payload.recipients.filter((r): r is string => typeof r === 'string')
    : [];
  return { userIds: [...new Set(named)], roles: ROLE_AUDIENCES[eventType] ?? [] };
}

export type Channel = 'IN_APP' | 'EMAIL' | 'WEBHOOK';

/**
 * The channels every recipient gets, in this order; each of their active webhook endpoints
 * adds a WEBHOOK notification after them. In-app messages are delivered by being written.
 */
export function recipientChannels(options: { email: boolean }): Channel[] {
  return options.email ? ['IN_APP', 'EMAIL'] : ['IN_APP'];
}

/** The delivery key: one notification per event, recipient, channel and endpoint, ever. */
export function deliveryKey(
  outboxId: number,
  userId: string,
  channel: Channel,
  endpointId?: string,
): string {
  return [outboxId, userId, channel, endpointId ?? ''].join(':');
}
