import { Navigate, Outlet, type RouteObject } from 'react-router';
import type { NavItem } from '../../components/Layout';
import { ApplicationDetailPage } from './ApplicationDetailPage';
import { ApplicationsPage } from './ApplicationsPage';
import { AuditPage } from './AuditPage';
import { AwardsPage } from './AwardsPage';
import { DashboardPage } from './DashboardPage';
import { EvaluationPage } from './EvaluationPage';
import { NotificationsPage } from './NotificationsPage';
import { ProgramIndexRedirect, ProgramLayout } from './ProgramLayout';
import { SelectionPage, SelectionRunPage } from './SelectionPage';
import { SuppliersPage } from './SuppliersPage';
import './officer.css';

/** Header links; the program's own pages have their menu under the program picker. */
export const officerNav: NavItem[] = [
  { to: '/officer/programs', label: 'officer.nav.programs' },
  { to: '/officer/suppliers', label: 'officer.nav.suppliers' },
  { to: '/officer/notifications', label: 'officer.nav.notifications' },
  { to: '/officer/audit', label: 'officer.nav.audit' },
];

/** Scopes the area's CSS (officer.css is global once loaded). */
function OfficerArea() {
  return (
    <div className="officer-area">
      <Outlet />
    </div>
  );
}

/** Routes under /officer (the Shell lets OFFICER and ADMIN in). */
const pages: RouteObject[] = [
  { index: true, element: <Navigate to="/officer/programs" replace /> },
  { path: 'programs', element: <ProgramIndexRedirect /> },
  {
    path: 'programs/:programId',
    element: <ProgramLayout />,
    children: [
      { index: true, element: <DashboardPage /> },
      { path: 'applications', element: <ApplicationsPage /> },
      { path: 'applications/:applicationId', element: <ApplicationDetailPage /> },
      { path: 'evaluation', element: <EvaluationPage /> },
      { path: 'selection', element: <SelectionPage /> },
      { path: 'selection/:runId', element: <SelectionRunPage /> },
      { path: 'awards', element: <AwardsPage /> },
    ],
  },
  { path: 'suppliers', element: <SuppliersPage /> },
  { path: 'notifications', element: <NotificationsPage /> },
  { path: 'audit', element: <AuditPage /> },
];

export const officerRoutes: RouteObject[] = [{ element: <OfficerArea />, children: pages }];
