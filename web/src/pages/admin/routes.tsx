// Routes of the console's "admin" area (path → page), mounted inside the signed-in layout.
import type { RouteObject } from 'react-router';

export const adminRoutes: RouteObject[] = [];
