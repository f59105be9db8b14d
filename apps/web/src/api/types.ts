/** Shapes the API returns (see /docs for every field). Area-specific views live beside their pages. */
export type Role = 'APPLICANT' | 'SUPPLIER' | 'EVALUATOR' | 'OFFICER' | 'ADMIN';
export type Locale = 'ko' | 'en';

export interface UserView {
  id: string;
  email: string;
  role: Role;
  displayName: string;
  locale: Locale;
}

export interface NotificationView {
  id: number;
  eventType: string;
  channel: string;
  locale: Locale;
  subject: string;
  body: string;
  status: string;
  attempts: number;
  lastError: string | null;
  readAt: string | null;
  createdAt: string;
  deliveredAt: string | null;
}

export interface Inbox {
  items: NotificationView[];
  total: number;
  unread: number;
  limit: number;
  offset: number;
}
