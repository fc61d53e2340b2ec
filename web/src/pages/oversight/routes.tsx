// Routes of the console's "oversight" area (path → page), mounted inside the signed-in layout. Each
// page loads when first opened: most users never open them.
import { Spin } from 'antd';
import type { RouteObject } from 'react-router';

const loading = <Spin fullscreen />;

export const oversightRoutes: RouteObject[] = [
  {
    path: '/report-ins',
    hydrateFallbackElement: loading,
    lazy: async () => ({ Component: (await import('./ReportInsPage')).ReportInsPage }),
  },
  {
    path: '/supervision',
    hydrateFallbackElement: loading,
    lazy: async () => ({ Component: (await import('./SupervisionPage')).SupervisionPage }),
  },
  {
    path: '/accountability',
    hydrateFallbackElement: loading,
    lazy: async () => ({ Component: (await import('./AccountabilityPage')).AccountabilityPage }),
  },
  {
    path: '/scorecards',
    hydrateFallbackElement: loading,
    lazy: async () => ({ Component: (await import('./ScorecardsPage')).ScorecardsPage }),
  },
];
