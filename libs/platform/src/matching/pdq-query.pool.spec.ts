import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PdqIndex } from '@hub/domain';
import { PdqQueryPool } from './pdq-query.pool';

// Runs the built worker (dist/): `npm run build:server` first, as for the other pools.
describe('PdqQueryPool', () => {
  const random = (() => {
    let seed = 7;
    return () => (seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0);
  })();
  const hex = () => Array.from({ length: 8 }, () => random().toString(16).padStart(8, '0')).join('');
  const index = new PdqIndex<number>();
  const hexes = Array.from({ length: 3000 }, hex);
  hexes.forEach((h, id) => index.add(id, h));
  const queries = [...hexes.slice(0, 600), ...Array.from({ length: 200 }, hex)];

  it('answers batches on its threads as the index does on this one', async () => {
    const pool = new PdqQueryPool({ size: 2 });
    try {
      const expected = index.queryMany(queries, 31);
      expect(await index.queryManyAsync(queries, 31, pool)).toEqual(expected);
      const found = await pool.query(index.snapshot(), queries, 31);
      expect(found).toHaveLength(800);
      expect(found[0].length).toBeGreaterThan(0);
    } finally {
      await pool.close();
    }
    await expect(pool.query(index.snapshot(), queries, 31)).rejects.toThrow('closed');
  });

  it('fails the requests of a thread that dies; the index answers them itself', async () => {
    const dying = join(tmpdir(), `pdq-dying-${process.pid}.js`);
    writeFileSync(dying, "require('node:worker_threads').parentPort.on('message', () => process.exit(3));");
    const pool = new PdqQueryPool({ size: 2, workerScript: dying });
    try {
      await expect(pool.query(index.snapshot(), queries, 31)).rejects.toThrow('code 3');
      expect(await index.queryManyAsync(queries, 31, pool)).toEqual(index.queryMany(queries, 31));
    } finally {
      await pool.close();
    }
  });
});
