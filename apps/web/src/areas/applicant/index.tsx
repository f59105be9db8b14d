import type { RouteObject } from 'react-router';
import type { NavItem } from '../../components/Layout';
import { ApplicantHome } from './ApplicantHome';

export const applicantNav: NavItem[] = [
  { to: '/applicant', label: 'applicant.nav.home', end: true },
];

/** Routes under /applicant. */
export const applicantRoutes: RouteObject[] = [{ index: true, element: <ApplicantHome /> }];
