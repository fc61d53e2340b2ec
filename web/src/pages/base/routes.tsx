// Routes of the console's base-information area (基础信息): residents, houses and organizations,
// one page component for the three, loaded when first opened.
import { Spin } from 'antd';
import type { RouteObject } from 'react-router';

const loading = <Spin fullscreen />;
const page = (name: 'ResidentsPage' | 'HousesPage' | 'OrganizationsPage') => async () => ({
  Component: (await import('./BaseListPage'))[name],
});

export const baseRoutes: RouteObject[] = [
  { path: '/base/residents', hydrateFallbackElement: loading, lazy: page('ResidentsPage') },
  { path: '/base/houses', hydrateFallbackElement: loading, lazy: page('HousesPage') },
  { path: '/base/organizations', hydrateFallbackElement: loading, lazy: page('OrganizationsPage') },
];
