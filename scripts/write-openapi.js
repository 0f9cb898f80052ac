#!/usr/bin/env node
// Writes docs/openapi.json: the document the hub serves at /docs-json, from a hub started on a scratch
// database (created and dropped here) of the PostgreSQL at TEST_POSTGRES_URL, as the tests use. Run it
// through `npm run openapi` (which builds first) and commit the file: a change of the API is reviewed as
// its diff, and test/foundation/openapi-document.e2e-spec.ts fails while the two differ.
require('reflect-metadata');
const fs = require('fs');
const path = require('path');
const { randomBytes } = require('crypto');
const { Client } = require('pg');

const dist = path.join(__dirname, '..', 'dist');
const { startHub } = require(path.join(dist, 'libs/platform/src'));
const { HUB_OPTIONS } = require(path.join(dist, 'apps/hub/src'));

const SERVER = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const OUT = path.join(__dirname, '..', 'docs', 'openapi.json');

async function admin(sql) {
  const client = new Client({ connectionString: SERVER });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function main() {
  const name = `hub_openapi_${randomBytes(4).toString('hex')}`;
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(SERVER);
  url.pathname = `/${name}`;
  let hub;
  try {
    hub = await startHub({
      ...HUB_OPTIONS,
      env: { DATABASE_URL: url.toString(), PORT: '0', LOG_LEVEL: 'warn' },
    });
    const res = await fetch(`${hub.url}/docs-json`);
    if (res.status !== 200) throw new Error(`/docs-json answered ${res.status}`);
    const document = await res.json();
    fs.writeFileSync(OUT, `${JSON.stringify(document, null, 2)}\n`);
    const operations = Object.values(document.paths).reduce((n, item) => n + Object.keys(item).length, 0);
    process.stdout.write(`docs/openapi.json: ${operations} operations\n`);
  } finally {
    await hub?.close();
    await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}

main().catch((error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
