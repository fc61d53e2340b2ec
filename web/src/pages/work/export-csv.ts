// Downloads the CSV export in the interface's language (the server reads Accept-Language, which a
// plain link would take from the browser instead).
import { ApiError } from '../../api/client';
import { currentLang } from '../../i18n';

/** Fetches `url` and saves it under the server's file name. */
export async function downloadCsv(url: string): Promise<void> {
  const res = await fetch(url, { headers: { 'accept-language': currentLang() }, credentials: 'same-origin' });
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as {
      error?: { code?: string; message?: string };
    } | null;
    throw new ApiError(
      res.status,
      body?.error?.code ?? String(res.status),
      body?.error?.message ?? res.statusText,
    );
  }
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? 'cases.csv';
  const href = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = href;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}
