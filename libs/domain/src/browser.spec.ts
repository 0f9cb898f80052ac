import { build } from 'esbuild';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');

/** Bundles the console's entry of the domain as the console's build does, for a browser. */
async function bundleBrowserEntry() {
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: ['libs/domain/src/browser.ts'],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    write: false,
    metafile: true,
    logLevel: 'silent',
    alias: { '@hub/contracts': './libs/contracts/src/browser.ts' },
  });
  return { inputs: Object.keys(result.metafile.inputs), code: result.outputFiles[0].text };
}

describe('the browser entry of the domain', () => {
  it('bundles for a browser from the rules files alone', async () => {
    const { inputs } = await bundleBrowserEntry();
    expect(inputs.sort()).toEqual([
      'libs/domain/src/access/access.policy.ts',
      'libs/domain/src/browser.ts',
      'libs/domain/src/core/errors.ts',
      'libs/domain/src/identity/membership.rules.ts',
      'libs/domain/src/incidents/answer-note.ts',
      'libs/domain/src/incidents/containment.machine.ts',
      'libs/domain/src/incidents/incident.machine.ts',
      'libs/domain/src/incidents/percentile.ts',
    ]);
  });

  it('uses no Node global', async () => {
    const { code } = await bundleBrowserEntry();
    expect(code).not.toMatch(/\b(Buffer|process|require|__dirname)\b/);
  });
});
