import { signWebhook, verifyWebhook } from './webhook-signature.policy';

describe('webhook signatures', () => {
  const body = JSON.stringify({ type: 'award.selected', data: { amountKrw: 70_000_000 } });

  it('verifies its own signature within the tolerance', () => {
    const header = signWebhook('s3cret', body, 1_700_000_000);
    expect(header).toMatch(/^t=1700000000,v1=[0-9a-f]{64}$/);
    expect(verifyWebhook('s3cret', body, header, 1_700_000_100)).toBe(true);
  });

  it('refuses a wrong secret, a changed body, an old timestamp and garbage', () => {
    const header = signWebhook('s3cret', body, 1_700_000_000);
    expect(verifyWebhook('other', body, header, 1_700_000_000)).toBe(false);
    expect(verifyWebhook('s3cret', `${body} `, header, 1_700_000_000)).toBe(false);
    expect(verifyWebhook('s3cret', body, header, 1_700_000_301)).toBe(false);
    expect(verifyWebhook('s3cret', body, 'v1=zz', 1_700_000_000)).toBe(false);
  });
});
