// The work pages that load as their own chunks, and their background preload.
export const lazyPages = {
  list: () => import('./CaseListPage'),
  due: () => import('./DuePage'),
  case: () => import('./CasePage'),
};

/** Fetches the other work pages in the background, so opening one waits for nothing but its data. */
export function preloadWorkPages(): void {
  Object.values(lazyPages).forEach((load) => void load());
}
