// Routes of the console's "work" area (inbox, lists, the case page), inside the signed-in layout.
import type { RouteObject } from 'react-router';
import { InboxPage } from './InboxPage';

export const workRoutes: RouteObject[] = [{ index: true, element: <InboxPage /> }];
