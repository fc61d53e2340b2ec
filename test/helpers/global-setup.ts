// Vitest global setup: runs once per `vitest run`, before any test file.
import type { TestProject } from 'vitest/node';
import { ensurePgliteTemplate } from './pglite-template.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Path of the migrated PGlite template dump (see test-db.ts). */
    pgliteTemplate: string;
    /** The same with the Dezhou demo organization seeded (regions, units, accounts; no cases). */
    pgliteOrgTemplate: string;
  }
}

export default async function setup(project: TestProject): Promise<void> {
  project.provide('pgliteTemplate', await ensurePgliteTemplate());
  project.provide('pgliteOrgTemplate', await ensurePgliteTemplate({ organization: true }));
}
