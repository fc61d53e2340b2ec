// Routes of the console's "admin" area (path → page), mounted inside the signed-in layout; and
// the change of password, outside it (a user with a one-time password sees nothing else).
import type { RouteObject } from 'react-router';
import { AuditPage } from './AuditPage';
import { CalendarPage } from './CalendarPage';
import { CategoriesPage } from './CategoriesPage';
import { ChangePasswordPage } from './ChangePasswordPage';
import { ImportsPage } from './ImportsPage';
import { PiRequestsPage } from './PiRequestsPage';
import { RegionsPage } from './RegionsPage';
import { RoutingRulesPage } from './RoutingRulesPage';
import { TimeLimitsPage } from './TimeLimitsPage';
import { UnitsPage } from './UnitsPage';
import { UsersPage } from './UsersPage';

export const adminRoutes: RouteObject[] = [
  { path: '/admin/users', element: <UsersPage /> },
  { path: '/admin/pi-requests', element: <PiRequestsPage /> },
  { path: '/admin/units', element: <UnitsPage /> },
  { path: '/admin/regions', element: <RegionsPage /> },
  { path: '/admin/categories', element: <CategoriesPage /> },
  { path: '/admin/audit', element: <AuditPage /> },
  { path: '/admin/routing', element: <RoutingRulesPage /> },
  { path: '/admin/time-limits', element: <TimeLimitsPage /> },
  { path: '/admin/calendar', element: <CalendarPage /> },
  { path: '/admin/imports', element: <ImportsPage /> },
  // the window's hotline work orders: the same page, outside 系统管理
  { path: '/imports', element: <ImportsPage /> },
];

export const CHANGE_PASSWORD_PATH = '/change-password';
export const changePasswordRoute: RouteObject = {
  path: CHANGE_PASSWORD_PATH,
  element: <ChangePasswordPage />,
};
