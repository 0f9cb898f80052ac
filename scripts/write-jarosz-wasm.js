#!/usr/bin/env node
// Assembles libs/media-hash/src/wasm/jarosz.wat (PDQ's luminance and box passes) with wabt and writes the
// module's bytes, in base64, to jarosz.wasm.ts beside it. Run it through `npm run wasm` after changing the
// .wat and commit both: jarosz.kernel.spec.ts fails while they differ.
const fs = require('fs');
const path = require('path');

const DIR = path.join(__dirname, '..', 'libs', 'media-hash', 'src', 'wasm');

/** The module's bytes, assembled from the text. */
async function assemble() {
  const wabt = await require('wabt')();
  const module = wabt.parseWat('jarosz.wat', fs.readFileSync(path.join(DIR, 'jarosz.wat'), 'utf8'));
  try {
    module.validate();
    return Buffer.from(module.toBinary({}).buffer);
  } finally {
    module.destroy();
  }
}

/** The TypeScript that carries the bytes. */
function source(bytes) {
  const base64 = bytes.toString('base64');
  const lines = base64.match(/.{1,100}/g).map((line) => `  '${line}'`);
  return [
    '// Written by `npm run wasm` (scripts/write-jarosz-wasm.js) from jarosz.wat: do not edit.',
    'export const JAROSZ_WASM_BASE64 =',
    `${lines.join(' +\n')};`,
    '',
  ].join('\n');
}

if (require.main === module) {
  assemble().then(
    (bytes) => {
      fs.writeFileSync(path.join(DIR, 'jarosz.wasm.ts'), source(bytes));
      console.log(`jarosz.wasm.ts: ${bytes.length} bytes`);
    },
    (error) => {
      console.error(error.message);
      process.exit(1);
    },
  );
}

module.exports = { assemble, source };
