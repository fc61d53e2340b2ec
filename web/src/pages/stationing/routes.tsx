// The console's stationing page (部门进驻), inside the signed-in layout; loads when first opened.
import { Spin } from 'antd';
import type { RouteObject } from 'react-router';

const loading = <Spin fullscreen />;

export const stationingRoutes: RouteObject[] = [
  {
    path: '/stationing',
    hydrateFallbackElement: loading,
    lazy: async () => ({ Component: (await import('./StationingPage')).StationingPage }),
  },
];
