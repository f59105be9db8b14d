import { Role } from '@app/common';
import {
  acceptsOfferingChanges,
  allowedProcessingKinds,
  approveOfferings,
  canReviewOffering,
  canWithdrawOffering,
  defaultProcessingKind,
  isProcessingKindAllowed,
  isPublicOffering,
  isRelated,
  liveOfferingCount,
  missingCrowdsourcingEvidence,
  nextSupplierStatus,
  OFFERING_STATUSES,
  OfferingLike,
  offeringChange,
  offersCategory,
  PROCESSING_KINDS,
  PUBLIC_OFFERING_STATUSES,
  rejectPendingOfferings,
  reviewsOfferingsSingly,
  SUPPLIER_ACTIONS,
  SUPPLIER_CATEGORIES,
  SUPPLIER_STATUSES,
  SupplierAction,
  supplierAccess,
  SupplierStatus,
  withdrawOffering,
} from './supplier.policy';

const ACTIONS = Object.keys(SUPPLIER_ACTIONS) as SupplierAction[];

/** The allowed transitions, written out independently of SUPPLIER_ACTIONS. */
const ALLOWED: ReadonlyArray<[SupplierStatus, SupplierAction, SupplierStatus]> = [
  ['PENDING', 'approve', 'APPROVED'],
  ['PENDING', 'reject', 'REJECTED'],
  ['APPROVED', 'suspend', 'SUSPENDED'],
];

const REFUSED = SUPPLIER_STATUSES.flatMap((status) =>
  ACTIONS.filter((a) => !ALLOWED.some(([from, action]) => from === status && action === a)).map(
    (action): [SupplierStatus, SupplierAction] => [status, action],
  ),
);

function offering(
  id: string,
  status: OfferingLike['status'],
  extra: Partial<OfferingLike> = {},
): OfferingLike {
  return { id, status, category: 'AI_PROCESSING', replacesId: null, ...extra };
}

describe('supplier lifecycle', () => {
  it.each(ALLOWED)('%s --%s--> %s', (from, action, to) => {
    expect(nextSupplierStatus(from, action)).toBe(to);
  });

  it('refuses the other nine pairs', () => {
    expect(REFUSED).toHaveLength(SUPPLIER_STATUSES.length * ACTIONS.length - ALLOWED.length);
    expect(REFUSED).toHaveLength(9);
  });

  it.each(REFUSED)('refuses %s --%s-->', (from, action) => {
    expect(nextSupplierStatus(from, action)).toBeNull();
  });

  it('has no way back from REJECTED or SUSPENDED', () => {
    for (const action of ACTIONS) {
      expect(nextSupplierStatus('REJECTED', action)).toBeNull();
      expect(nextSupplierStatus('SUSPENDED', action)).toBeNull();
    }
  });

  it('refuses unchecked strings that are not actions', () => {
    for (const bogus of ['toString', '__proto__', 'resubmit', '']) {
      expect(nextSupplierStatus('PENDING', bogus as SupplierAction)).toBeNull();
    }
  });

  it('takes offering changes only while PENDING or APPROVED, and reviews them singly once APPROVED', () => {
    expect(SUPPLIER_STATUSES.filter(acceptsOfferingChanges)).toEqual(['PENDING', 'APPROVED']);
    expect(SUPPLIER_STATUSES.filter(reviewsOfferingsSingly)).toEqual(['APPROVED']);
  });
});

describe('visibility', () => {
  const owner = { userId: 'owner', role: Role.SUPPLIER };
  const table = SUPPLIER_STATUSES.map((status) => {
    const s = { status, ownerUserId: 'owner' };
    return {
      status,
      anonymous: supplierAccess(s, null),
      applicant: supplierAccess(s, { userId: 'x', role: Role.APPLICANT }),
      otherSupplier: supplierAccess(s, { userId: 'x', role: Role.SUPPLIER }),
      evaluator: supplierAccess(s, { userId: 'x', role: Role.EVALUATOR }),
      owner: supplierAccess(s, owner),
      officer: supplierAccess(s, { userId: 'x', role: Role.OFFICER }),
      admin: supplierAccess(s, { userId: 'x', role: Role.ADMIN }),
    };
  });

  it('shows an approved supplier to everybody, the others only to the owner and officers', () => {
    const pub = { anonymous: 'PUBLIC', applicant: 'PUBLIC', otherSupplier: 'PUBLIC' };
    const none = { anonymous: 'NONE', applicant: 'NONE', otherSupplier: 'NONE' };
    const full = { owner: 'FULL', officer: 'FULL', admin: 'FULL' };
    expect(table).toEqual([
      { status: 'PENDING', ...none, evaluator: 'NONE', ...full },
      { status: 'APPROVED', ...pub, evaluator: 'PUBLIC', ...full },
      { status: 'REJECTED', ...none, evaluator: 'NONE', ...full },
      { status: 'SUSPENDED', ...none, evaluator: 'NONE', ...full },
    ]);
  });

  it('makes only APPROVED offerings public', () => {
    expect(OFFERING_STATUSES.filter(isPublicOffering)).toEqual(['APPROVED']);
    expect(PUBLIC_OFFERING_STATUSES).toEqual(['APPROVED']);
  });
});

