import { parentPort } from 'node:worker_threads';
import { hashFrame, type FrameJob } from './video-frame.hasher';

// A hashing thread of VideoFramePool: frames in (their buffers transferred), hashes out.
parentPort?.on('message', (message: { id: number; job: FrameJob }) => {
  parentPort?.postMessage({ id: message.id, result: hashFrame(message.job) });
});
