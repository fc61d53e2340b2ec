// The resident H5 at /m/: no account, a phone check opens a resident session (解纷码).
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { MobileLocale } from '../lib/mobile-locale';
import '../i18n';
import { ResidentProvider } from './resident-session';
import { residentRoutes } from './routes';
import './resident.css';

const queryClient = new QueryClient({ defaultOptions: { queries: { staleTime: 10_000, retry: false } } });
const router = createBrowserRouter(residentRoutes, { basename: '/m' });

function Root() {
  return (
    <MobileLocale>
      <QueryClientProvider client={queryClient}>
        <ResidentProvider>
          <RouterProvider router={router} />
        </ResidentProvider>
      </QueryClientProvider>
    </MobileLocale>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Root />
  </StrictMode>,
);
