import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { useTranslation } from 'react-i18next';
import { createBrowserRouter, Outlet, RouterProvider } from 'react-router';
import { ApiError } from './api/client';
import { SessionProvider } from './auth/session';
import './i18n';
import { routes } from './routes';
import './styles.css';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      // a refusal is an answer: retry only what the network lost
      retry: (count, err) => count < 2 && err instanceof ApiError && err.status === 0,
    },
  },
});
// antd's App holds the messages, notifications and modals of App.useApp(); it sits inside the router
// so that what they show may hold router links.
const router = createBrowserRouter([
  {
    element: (
      <AntApp>
        <Outlet />
      </AntApp>
    ),
    children: routes,
  },
]);

function Root() {
  const { i18n } = useTranslation();
  const [lang, setLangState] = useState(i18n.language);
  useEffect(() => {
    const on = (l: string) => setLangState(l);
    i18n.on('languageChanged', on);
    document.documentElement.lang = i18n.language;
    return () => i18n.off('languageChanged', on);
  }, [i18n]);
  return (
    <ConfigProvider locale={lang === 'en' ? enUS : zhCN} theme={{ token: { colorPrimary: '#b71c1c' } }}>
      <QueryClientProvider client={queryClient}>
        <SessionProvider>
          <RouterProvider router={router} />
        </SessionProvider>
      </QueryClientProvider>
    </ConfigProvider>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Root />
  </StrictMode>,
);
