// Routes of the console's analytics area: the dashboard, the statistics reports, and /screen, which is its own app (the
// wall screen, served by the server): reached from inside the console (after log-in with
// ?next=/screen, say), it is loaded as a page rather than routed here.
import { Spin } from 'antd';
import { useEffect } from 'react';
import type { RouteObject } from 'react-router';
import { useLocation } from 'react-router';

const loading = <Spin fullscreen />;

function ToScreen() {
  const { pathname, search } = useLocation();
  useEffect(() => {
    window.location.replace(pathname + search);
  }, [pathname, search]);
  return loading;
}

export const analyticsRoutes: RouteObject[] = [
  {
    path: '/dashboard',
    hydrateFallbackElement: loading,
    lazy: async () => ({ Component: (await import('./DashboardPage')).DashboardPage }),
  },
  {
    path: '/reports',
    hydrateFallbackElement: loading,
    lazy: async () => ({ Component: (await import('./StatisticsReportsPage')).StatisticsReportsPage }),
  },
  { path: '/screen', element: <ToScreen /> },
];
