// What the warnings and quality call-back pages share: their query key, tag colours, category names.
import { useTranslation } from 'react-i18next';
import { categoryName, useCategories } from '../intake/intake-api';

export const WARNINGS_KEY = ['warnings'] as const;
export const SEVERITY_COLOR = { red: 'red', orange: 'orange', yellow: 'gold' } as const;
export const STATUS_COLOR = { open: 'red', acknowledged: 'processing', handled: 'green' } as const;

/** The category names of the taxonomy, in the interface language. */
export function useCategoryName() {
  const { i18n } = useTranslation();
  const categories = useCategories();
  return (code: string) => {
    const c = categories.data?.find((x) => x.code === code);
    return c ? categoryName(c, i18n.language) : code;
  };
}
