// Starts the app's WebAssembly (scripts/app-module.sh writes app.js beside this file).
// The release build replaces this file with one that instantiates the module's bytes without
// fetch(), under the page's Content-Security-Policy (scripts/finalize-dist.mjs).
import init from './app.js';

await init();
