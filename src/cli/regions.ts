import { loadConfig } from '../server/config.js';
import { importCityFromPackage } from '../server/modules/regions/regions.service.js';
import { openRuntime } from '../server/runtime.js';
import { buildRegionAsset } from '../server/seed/build-region-asset.js';

const CITY = /^[0-9]{4}$/;

/** `yimen regions import --city CODE` */
export async function regionsImportCommand(opts: { city: string }): Promise<void> {
  if (!CITY.test(opts.city)) throw new Error(`--city must be a 4-digit city code, got "${opts.city}"`);
  const runtime = await openRuntime(loadConfig(), { jobs: false });
  try {
    const result = await importCityFromPackage(runtime.deps.db, opts.city);
    console.log(JSON.stringify(result));
  } finally {
    await runtime.close();
  }
}

/** `yimen regions build-asset --city CODE` */
export async function regionsBuildAssetCommand(opts: { city: string }): Promise<void> {
  if (!CITY.test(opts.city)) throw new Error(`--city must be a 4-digit city code, got "${opts.city}"`);
  const result = await buildRegionAsset(opts.city);
  console.log(JSON.stringify(result));
}
