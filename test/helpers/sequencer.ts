// Runs the longest test files first. Vitest orders files by their last duration when it has one,
// else by size; CI starts from a clean clone with no record, and a long file started late (the
// 10,000-row import, 2–4 minutes) ran alone at the end while the other worker sat idle.
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** The slowest files of the PGlite suite, slowest first (measured 2026-11-28, 2 workers). */
const LONGEST = [
  'src/server/modules/imports/imports.service.test.ts',
  'test/durability/durability.test.ts',
  'test/trust/fuzz.test.ts',
  'test/trust/authz-matrix.test.ts',
  'src/server/modules/cases/cases.policy-http.test.ts',
  'src/server/modules/base-info/base-import-50k.test.ts',
  'test/trust/backup-restore.test.ts',
  'src/server/modules/analytics/rollups.test.ts',
];

export default class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (f: TestSpecification) => {
      const i = LONGEST.findIndex((name) => f.moduleId.endsWith(name));
      return i === -1 ? LONGEST.length : i;
    };
    // Array.prototype.sort is stable: the rest keep the order Vitest chose
    return sorted.sort((a, b) => rank(a) - rank(b));
  }
}
