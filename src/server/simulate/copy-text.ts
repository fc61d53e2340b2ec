// Rows in PostgreSQL's COPY text format (tab-separated, \N for NULL, backslash escapes): the
// input of COPY … FROM STDIN on PostgreSQL and of COPY … FROM '/dev/blob' on PGlite alike.

/** A value as a row holds it before encoding. */
export type CopyValue =
  string | number | boolean | Date | Buffer | null | undefined | readonly string[] | object;

const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

function text(s: string): string {
  return /[\\\t\n\r]/.test(s) ? s.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c]!) : s;
}

/** One field: bytea as \\x…, arrays as {a,b} (of plain tokens such as uuids), objects as JSON. */
export function copyField(v: CopyValue): string {
  if (v === null || v === undefined) return '\\N';
  if (typeof v === 'string') return text(v);
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new RangeError(`not a finite number: ${v}`);
    return String(v);
  }
  if (typeof v === 'boolean') return v ? 't' : 'f';
  if (v instanceof Date) return v.toISOString();
  if (Buffer.isBuffer(v)) return '\\\\x' + v.toString('hex');
  if (Array.isArray(v)) return `{${(v as readonly string[]).join(',')}}`;
  return text(JSON.stringify(v));
}

/** Rows of one table, encoded as they are added. */
export class CopyTable {
  private readonly lines: string[] = [];
  private made: { text: string; rows: number } | null = null;

  constructor(
    readonly table: string,
    readonly columns: readonly string[],
  ) {}

  /** A table whose COPY text was made elsewhere (a worker thread). */
  static fromText(table: string, columns: readonly string[], text: string, rows: number): CopyTable {
    const t = new CopyTable(table, columns);
    t.made = { text, rows };
    return t;
  }

  /** Adds a row: one value per column, in column order. */
  add(values: readonly CopyValue[]): void {
    if (values.length !== this.columns.length) {
      throw new RangeError(`${this.table}: ${values.length} values for ${this.columns.length} columns`);
    }
    this.lines.push(values.map(copyField).join('\t'));
  }

  /** Adds a row given as an object keyed by column (missing keys are NULL). */
  addObject(row: Record<string, unknown>): void {
    this.add(this.columns.map((c) => row[c] as CopyValue));
  }

  get rowCount(): number {
    return this.made?.rows ?? this.lines.length;
  }

  /** The COPY payload. */
  text(): string {
    if (this.made) return this.made.text;
    return this.lines.length ? this.lines.join('\n') + '\n' : '';
  }
}
