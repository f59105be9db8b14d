import type { RouteObject } from 'react-router';
import type { NavItem } from '../../components/Layout';
import { OfficerHome } from './OfficerHome';

export const officerNav: NavItem[] = [{ to: '/officer', label: 'officer.nav.home', end: true }];

/** Routes under /officer. */
export const officerRoutes: RouteObject[] = [{ index: true, element: <OfficerHome /> }];
