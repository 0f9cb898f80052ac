import { parentPort } from 'node:worker_threads';
import { hashImageFile, hashImageFileDihedral } from './image.hasher';
import { UnsupportedMediaError } from './unsupported-media.error';
import type { ImageHashReply, ImageHashRequest } from './image-hash.pool';

// One thread of the pool: decodes and hashes the files it is sent, one answer per request.
parentPort?.on('message', async ({ id, path, dihedral, orientation }: ImageHashRequest) => {
  let reply: ImageHashReply;
  try {
    const result = dihedral
      ? await hashImageFileDihedral(path, { orientation })
      : await hashImageFile(path, { orientation });
    reply = { id, result };
  } catch (error) {
    reply =
      error instanceof UnsupportedMediaError
        ? { id, unsupported: { path: error.path, reason: error.reason, detail: error.detail } }
        : { id, failed: error instanceof Error ? error.message : String(error) };
  }
  parentPort!.postMessage(reply);
});
