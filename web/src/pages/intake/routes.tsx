// Routes of the console's "intake" area (path → page), mounted inside the signed-in layout.
import type { RouteObject } from 'react-router';
import { DeclineNoticePage } from './DeclineNoticePage';
import { ReceiptPage } from './ReceiptPage';
import { RegisterPage } from './RegisterPage';

export const intakeRoutes: RouteObject[] = [
  { path: '/register', element: <RegisterPage /> },
  { path: '/cases/:id/receipt', element: <ReceiptPage /> },
  { path: '/cases/:id/decline-notice', element: <DeclineNoticePage /> },
];
