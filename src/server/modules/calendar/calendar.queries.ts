import type { Kysely } from 'kysely';
import type { Database } from '../../db/tables.js';

type Q = Kysely<Database>;

export async function listYears(db: Q) {
  return db.selectFrom('calendar_years').selectAll().orderBy('year').execute();
}

export async function upsertYear(
  db: Q,
  row: { year: number; holidays: string[]; workdays: string[]; updated_at: Date; updated_by: string | null },
) {
  const values = {
    ...row,
    holidays: JSON.stringify(row.holidays),
    workdays: JSON.stringify(row.workdays),
  };
  await db
    .insertInto('calendar_years')
    .values(values)
    .onConflict((oc) =>
      oc.column('year').doUpdateSet({
        holidays: values.holidays,
        workdays: values.workdays,
        updated_at: values.updated_at,
        updated_by: values.updated_by,
      }),
    )
    .execute();
}
