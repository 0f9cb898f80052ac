// @hub/media-hash/node: decoding files in Node (sharp for pictures), on top of the pure library.
export {
  decodeImageBytes,
  decodeImageFile,
  MAX_IMAGE_BYTES,
  MAX_IMAGE_PIXELS,
  sniffImageFormat,
  type DecodeOptions,
  type ImageFormat,
} from './image.decoder';
export { hashImageFile, hashImageFileDihedral } from './image.hasher';
export { UnsupportedMediaError, type UnsupportedMediaReason } from './unsupported-media.error';
export {
  decodeFrames,
  FfmpegMissingError,
  type DecodeOptions as VideoDecodeOptions,
  type FramePlan,
  probeVideo,
  VideoDecodeError,
  type FfmpegPaths,
  type VideoStreamInfo,
} from './ffmpeg';
export { hashVideoFile, type HashVideoOptions, type VideoHashes } from './video-hash';
export { ImageHashPool, type ImageHashPoolOptions } from './image-hash.pool';
