// The grid worker H5 at /g/: grid workers and security members with their staff account, on the
// phone, outdoors — every submission goes through the outbox, which survives a lost connection.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { MobileLocale } from '../lib/mobile-locale';
import './i18n';
import { gridRoutes } from './routes';
import { GridSessionProvider } from './session';
import './grid.css';

// offline, a query fails at once and the page shows what it had (networkMode 'always' lets the
// fetch itself decide, so the app shell's own cache answers are used)
const queryClient = new QueryClient({
  defaultOptions: { queries: { staleTime: 10_000, retry: false, networkMode: 'always' } },
});
const router = createBrowserRouter(gridRoutes, { basename: '/g' });

function Root() {
  return (
    <MobileLocale>
      <QueryClientProvider client={queryClient}>
        <GridSessionProvider>
          <RouterProvider router={router} />
        </GridSessionProvider>
      </QueryClientProvider>
    </MobileLocale>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Root />
  </StrictMode>,
);

// the app shell is kept by a service worker so that a reload without a connection still opens
// the app (and with it the queued records); API requests never go through it. Not under the
// Vite dev server (port 5173), whose modules change with every edit.
if ('serviceWorker' in navigator && location.port !== '5173') {
  window.addEventListener('load', () => {
    void navigator.serviceWorker.register('/g/sw.js', { scope: '/g/' }).catch(() => undefined);
  });
}
