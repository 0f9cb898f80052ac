#!/usr/bin/env node
// Builds the console into dist/console: one script and one stylesheet with content hashes, and an
// index.html that names them. No CDN: everything the browser loads comes from the hub itself.
const esbuild = require('esbuild');
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..', '..');
const out = path.join(root, 'dist', 'console');

async function main() {
  fs.rmSync(out, { recursive: true, force: true });
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
    },
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  const outputs = Object.keys(result.metafile.outputs).map((file) => path.basename(file));
  const script = outputs.find((f) => f.endsWith('.js'));
  const style = outputs.find((f) => f.endsWith('.css'));
  const template = fs.readFileSync(path.join(__dirname, 'src', 'index.html'), 'utf8');
  const html = template
    .replace('<!--style-->', style ? `<link rel="stylesheet" href="/assets/${style}">` : '')
    .replace('<!--script-->', `<script type="module" src="/assets/${script}"></script>`);
  fs.writeFileSync(path.join(out, 'index.html'), html);
  const bytes = outputs.reduce((n, f) => n + fs.statSync(path.join(out, 'assets', f)).size, 0);
  if (process.argv.includes('--verbose')) console.log(`console: ${outputs.join(', ')} (${bytes} bytes)`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
