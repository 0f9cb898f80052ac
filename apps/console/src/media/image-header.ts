/**
 * Whether a picture file stores grey (one channel) rather than colour, read from its header: the command
 * line (sharp) then hashes the grey values themselves, as Meta's reference does, and so must the browser,
 * whose decoders always hand out RGBA (luma from three equal channels can differ in the last float bit).
 * PNG: the colour type in IHDR; JPEG: the component count of the frame header (SOFn). Other formats: no.
 */
export function storesGrey(head: Uint8Array): boolean {
  const at = (offset: number, ...bytes: number[]) => bytes.every((b, i) => head[offset + i] === b);
  if (at(0, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a) && at(12, 0x49, 0x48, 0x44, 0x52)) {
    const colourType = head[25];
    return colourType === 0 || colourType === 4; // grey, grey with alpha
  }
  if (at(0, 0xff, 0xd8)) {
    let i = 2;
    while (i + 9 < head.length) {
      if (head[i] !== 0xff) return false;
      const marker = head[i + 1]!;
      if (marker === 0xff) {
        i++; // fill byte
        continue;
      }
      // SOF0..SOF15 but DHT (C4), JPG (C8) and DAC (CC): the frame header, components at +9.
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc)
        return head[i + 9] === 1;
      if (marker === 0xd9 || marker === 0xda) return false; // end, or scan data before any frame header
      i += 2 + ((head[i + 2]! << 8) | head[i + 3]!);
    }
  }
  return false;
}

/**
 * The EXIF orientation (1..8) of a JPEG, from its APP1 segment; 1 (as stored) when there is none. The
 * browser always shows, and decodes, a picture turned by it; the command line hashes the pixels as
 * stored, so the console turns them back.
 */
export function exifOrientation(head: Uint8Array): number {
  if (head[0] !== 0xff || head[1] !== 0xd8) return 1;
  let i = 2;
  while (i + 4 < head.length && head[i] === 0xff) {
    const marker = head[i + 1]!;
    const length = (head[i + 2]! << 8) | head[i + 3]!;
    if (marker === 0xda || marker === 0xd9) return 1;
    // APP1 with "Exif\0\0", then a TIFF header: byte order, 42, offset of IFD0.
    if (marker === 0xe1 && head[i + 4] === 0x45 && head[i + 5] === 0x78 && head[i + 6] === 0x69) {
      const tiff = i + 10;
      const little = head[tiff] === 0x49;
      const u16 = (at: number) =>
        little ? head[at]! | (head[at + 1]! << 8) : (head[at]! << 8) | head[at + 1]!;
      const u32 = (at: number) => (little ? u16(at) + u16(at + 2) * 65536 : u16(at) * 65536 + u16(at + 2));
      const ifd = tiff + u32(tiff + 4);
      if (ifd + 2 > head.length) return 1;
      const entries = u16(ifd);
      for (let e = 0; e < entries; e++) {
        const entry = ifd + 2 + e * 12;
        if (entry + 12 > head.length) return 1;
        if (u16(entry) === 0x0112) {
          const value = u16(entry + 8);
          return value >= 1 && value <= 8 ? value : 1;
        }
      }
      return 1;
    }
    i += 2 + length;
  }
  return 1;
}

/** Bytes of the file's start read for `storesGrey`: the JPEG frame header follows EXIF and ICC segments. */
export const HEADER_BYTES = 256 * 1024;
