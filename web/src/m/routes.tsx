// Routes of the resident H5 (basename /m): /new?place=<region code> from a 解纷码, /cases, /cases/:id, /my-info (我的信息).
import { Navigate, type RouteObject } from 'react-router';
import { CasePage } from './pages/CasePage';
import { MyCasesPage } from './pages/MyCasesPage';
import { MyInfoPage } from './pages/MyInfoPage';
import { NewCasePage } from './pages/NewCasePage';

export const residentRoutes: RouteObject[] = [
  { path: '/new', element: <NewCasePage /> },
  { path: '/cases', element: <MyCasesPage /> },
  { path: '/cases/:id', element: <CasePage /> },
  { path: '/my-info', element: <MyInfoPage /> },
  { path: '*', element: <Navigate to="/cases" replace /> },
];
