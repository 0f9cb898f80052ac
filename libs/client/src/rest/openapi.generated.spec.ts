import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * The SDK's types are docs/openapi.json's: `openapi.generated.ts` is what openapi-typescript gives for the
 * committed document, so a change of the API reaches `HubClient`, the console and the command line (which
 * compile against it) as soon as the document is written again (`npm run openapi`, then `npm run sdk`).
 */
describe('the SDK types generated from the OpenAPI document', () => {
  it('are what docs/openapi.json gives (run `npm run sdk` and commit the file)', () => {
    const script = join(__dirname, '..', '..', '..', '..', 'scripts', 'write-sdk-types.mjs');
    const check = spawnSync(process.execPath, [script, '--check'], { encoding: 'utf8' });
    expect({ status: check.status, stderr: check.stderr }).toEqual({ status: 0, stderr: '' });
  }, 60_000);
});
