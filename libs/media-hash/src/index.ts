// @hub/media-hash: perceptual hashes of pictures (PDQ) and videos (vPDQ), in plain TypeScript with no
// Node or DOM API, so the CLI, a Web Worker and the console share one implementation. Decoding files
// lives in `./node` (@hub/media-hash/node).
//
// PDQ here is Meta's to the bit (test/fixtures/media/pdq): the same pixels give the hash and quality
// that `pdq-photo-hasher` prints. What that takes: 32-bit float arithmetic in the reference's order, the
// reference's squeeze of pictures over 512 to 512×512 (nearest neighbour) before the Jarosz filter (pass
// `squeezeLarge: false` for video frames, as vPDQ hashes them), grey taken as one channel, and, when
// decoding in Node, the stored values (EXIF orientation and colour profiles ignored unless asked).
export { DIHEDRALS, MediaHashInputError, type Dihedral, type Pixels } from './pixels';
export { pdqHash, pdqHashDihedral, type PdqOptions, type PdqResult } from './pdq.hasher';
export { dihedralOfHash, hammingDistance, PDQ_HEX_LENGTH } from './pdq-hash.codec';
export * from './vpdq';
