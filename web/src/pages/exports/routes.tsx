// The route of 导出审批 (bulk-export requests and their approval), loaded when first opened.
import { Spin } from 'antd';
import type { RouteObject } from 'react-router';

export const exportRoutes: RouteObject[] = [
  {
    path: '/export-requests',
    hydrateFallbackElement: <Spin fullscreen />,
    lazy: async () => ({ Component: (await import('./ExportRequestsPage')).ExportRequestsPage }),
  },
];
