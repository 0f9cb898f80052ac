#!/usr/bin/env node
// Builds the console into dist/console: one script and one stylesheet with content hashes, and an
// index.html that names them; beside them the worker that hashes media. No CDN: everything the browser
// loads comes from the hub itself.
const esbuild = require('esbuild');
const fs = require('fs');
const path = require('path');
const crypto = require('crypto');

const root = path.join(__dirname, '..', '..');
const out = path.join(root, 'dist', 'console');

/**
 * The worker that hashes media in the browser (images and video frames, with PDQ), built before the app
 * so the app can name its hashed file. A classic script (iife): module workers came late to some of the
 * browsers the console supports.
 */
async function buildWorker() {
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: { 'media-hash-worker': 'apps/console/src/media/media-hash.worker.ts' },
    bundle: true,
    format: 'iife',
    target: ['chrome110', 'firefox115', 'safari16'],
    minify: process.env.CONSOLE_MINIFY !== '0',
    sourcemap: 'linked',
    outdir: path.join(out, 'assets'),
    entryNames: '[name]-[hash]',
    metafile: true,
    logLevel: 'warning',
    alias: { '@hub/media-hash': './libs/media-hash/src/index.ts' },
  });
  return Object.keys(result.metafile.outputs).map((file) => path.basename(file));
}

const SERVER_ONLY = /^(mail|receipt|report|moment|error)\./;

/**
 * Each language's message catalogue (libs/i18n/catalogues) as a file of its own with a content hash: the
 * console fetches English and the reader's language only, never all of them.
 */
function copyCatalogues() {
  const dir = path.join(root, 'libs', 'i18n', 'catalogues');
  const urls = {};
  fs.mkdirSync(path.join(out, 'assets'), { recursive: true });
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    const language = path.basename(file, '.json');
    // The console's messages and the shared terms it words values with; e-mails', receipt pages',
    // reports' and errors' messages are the server's alone (an error's `localizedMessage` comes worded).
    const messages = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
    const json = JSON.stringify(
      Object.fromEntries(Object.entries(messages).filter(([key]) => !SERVER_ONLY.test(key))),
    );
    const hash = crypto.createHash('sha256').update(json).digest('hex').slice(0, 8).toUpperCase();
    const name = `catalogue-${language}-${hash}.json`;
    fs.writeFileSync(path.join(out, 'assets', name), json);
    urls[language] = `/assets/${name}`;
  }
  return urls;
}

async function main() {
  fs.rmSync(out, { recursive: true, force: true });
  const catalogueUrls = copyCatalogues();
  const workerOutputs = await buildWorker();
  const workerScript = workerOutputs.find((f) => f.endsWith('.js'));
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: { app: 'apps/console/src/main.tsx' },
    bundle: true,
    format: 'esm',
    target: ['chrome110', 'firefox115', 'safari16'],
    jsx: 'automatic',
    jsxImportSource: 'preact',
    minify: process.env.CONSOLE_MINIFY !== '0',
    sourcemap: 'linked',
    outdir: path.join(out, 'assets'),
    entryNames: '[name]-[hash]',
    metafile: true,
    logLevel: 'warning',
    alias: {
      '@hub/contracts': './libs/contracts/src/browser.ts',
      '@hub/client': './libs/client/src/browser.ts',
      // The hub's rules (state machines, access, percentiles), so buttons match what the hub allows.
      '@hub/domain': './libs/domain/src/browser.ts',
      // PDQ and vPDQ, the same code as the CLI's: pictures and videos are hashed in the browser.
      '@hub/media-hash': './libs/media-hash/src/index.ts',
      '@hub/i18n': './libs/i18n/src/browser.ts',
    },
    define: {
      'process.env.NODE_ENV': '"production"',
      MEDIA_HASH_WORKER_URL: JSON.stringify(`/assets/${workerScript}`),
      CATALOGUE_URLS: JSON.stringify(catalogueUrls),
    },
  });
  const outputs = Object.keys(result.metafile.outputs).map((file) => path.basename(file));
  const script = outputs.find((f) => f.endsWith('.js'));
  const style = outputs.find((f) => f.endsWith('.css'));
  const template = fs.readFileSync(path.join(__dirname, 'src', 'index.html'), 'utf8');
  const html = template
    .replace('<!--style-->', style ? `<link rel="stylesheet" href="/assets/${style}">` : '')
    // English is always needed (the fallback of every message): fetched while the script loads.
    .replace(
      '<!--catalogue-->',
      `<link rel="preload" href="${catalogueUrls.en}" as="fetch" type="application/json" crossorigin>`,
    )
    .replace('<!--script-->', `<script type="module" src="/assets/${script}"></script>`);
  fs.writeFileSync(path.join(out, 'index.html'), html);
  outputs.push(...workerOutputs);
  const bytes = outputs.reduce((n, f) => n + fs.statSync(path.join(out, 'assets', f)).size, 0);
  if (process.argv.includes('--verbose')) console.log(`console: ${outputs.join(', ')} (${bytes} bytes)`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
