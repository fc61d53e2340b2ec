// Routes of the console's "oversight" area (path → page), mounted inside the signed-in layout.
import type { RouteObject } from 'react-router';

export const oversightRoutes: RouteObject[] = [];
