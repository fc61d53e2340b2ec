// Routes of the console's "admin" area (path → page), mounted inside the signed-in layout; and
// the change of password, outside it (a user with a one-time password sees nothing else).
import type { RouteObject } from 'react-router';
import { AuditPage } from './AuditPage';
import { CategoriesPage } from './CategoriesPage';
import { ChangePasswordPage } from './ChangePasswordPage';
import { RegionsPage } from './RegionsPage';
import { UnitsPage } from './UnitsPage';
import { UsersPage } from './UsersPage';

export const adminRoutes: RouteObject[] = [
  { path: '/admin/users', element: <UsersPage /> },
  { path: '/admin/units', element: <UnitsPage /> },
  { path: '/admin/regions', element: <RegionsPage /> },
  { path: '/admin/categories', element: <CategoriesPage /> },
  { path: '/admin/audit', element: <AuditPage /> },
];

export const CHANGE_PASSWORD_PATH = '/change-password';
export const changePasswordRoute: RouteObject = {
  path: CHANGE_PASSWORD_PATH,
  element: <ChangePasswordPage />,
};
