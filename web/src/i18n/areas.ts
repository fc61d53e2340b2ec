// The words of each console area; a page area adds its file here.
export const areas: Record<string, { zh: Record<string, unknown>; en: Record<string, unknown> }> = {};
