/** China Standard Time is UTC+8 all year (no daylight saving): days and case numbers use it. */
const CST_OFFSET_MS = 8 * 3600_000;

/** The Asia/Shanghai calendar day of an instant as 'YYYYMMDD'. */
export function shanghaiDay(at: Date): string {
  const d = new Date(at.getTime() + CST_OFFSET_MS);
  const y = d.getUTCFullYear();
  const m = String(d.getUTCMonth() + 1).padStart(2, '0');
  const day = String(d.getUTCDate()).padStart(2, '0');
  return `${y}${m}${day}`;
}

/** The Asia/Shanghai calendar day of an instant as 'YYYY-MM-DD'. */
export function shanghaiDate(at: Date): string {
  const s = shanghaiDay(at);
  return `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}`;
}

/** A human case number: the registering center's region code, the CST day, a 4-digit daily serial. */
export function formatCaseNo(centerCode: string, at: Date, serial: number): string {
  return `${centerCode}-${shanghaiDay(at)}-${String(serial).padStart(4, '0')}`;
}
