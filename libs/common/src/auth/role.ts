export enum Role {
  APPLICANT = 'APPLICANT',
  SUPPLIER = 'SUPPLIER',
  EVALUATOR = 'EVALUATOR',
  OFFICER = 'OFFICER',
  ADMIN = 'ADMIN',
}

export const ALL_ROLES = Object.values(Role);

/** Roles anyone may give themselves by signing up; the others are granted by an ADMIN. */
export const SELF_REGISTERED_ROLES = [Role.APPLICANT, Role.SUPPLIER] as const;

/** Who did something, passed explicitly from the controller to services and the audit trail. */
export interface Actor {
  userId: string;
  email: string;
  role: Role;
  requestId: string;
}

/** The payload of an access token. */
export interface AccessTokenPayload {
  sub: string;
  email: string;
  role: Role;
}
