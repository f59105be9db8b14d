import type { RouteObject } from 'react-router';
import type { NavItem } from '../../components/Layout';
import { AssignmentsPage } from './AssignmentsPage';
import { ProfilePage } from './ProfilePage';
import { ScoreSheetPage } from './ScoreSheetPage';

export const evaluatorNav: NavItem[] = [
  { to: '/evaluator', label: 'evaluator.nav.assignments', end: true },
  { to: '/evaluator/profile', label: 'evaluator.nav.profile' },
];

/** Routes under /evaluator. */
export const evaluatorRoutes: RouteObject[] = [
  { index: true, element: <AssignmentsPage /> },
  { path: 'assignments/:id', element: <ScoreSheetPage /> },
  { path: 'profile', element: <ProfilePage /> },
];
