// 账号安全: outside the signed-in layout, so an administrator or leader who must set up a second
// factor reaches it before anything else.
import type { RouteObject } from 'react-router';
import { SecurityPage } from './SecurityPage';

export const SECURITY_PATH = '/account/security';
export const securityRoute: RouteObject = { path: SECURITY_PATH, element: <SecurityPage /> };
