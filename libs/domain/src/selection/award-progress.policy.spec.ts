import {
  agreementState,
  AwardProgress,
  clientPaymentKey,
  deliveryState,
  netPaidKrw,
  payableKrw,
  paymentLedgerKey,
  paymentReason,
  recoveryRefusal,
} from './award-progress.policy';

const NOW = new Date('2025-05-01T00:00:00Z');
const BEFORE = new Date('2025-04-01T00:00:00Z');
const AFTER = new Date('2025-06-01T00:00:00Z');

const award = (over: Partial<AwardProgress> = {}): AwardProgress => ({
  status: 'SELECTED',
  agreementDueAt: AFTER,
  applicantSignedAt: null,
  supplierSignedAt: null,
  officerSignedAt: null,
  deliveryReportedAt: null,
  deliveryApprovedAt: null,
  ...over,
});

describe('agreementState', () => {
  it('has nothing to sign while waitlisted', () => {
    expect(agreementState(award({ status: 'WAITLISTED', agreementDueAt: null }), NOW)).toBe(
      'NOT_STARTED',
    );
  });

  it('awaits signatures until all three have signed, then is SIGNED', () => {
    expect(agreementState(award(), NOW)).toBe('AWAITING_SIGNATURES');
    expect(
      agreementState(award({ applicantSignedAt: BEFORE, supplierSignedAt: BEFORE }), NOW),
    ).toBe('AWAITING_SIGNATURES');
    const signed = { applicantSignedAt: BEFORE, supplierSignedAt: BEFORE, officerSignedAt: BEFORE };
    expect(agreementState(award({ ...signed, status: 'CONTRACTED' }), NOW)).toBe('SIGNED');
    // Signed, then cancelled or settled: the agreement was made.
    expect(agreementState(award({ ...signed, status: 'CANCELLED' }), NOW)).toBe('SIGNED');
    expect(agreementState(award({ ...signed, status: 'SETTLED' }), NOW)).toBe('SIGNED');
  });

  it('is OVERDUE once the deadline passed unsigned, at the very millisecond after it', () => {
    expect(agreementState(award({ agreementDueAt: BEFORE }), NOW)).toBe('OVERDUE');
    expect(agreementState(award({ agreementDueAt: NOW }), NOW)).toBe('AWAITING_SIGNATURES');
    expect(agreementState(award({ agreementDueAt: new Date(NOW.getTime() - 1) }), NOW)).toBe(
      'OVERDUE',
    );
  });

  it('is VOID when cancelled before all three signed, overdue or not', () => {
    expect(agreementState(award({ status: 'CANCELLED' }), NOW)).toBe('VOID');
    expect(
      agreementState(
        award({ status: 'CANCELLED', agreementDueAt: BEFORE, officerSignedAt: BEFORE }),
        NOW,
      ),
    ).toBe('VOID');
  });
});

describe('deliveryState', () => {
  it('goes NOT_REPORTED → REPORTED → APPROVED', () => {
    expect(deliveryState(award())).toBe('NOT_REPORTED');
    expect(deliveryState(award({ deliveryReportedAt: BEFORE }))).toBe('REPORTED');
    expect(deliveryState(award({ deliveryReportedAt: BEFORE, deliveryApprovedAt: NOW }))).toBe(
      'APPROVED',
    );
  });
});

describe('money paid, recovered and kept', () => {
  it('nets recoveries off the gross paid amount', () => {
    expect(netPaidKrw({ paidKrw: 64_000_000, recoveredKrw: 10_000_000 })).toBe(54_000_000);
    expect(netPaidKrw({ paidKrw: 0, recoveredKrw: 0 })).toBe(0);
  });

  it('recovers at most what this award still keeps, to the won', () => {
    const award = { paidKrw: 30_000_000, recoveredKrw: 5_000_000 };
    expect(recoveryRefusal(award, 25_000_000)).toBeNull();
    expect(recoveryRefusal(award, 1)).toBeNull();
    expect(recoveryRefusal(award, 25_000_001)).toBe(
      'cannot recover 25000001 KRW: 25000000 KRW paid for this award and not yet recovered',
    );
    expect(recoveryRefusal({ paidKrw: 0, recoveredKrw: 0 }, 1)).not.toBeNull();
  });
});

describe('payableKrw', () => {
  const grant = { grantKrw: 64_000_000, paidKrw: 24_000_000 };

  it('is the unpaid rest of the grant while the award runs', () => {
    for (const status of ['SELECTED', 'CONTRACTED', 'DELIVERED']) {
      expect(payableKrw({ ...grant, status })).toBe(40_000_000);
    }
    expect(payableKrw({ status: 'DELIVERED', grantKrw: 64_000_000, paidKrw: 64_000_000 })).toBe(0);
  });

  it('is nothing once the award is settled or cancelled, or while it waits', () => {
    for (const status of ['SETTLED', 'CANCELLED', 'WAITLISTED']) {
      expect(payableKrw({ ...grant, status })).toBe(0);
    }
  });

  it('never goes below zero', () => {
    expect(payableKrw({ status: 'CONTRACTED', grantKrw: 10, paidKrw: 11 })).toBe(0);
  });
});

describe('payment keys and reasons', () => {
  const app = '7d7c2c3e-9d0b-4b8e-a4e5-0e5a1c7e6f01';

  it("scopes the client's key to the application and gets it back", () => {
    const key = paymentLedgerKey(app, 'client-key:with:colons');
    expect(key).toBe(`pay:${app}:client-key:with:colons`);
    expect(clientPaymentKey(app, key)).toBe('client-key:with:colons');
  });

  it("gives no client key for other lines or another application's key", () => {
    expect(clientPaymentKey(app, null)).toBeNull();
    expect(clientPaymentKey(app, `reserve:${app}`)).toBeNull();
    expect(clientPaymentKey(app, paymentLedgerKey('another', 'k'))).toBeNull();
  });

  it("shows the officer's reason of a recovery, none for a disbursement", () => {
    expect(paymentReason('RECOVER', 'clawback: 리베이트 적발에 따른 환수')).toBe(
      '리베이트 적발에 따른 환수',
    );
    expect(paymentReason('RECOVER', 'written by hand')).toBe('written by hand');
    expect(paymentReason('DISBURSE', 'payment to the supplier for "x"')).toBeNull();
  });
});
