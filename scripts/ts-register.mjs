// Runs the TypeScript sources directly on Node 20 without a build:
//   node --import ./scripts/ts-register.mjs path/to/file.ts
// Used by the two-process test (child servers) and the sweep benchmark. Type-only syntax is
// stripped by oxc (rolldown/experimental, already installed with vite); nothing is type-checked.
import { register } from 'node:module';

register('./ts-loader-hooks.mjs', import.meta.url);
