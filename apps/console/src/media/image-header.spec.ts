import sharp from 'sharp';
import { exifOrientation, HEADER_BYTES, storesGrey } from './image-header';

const picture = (channels: 1 | 3) => {
  const image = sharp(Buffer.alloc(32 * 24 * channels, 90), { raw: { width: 32, height: 24, channels } });
  return channels === 1 ? image.toColourspace('b-w') : image;
};

describe('a picture file’s header', () => {
  it('tells grey PNG and JPEG files from colour ones', async () => {
    expect(storesGrey(await picture(1).png().toBuffer())).toBe(true);
    expect(storesGrey(await picture(3).png().toBuffer())).toBe(false);
    expect(storesGrey(await picture(1).jpeg().toBuffer())).toBe(true);
    expect(storesGrey(await picture(3).jpeg().toBuffer())).toBe(false);
    expect(storesGrey(await picture(1).jpeg({ progressive: true }).toBuffer())).toBe(true);
  });

  it('finds the JPEG frame header behind EXIF and other segments', async () => {
    const withExif = await picture(1)
      .jpeg()
      .withExifMerge({ IFD0: { ImageDescription: 'x'.repeat(5_000) } })
      .toBuffer();
    expect(withExif.includes('x'.repeat(5_000))).toBe(true);
    expect(withExif.length).toBeLessThan(HEADER_BYTES);
    expect(storesGrey(withExif)).toBe(true);
  });

  it('says no for other formats, and for cut or odd bytes', async () => {
    expect(storesGrey(await picture(1).webp().toBuffer())).toBe(false);
    expect(storesGrey(new Uint8Array([0xff, 0xd8, 0xff]))).toBe(false);
    expect(storesGrey(new Uint8Array(0))).toBe(false);
    expect(storesGrey(new TextEncoder().encode('not a picture at all'))).toBe(false);
  });

  it('reads a JPEG’s EXIF orientation, 1 when it has none', async () => {
    for (const orientation of [1, 2, 3, 4, 5, 6, 7, 8])
      expect(exifOrientation(await picture(3).jpeg().withMetadata({ orientation }).toBuffer())).toBe(
        orientation,
      );
    expect(exifOrientation(await picture(3).jpeg().toBuffer())).toBe(1);
    expect(exifOrientation(await picture(3).png().toBuffer())).toBe(1);
    expect(exifOrientation(new Uint8Array([0xff, 0xd8, 0xff, 0xe1, 0x00]))).toBe(1);
  });
});
