// antd-mobile 5 renders Toast and Dialog with the React 18 API; React 19 needs its own roots
// (https://mobile.ant.design/guide/v5-for-19). Imported once by each phone app (/m/ and /g/).
import { unstableSetRender } from 'antd-mobile';
import { createRoot, type Root } from 'react-dom/client';

unstableSetRender((node, container) => {
  const c = container as (Element | DocumentFragment) & { _reactRoot?: Root };
  c._reactRoot ??= createRoot(c);
  const root = c._reactRoot;
  root.render(node);
  return async () => {
    await new Promise((resolve) => setTimeout(resolve, 0));
    root.unmount();
  };
});
