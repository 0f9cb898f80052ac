// @hub/media-hash: perceptual hashes of pictures (PDQ) and videos (vPDQ), in plain TypeScript with no
// Node or DOM API, so the CLI, a Web Worker and the console share one implementation. Decoding files
// lives in `./node` (@hub/media-hash/node).
export { DIHEDRALS, MediaHashInputError, type Dihedral, type Pixels } from './pixels';
export { pdqHash, pdqHashDihedral, type PdqOptions, type PdqResult } from './pdq.hasher';
export { dihedralOfHash, hammingDistance, PDQ_HEX_LENGTH } from './pdq-hash.codec';
export * from './vpdq';