describe('processing kind by category', () => {
  it('allows exactly NONE for PURCHASE and the three processing kinds otherwise', () => {
    const table = Object.fromEntries(
      SUPPLIER_CATEGORIES.map((c) => [
        c,
        PROCESSING_KINDS.filter((k) => isProcessingKindAllowed(c, k)),
      ]),
    );
    expect(table).toEqual({
      PURCHASE: ['NONE'],
      GENERAL_PROCESSING: ['STANDARD', 'PSEUDONYMIZATION', 'ANONYMIZATION'],
      AI_PROCESSING: ['STANDARD', 'PSEUDONYMIZATION', 'ANONYMIZATION'],
    });
  });

  it('defaults to NONE for PURCHASE and STANDARD for processing, always an allowed kind', () => {
    expect(SUPPLIER_CATEGORIES.map(defaultProcessingKind)).toEqual([
      'NONE',
      'STANDARD',
      'STANDARD',
    ]);
    for (const c of SUPPLIER_CATEGORIES) {
      expect(isProcessingKindAllowed(c, defaultProcessingKind(c))).toBe(true);
    }
  });

  it('allows nothing for an unknown category', () => {
    expect(allowedProcessingKinds('RESEARCH' as never)).toEqual([]);
    expect(isProcessingKindAllowed('RESEARCH' as never, 'NONE')).toBe(false);
  });
});

describe('offersCategory', () => {
  it('needs an APPROVED offering in the category', () => {
    const list = [
      offering('a', 'PENDING', { category: 'PURCHASE' }),
      offering('b', 'REPLACED', { category: 'AI_PROCESSING' }),
      offering('c', 'WITHDRAWN', { category: 'GENERAL_PROCESSING' }),
      offering('d', 'APPROVED', { category: 'GENERAL_PROCESSING' }),
    ];
    expect(offersCategory(list, 'PURCHASE')).toBe(false);
    expect(offersCategory(list, 'AI_PROCESSING')).toBe(false);
    expect(offersCategory(list, 'GENERAL_PROCESSING')).toBe(true);
    expect(offersCategory([], 'PURCHASE')).toBe(false);
  });
});

describe('changing offerings', () => {
  it('edits a pending one in place and revises an approved one', () => {
    const table = OFFERING_STATUSES.map((s) => [
      s,
      offeringChange(s, false),
      offeringChange(s, true),
    ]);
    expect(table).toEqual([
      ['PENDING', 'EDIT_IN_PLACE', 'EDIT_IN_PLACE'],
      ['APPROVED', 'NEW_REVISION', 'EDIT_REVISION'],
      ['REJECTED', null, null],
      ['REPLACED', null, null],
      ['WITHDRAWN', null, null],
    ]);
  });

  it('withdraws and reviews only live offerings', () => {
    expect(OFFERING_STATUSES.filter(canWithdrawOffering)).toEqual(['PENDING', 'APPROVED']);
    expect(OFFERING_STATUSES.filter(canReviewOffering)).toEqual(['PENDING']);
  });

  it('withdraws an approved offering with its open revision, and a revision alone', () => {
    const list = [
      offering('old', 'APPROVED'),
      offering('rev', 'PENDING', { replacesId: 'old' }),
      offering('other', 'APPROVED'),
      offering('gone', 'REJECTED', { replacesId: 'old' }),
    ];
    expect(withdrawOffering(list, 'old')).toEqual([
      { id: 'old', from: 'APPROVED', to: 'WITHDRAWN' },
      { id: 'rev', from: 'PENDING', to: 'WITHDRAWN' },
    ]);
    expect(withdrawOffering(list, 'rev')).toEqual([
      { id: 'rev', from: 'PENDING', to: 'WITHDRAWN' },
    ]);
    expect(withdrawOffering(list, 'gone')).toEqual([]);
    expect(withdrawOffering(list, 'missing')).toEqual([]);
  });

  it('counts a revision and its original once against the limit', () => {
    const list = [
      offering('a', 'APPROVED'),
      offering('a2', 'PENDING', { replacesId: 'a' }),
      offering('b', 'PENDING'),
      offering('c', 'REJECTED'),
      offering('d', 'REPLACED'),
      offering('e', 'WITHDRAWN'),
      offering('f', 'APPROVED', { replacesId: 'd' }),
    ];
    expect(liveOfferingCount(list)).toBe(3);
  });
});

