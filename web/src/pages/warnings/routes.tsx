// Routes of the console's analysis-and-warning area (预警, 抽查回访), loaded when first opened.
import { Spin } from 'antd';
import type { RouteObject } from 'react-router';

const loading = <Spin fullscreen />;

export const warningsRoutes: RouteObject[] = [
  {
    path: '/warnings',
    hydrateFallbackElement: loading,
    lazy: async () => ({ Component: (await import('./WarningsPage')).WarningsPage }),
  },
  {
    path: '/quality-checks',
    hydrateFallbackElement: loading,
    lazy: async () => ({ Component: (await import('./QualityChecksPage')).QualityChecksPage }),
  },
];
