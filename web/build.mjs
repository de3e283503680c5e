// Bundles the speaker and listener pages with the official KVS WebRTC SDK into SessionApi's wwwroot.
//   node build.mjs                 build into ../src/SessionApi/wwwroot/js
//   node build.mjs --if-stale      build only when a bundle is missing or older than its sources
// Nothing is fetched at run time: the pages load only these bundles from their own origin.
import { build } from 'esbuild';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const outdir = join(here, '..', 'src', 'SessionApi', 'wwwroot', 'js');
const entries = ['speaker', 'listener'];
const sdkVersion = JSON.parse(readFileSync(join(here, 'node_modules', 'amazon-kinesis-video-streams-webrtc', 'package.json'), 'utf8')).version;

const newest = (path) => statSync(path).isDirectory()
  ? Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name))))
  : statSync(path).mtimeMs;

const isStale = () => {
  const sources = Math.max(newest(join(here, 'src')), newest(join(here, 'package-lock.json')), newest(join(here, 'build.mjs')));
  return entries.some((entry) => {
    const bundle = join(outdir, `${entry}.bundle.js`);
    return !existsSync(bundle) || statSync(bundle).mtimeMs < sources;
  });
};

if (args.includes('--if-stale') && !isStale()) {
  console.log('pages: bundles are up to date');
  process.exit(0);
}

mkdirSync(outdir, { recursive: true });
await build({
  entryPoints: Object.fromEntries(entries.map((entry) => [`${entry}.bundle`, join(here, 'src', `${entry}.js`)])),
  outdir,
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: ['chrome109', 'firefox115', 'safari16'],
  minify: true,
  legalComments: 'linked',
  // The SDK's lib/ requires Node's `events`; the npm package of that name (a dependency here) stands in for it.
  absWorkingDir: here,
  // The SDK reads process.env.PACKAGE_VERSION; browsers have no `process`.
  define: { 'process.env.PACKAGE_VERSION': JSON.stringify(sdkVersion), 'process.env.NODE_ENV': '"production"', global: 'globalThis' },
  // Its Node fallback `WebSocket || require('ws')` never runs in a browser.
  external: ['ws'],
  logLevel: 'warning',
});
console.log(`pages: built ${entries.map((e) => `${e}.bundle.js`).join(', ')} in ${outdir}`);
