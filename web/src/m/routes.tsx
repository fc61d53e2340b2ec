// Routes of the resident H5 (basename /m): /new?place=<region code> from a 解纷码, /cases, /cases/:id.
import { Navigate, type RouteObject } from 'react-router';
import { CasePage } from './pages/CasePage';
import { MyCasesPage } from './pages/MyCasesPage';
import { NewCasePage } from './pages/NewCasePage';

export const residentRoutes: RouteObject[] = [
  { path: '/new', element: <NewCasePage /> },
  { path: '/cases', element: <MyCasesPage /> },
  { path: '/cases/:id', element: <CasePage /> },
  { path: '*', element: <Navigate to="/cases" replace /> },
];
