// Routes of the console's mediation area (调解组织, 调解统计), inside the signed-in layout; each page
// loads when first opened.
import { Spin } from 'antd';
import type { RouteObject } from 'react-router';

const loading = <Spin fullscreen />;

export const mediationRoutes: RouteObject[] = [
  {
    path: '/mediation/orgs',
    hydrateFallbackElement: loading,
    lazy: async () => ({ Component: (await import('./OrgsPage')).OrgsPage }),
  },
  {
    path: '/mediation/orgs/:id',
    hydrateFallbackElement: loading,
    lazy: async () => ({ Component: (await import('./OrgPage')).OrgPage }),
  },
  {
    path: '/mediation/stats',
    hydrateFallbackElement: loading,
    lazy: async () => ({ Component: (await import('./StatsPage')).StatsPage }),
  },
];
