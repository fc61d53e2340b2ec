// Open warnings (预警) of a region for the dashboards and the wall screen, counted by the warnings
// module (not yet handled, in total and by kind).
import { readDbOf, type AppDeps } from '../../deps.js';
import { countOpenWarnings } from '../warnings/warnings.service.js';

export interface OpenWarnings {
  total: number;
  byKind: Record<string, number>;
}

/** Open warnings under the region node. */
export async function openWarningsOf(deps: AppDeps, regionCode: string): Promise<OpenWarnings | null> {
  return countOpenWarnings(readDbOf(deps).kysely, regionCode);
}
