// Times as Chinese offices read them: China Standard Time, 2026-03-15 09:30, whatever the
// browser's own time zone.
const FORMAT = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** 2026-03-15 09:30 (China time) of an ISO instant; '' for none or an unreadable one. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const parts = Object.fromEntries(FORMAT.formatToParts(d).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

/** 1.5 MB, 300 KB: an attachment's size. */
export function formatSize(bytes: number): string {
  const mb = bytes / 1048576;
  return mb >= 1 ? `${Number(mb.toFixed(1))} MB` : `${Math.max(1, Math.ceil(bytes / 1024))} KB`;
}
