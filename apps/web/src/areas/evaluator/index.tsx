import type { RouteObject } from 'react-router';
import type { NavItem } from '../../components/Layout';
import { EvaluatorHome } from './EvaluatorHome';

export const evaluatorNav: NavItem[] = [
  { to: '/evaluator', label: 'evaluator.nav.home', end: true },
];

/** Routes under /evaluator. */
export const evaluatorRoutes: RouteObject[] = [{ index: true, element: <EvaluatorHome /> }];
