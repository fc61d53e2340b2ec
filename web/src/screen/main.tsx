// The wall screen (大屏) at /screen: a center's big display, 1920×1080, dark, refreshed through
// live updates. It uses the staff session of the console (log in there first).
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '../i18n';
import { ScreenApp } from './ScreenApp';
import './screen.css';

const queryClient = new QueryClient({
  defaultOptions: { queries: { retry: 1, staleTime: 5_000, refetchOnWindowFocus: false } },
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <ScreenApp />
    </QueryClientProvider>
  </StrictMode>,
);
