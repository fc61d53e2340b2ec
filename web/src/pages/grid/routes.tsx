// Routes of the console's grid-work area (网格工作): each page loads when first opened.
import { Spin } from 'antd';
import type { RouteObject } from 'react-router';

const loading = <Spin fullscreen />;

export const gridRoutes: RouteObject[] = [
  {
    path: '/grid',
    hydrateFallbackElement: loading,
    lazy: async () => ({ Component: (await import('./StatsPage')).StatsPage }),
  },
  {
    path: '/grid/reports',
    hydrateFallbackElement: loading,
    lazy: async () => ({ Component: (await import('./ReportsPage')).ReportsPage }),
  },
  {
    path: '/grid/work',
    hydrateFallbackElement: loading,
    lazy: async () => ({ Component: (await import('./WorkItemsPage')).WorkItemsPage }),
  },
  {
    path: '/grid/workers/:id',
    hydrateFallbackElement: loading,
    lazy: async () => ({ Component: (await import('./WorkerActivityPage')).WorkerActivityPage }),
  },
  {
    path: '/grid/plans',
    hydrateFallbackElement: loading,
    lazy: async () => ({ Component: (await import('./PlansPage')).PlansPage }),
  },
];
