// Routes of the console's "intake" area (path → page), mounted inside the signed-in layout.
import type { RouteObject } from 'react-router';

export const intakeRoutes: RouteObject[] = [];
