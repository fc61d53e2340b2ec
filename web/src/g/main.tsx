// The grid worker H5 at /g/: grid workers and security members with their staff account, on the
// phone, outdoors — every submission goes through the outbox, which survives a lost connection.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { ConfigProvider } from 'antd-mobile';
import enUS from 'antd-mobile/es/locales/en-US';
import zhCN from 'antd-mobile/es/locales/zh-CN';
import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { useTranslation } from 'react-i18next';
import { createBrowserRouter, RouterProvider } from 'react-router';
import '../lib/mobile-render';
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
  const { i18n } = useTranslation();
  const [lang, setLang] = useState(i18n.language);
  useEffect(() => {
    const on = (l: string) => setLang(l);
    i18n.on('languageChanged', on);
    return () => i18n.off('languageChanged', on);
  }, [i18n]);
  return (
    <ConfigProvider locale={lang === 'en' ? enUS : zhCN}>
      <QueryClientProvider client={queryClient}>
        <GridSessionProvider>
          <RouterProvider router={router} />
        </GridSessionProvider>
      </QueryClientProvider>
    </ConfigProvider>
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