describe('approving offerings', () => {
  const list = [
    offering('old', 'APPROVED'),
    offering('rev', 'PENDING', { replacesId: 'old' }),
    offering('new', 'PENDING'),
    offering('no', 'REJECTED'),
    offering('w', 'WITHDRAWN'),
    offering('stale', 'PENDING', { replacesId: 'w' }),
  ];

  it('approves every pending offering and replaces the originals of revisions', () => {
    expect(approveOfferings(list)).toEqual([
      { id: 'rev', from: 'PENDING', to: 'APPROVED' },
      { id: 'old', from: 'APPROVED', to: 'REPLACED' },
      { id: 'new', from: 'PENDING', to: 'APPROVED' },
      // The original is no longer approved: nothing to replace.
      { id: 'stale', from: 'PENDING', to: 'APPROVED' },
    ]);
  });

  it('approves only the named ones when asked', () => {
    expect(approveOfferings(list, ['new'])).toEqual([
      { id: 'new', from: 'PENDING', to: 'APPROVED' },
    ]);
    expect(approveOfferings(list, ['rev'])).toEqual([
      { id: 'rev', from: 'PENDING', to: 'APPROVED' },
      { id: 'old', from: 'APPROVED', to: 'REPLACED' },
    ]);
    expect(approveOfferings(list, ['no', 'old'])).toEqual([]);
  });

  it('rejects the pending offerings of a rejected supplier, leaving the rest', () => {
    expect(rejectPendingOfferings(list).map((c) => [c.id, c.to])).toEqual([
      ['rev', 'REJECTED'],
      ['new', 'REJECTED'],
      ['stale', 'REJECTED'],
    ]);
  });
});

describe('crowdsourcing evidence', () => {
  it.each([
    [true, undefined, true],
    [true, null, true],
    [true, '   ', true],
    [true, 'platform contract 2021-03', false],
    [false, undefined, false],
    [false, 'kept from before', false],
  ])('crowdsourcing %p with evidence %p: missing = %p', (crowdsourcing, evidence, missing) => {
    expect(missingCrowdsourcingEvidence({ crowdsourcing, crowdsourcingEvidence: evidence })).toBe(
      missing,
    );
  });
});

describe('isRelated', () => {
  const supplier = { brn: '1248100998', representative: '김 데이터' };

  it('relates the same business registration number, however written', () => {
    expect(isRelated(supplier, { brn: '124-81-00998', ceoName: '박가공' })).toBe(true);
    expect(isRelated(supplier, { brn: '1248100998', ceoName: '박가공' })).toBe(true);
  });

  it('relates the same representative whatever the spacing and case', () => {
    expect(isRelated(supplier, { brn: '2208162517', ceoName: '  김   데이터 ' })).toBe(true);
    expect(
      isRelated(
        { brn: '1248100998', representative: 'Hong  Gildong' },
        { brn: '2208162517', ceoName: ' hong gildong' },
      ),
    ).toBe(true);
    // Full-width Latin letters are the same name.
    expect(
      isRelated(
        { brn: '1248100998', representative: 'ＨＯＮＧ' },
        { brn: '2208162517', ceoName: 'hong' },
      ),
    ).toBe(true);
    // Decomposed jamo (as some systems store Hangul) is the same name as composed syllables.
    expect(
      isRelated(
        { brn: '1248100998', representative: '김'.normalize('NFD') },
        { brn: '2208162517', ceoName: '김' },
      ),
    ).toBe(true);
  });

  it('does not relate different numbers and names', () => {
    expect(isRelated(supplier, { brn: '2208162517', ceoName: '박가공' })).toBe(false);
    expect(isRelated(supplier, { brn: '1208147521', ceoName: '김데이' })).toBe(false);
  });

  it('ignores spaces inside a name: Korean names are written with and without them', () => {
    expect(isRelated(supplier, { brn: '2208162517', ceoName: '김데이터' })).toBe(true);
    expect(isRelated(supplier, { brn: '2208162517', ceoName: '김데이' })).toBe(false);
  });

  it('does not relate two blank names or two unreadable numbers', () => {
    expect(
      isRelated({ brn: 'garbage', representative: ' ' }, { brn: 'garbage', ceoName: '' }),
    ).toBe(false);
  });
});
