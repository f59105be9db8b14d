import { Navigate, useRoutes, type RouteObject } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Role } from './api/types';
import { applicantNav, applicantRoutes } from './areas/applicant';
import { evaluatorNav, evaluatorRoutes } from './areas/evaluator';
import { officerNav, officerRoutes } from './areas/officer';
import { supplierNav, supplierRoutes } from './areas/supplier';
import { homeOf, useAuth } from './auth/AuthContext';
import { Shell, type NavItem } from './components/Layout';
import { InboxPage } from './pages/InboxPage';
import { LoginPage } from './pages/LoginPage';
import { RegisterPage } from './pages/RegisterPage';

const navByRole: Record<Role, NavItem[]> = {
  APPLICANT: applicantNav,
  SUPPLIER: supplierNav,
  EVALUATOR: evaluatorNav,
  OFFICER: officerNav,
  ADMIN: officerNav,
};
const ALL: Role[] = ['APPLICANT', 'SUPPLIER', 'EVALUATOR', 'OFFICER', 'ADMIN'];

function Home() {
  const { user, loading } = useAuth();
  if (loading) return null;
  return <Navigate to={user ? homeOf(user.role) : '/login'} replace />;
}

function NotFound() {
  const { t } = useTranslation();
  return (
    <main id="main" className="narrow">
      <h1>{t('page.notFound')}</h1>
      <Link to="/">{t('page.home')}</Link>
    </main>
  );
}

/** Every client route; the API serves index.html for these paths (see apps/api/src/web.ts). */
export const WEB_AREAS = [
  'login',
  'register',
  'inbox',
  'applicant',
  'supplier',
  'evaluator',
  'officer',
] as const;

const routes: RouteObject[] = [
  { path: '/', element: <Home /> },
  { path: '/login', element: <LoginPage /> },
  { path: '/register', element: <RegisterPage /> },
  {
    path: '/inbox',
    element: <Shell roles={ALL} navByRole={navByRole} />,
    children: [{ index: true, element: <InboxPage /> }],
  },
  {
    path: '/applicant',
    element: <Shell roles={['APPLICANT']} navByRole={navByRole} />,
    children: applicantRoutes,
  },
  {
    path: '/supplier',
    element: <Shell roles={['SUPPLIER']} navByRole={navByRole} />,
    children: supplierRoutes,
  },
  {
    path: '/evaluator',
    element: <Shell roles={['EVALUATOR']} navByRole={navByRole} />,
    children: evaluatorRoutes,
  },
  {
    path: '/officer',
    element: <Shell roles={['OFFICER', 'ADMIN']} navByRole={navByRole} />,
    children: officerRoutes,
  },
  { path: '*', element: <NotFound /> },
];

export function App() {
  return useRoutes(routes);
}
