// Routes of the weekly meetings (工作例会): the list, one meeting with its report, the unit's tasks.
import { Spin } from 'antd';
import type { RouteObject } from 'react-router';

const loading = <Spin fullscreen />;

export const meetingsRoutes: RouteObject[] = [
  {
    path: '/meetings',
    hydrateFallbackElement: loading,
    lazy: async () => ({ Component: (await import('./MeetingsPage')).MeetingsPage }),
  },
  {
    path: '/meetings/:id',
    hydrateFallbackElement: loading,
    lazy: async () => ({ Component: (await import('./MeetingPage')).MeetingPage }),
  },
  {
    path: '/meeting-tasks',
    hydrateFallbackElement: loading,
    lazy: async () => ({ Component: (await import('./MeetingTasksPage')).MeetingTasksPage }),
  },
];
