/** Small helpers of the applicant pages. */

export function windowIsOpen(window: { opensAt: string; closesAt: string }, now = Date.now()) {
  return Date.parse(window.opensAt) <= now && now <= Date.parse(window.closesAt);
}
