// Node entry point: initialises parcours from the .wasm file beside it, then re-exports the API.
import { readFileSync } from 'node:fs';

import { initSync } from './index.mjs';

initSync(readFileSync(new URL('./parcours_wasm_bg.wasm', import.meta.url)));

export * from './index.mjs';
