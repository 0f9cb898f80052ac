import { bitsToHex, dihedralOfHash, hammingDistance, hexToBits } from './pdq-hash.codec';
import { DIHEDRALS, MediaHashInputError } from './pixels';

const BRIDGE = 'd8f8f0cee0f4a84f06370222078f67f0b36e2ed596621e1d33e6b39c4e9c9b22';

describe('PDQ hash text', () => {
  it('puts bit 0 in the last hex digit and bit 255 in the first, as Meta writes it', () => {
    const bits = new Uint8Array(256);
    bits[0] = 1;
    expect(bitsToHex(bits)).toBe(`${'0'.repeat(63)}1`);
    bits[0] = 0;
    bits[255] = 1;
    expect(bitsToHex(bits)).toBe(`8${'0'.repeat(63)}`);
    bits[255] = 0;
    bits[16] = 1; // word 1, bit 0: the last digit of the second word from the end
    expect(bitsToHex(bits)).toBe(`${'0'.repeat(59)}1${'0'.repeat(4)}`);
  });

  it('reads back what it writes, in either case', () => {
    expect(bitsToHex(hexToBits(BRIDGE))).toBe(BRIDGE);
    expect(bitsToHex(hexToBits(BRIDGE.toUpperCase()))).toBe(BRIDGE);
  });

  it('counts differing bits', () => {
    expect(hammingDistance(BRIDGE, BRIDGE)).toBe(0);
    expect(hammingDistance('0'.repeat(64), 'f'.repeat(64))).toBe(256);
    expect(
      hammingDistance(BRIDGE, `${BRIDGE.slice(0, 63)}${(parseInt(BRIDGE[63], 16) ^ 0b1011).toString(16)}`),
    ).toBe(3);
    expect(hammingDistance('8'.repeat(64), '0'.repeat(64))).toBe(64);
  });

  it.each([['abc'], ['g'.repeat(64)], [`${BRIDGE} `], [42 as unknown as string]])('refuses %p', (bad) => {
    expect(() => hammingDistance(bad, BRIDGE)).toThrow(MediaHashInputError);
    expect(() => dihedralOfHash(bad)).toThrow(MediaHashInputError);
  });
});

describe('dihedralOfHash', () => {
  const variants = dihedralOfHash(BRIDGE);

  it('gives eight variants, the original unchanged', () => {
    expect(Object.keys(variants).sort()).toEqual([...DIHEDRALS].sort());
    expect(variants.original).toBe(BRIDGE);
  });

  it('composes as the turns do: two quarter turns are a half turn, a flip undoes itself', () => {
    expect(dihedralOfHash(variants.rotate90).rotate90).toBe(variants.rotate180);
    expect(dihedralOfHash(variants.rotate90).rotate180).toBe(variants.rotate270);
    expect(dihedralOfHash(variants.rotate270).rotate90).toBe(BRIDGE);
    for (const flip of ['flipX', 'flipY', 'flipPlus1', 'flipMinus1'] as const)
      expect(dihedralOfHash(variants[flip])[flip]).toBe(BRIDGE);
    expect(dihedralOfHash(variants.flipX).flipY).toBe(variants.rotate180);
  });

  it('moves a bit on the diagonal only by inverting it, and transposes off the diagonal', () => {
    const bits = new Uint8Array(256);
    bits[1 * 16 + 2] = 1; // row 1, column 2
    const one = dihedralOfHash(bitsToHex(bits));
    expect(hexToBits(one.flipPlus1)[2 * 16 + 1]).toBe(1);
    expect(hexToBits(one.flipPlus1).reduce((a, b) => a + b, 0)).toBe(1);
    // Mirroring left-right negates the columns of odd frequency (even index): column 2 is inverted.
    expect(hexToBits(one.flipY)[1 * 16 + 2]).toBe(0);
  });
});
