// The resident H5 at /m/: no account, a phone check opens a resident session (解纷码).
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { ConfigProvider } from 'antd-mobile';
import enUS from 'antd-mobile/es/locales/en-US';
import zhCN from 'antd-mobile/es/locales/zh-CN';
import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { useTranslation } from 'react-i18next';
import { createBrowserRouter, RouterProvider } from 'react-router';
import '../i18n';
import '../lib/mobile-render';
import { ResidentProvider } from './resident-session';
import { residentRoutes } from './routes';
import './resident.css';

const queryClient = new QueryClient({ defaultOptions: { queries: { staleTime: 10_000, retry: false } } });
const router = createBrowserRouter(residentRoutes, { basename: '/m' });

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
        <ResidentProvider>
          <RouterProvider router={router} />
        </ResidentProvider>
      </QueryClientProvider>
    </ConfigProvider>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Root />
  </StrictMode>,
);
