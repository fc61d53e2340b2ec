// Module hooks for scripts/ts-register.mjs: `./x.js` imported from a .ts file resolves to `./x.ts`
// when that exists (NodeNext style), and .ts files are transformed to JavaScript on load.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { URL, fileURLToPath } from 'node:url';
import { transform } from 'rolldown/experimental';

export async function resolve(specifier, context, next) {
  const relative = specifier.startsWith('./') || specifier.startsWith('../');
  if (relative && specifier.endsWith('.js') && context.parentURL?.endsWith('.ts')) {
    const url = new URL(specifier.slice(0, -3) + '.ts', context.parentURL);
    if (existsSync(fileURLToPath(url))) return { url: url.href, shortCircuit: true };
  }
  return next(specifier, context);
}

export async function load(url, context, next) {
  if (url.startsWith('file:') && url.endsWith('.ts')) {
    const file = fileURLToPath(url);
    const result = await transform(file, await readFile(file, 'utf8'), { sourcemap: false });
    if (result.errors?.length) throw new Error(`${file}: ${result.errors.map((e) => e.message).join('; ')}`);
    return { format: 'module', source: result.code, shortCircuit: true };
  }
  return next(url, context);
}
