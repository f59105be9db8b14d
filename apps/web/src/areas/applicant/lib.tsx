/** Small helpers of the applicant pages. */

/** A key for the API's Idempotency-Key header: one per user action, reused on retry. */
export function newIdempotencyKey(): string {
  if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function') {
    return crypto.randomUUID();
  }
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export function windowIsOpen(window: { opensAt: string; closesAt: string }, now = Date.now()) {
  return Date.parse(window.opensAt) <= now && now <= Date.parse(window.closesAt);
}
