import { useEffect, useRef, useState } from 'preact/hooks';
import { MediaHasher } from './media-hasher';
import { mediaKindOf, type MediaEntry } from './media-share';
import { hashVideo } from './video-frames';

/** The longer side of a preview, in CSS pixels, doubled for sharp screens. */
const THUMBNAIL = 128;

export interface MediaHashing {
  entries: readonly MediaEntry[];
  /** Hashed or failed files over all files, and the fraction done for the bar. */
  progress: { settled: number; total: number; fraction: number };
  busy: boolean;
  add(files: Iterable<File>, limit: number): void;
  remove(key: number): void;
  clear(): void;
  /** Records the hub's answers against the entries they concern. */
  markShared(answers: { key: number; status: number; message?: string }[]): void;
}

/**
 * The files chosen in the share form and their hashing: pictures go to the worker pool as they come,
 * videos are drawn one after the other (one `<video>` at a time) with their frames hashed in the pool.
 * The entries change outside Preact's state (a hundred answers a second would each re-render), and the
 * view redraws at most once a frame.
 */
export function useMediaHashing(): MediaHashing {
  const entries = useRef<MediaEntry[]>([]);
  const hasher = useRef<MediaHasher | null>(null);
  const videos = useRef<Promise<void>>(Promise.resolve());
  const frame = useRef(0);
  const [, setVersion] = useState(0);
  const keys = useRef(0);

  const redraw = () => {
    if (frame.current) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = 0;
      setVersion((v) => v + 1);
    });
  };
  const pool = () => (hasher.current ??= new MediaHasher());
  const update = (entry: MediaEntry, change: Partial<MediaEntry>) => {
    Object.assign(entry, change);
    redraw();
  };
  const thumbnail = (blob?: Blob) => (blob ? URL.createObjectURL(blob) : undefined);

  const hashImage = (entry: MediaEntry, file: File) => {
    update(entry, { status: 'hashing' });
    pool()
      .hashFile(file, THUMBNAIL)
      .then(
        (picture) =>
          update(entry, {
            status: 'hashed',
            progress: 1,
            hash: picture.hash,
            quality: picture.quality,
            width: picture.width,
            height: picture.height,
            thumbnailUrl: thumbnail(picture.thumbnail),
          }),
        (error: Error) => update(entry, { status: 'failed', progress: 1, error: error.message }),
      );
  };
  const hashOneVideo = async (entry: MediaEntry, file: File) => {
    update(entry, { status: 'hashing' });
    try {
      const video = await hashVideo(file, pool(), {
        thumbnail: THUMBNAIL,
        onProgress: (fraction) => update(entry, { progress: fraction }),
      });
      update(entry, {
        status: 'hashed',
        progress: 1,
        frames: video.frames,
        width: video.width,
        height: video.height,
        thumbnailUrl: thumbnail(video.thumbnail),
      });
    } catch (error) {
      update(entry, { status: 'failed', progress: 1, error: (error as Error).message });
    }
  };

  useEffect(
    () => () => {
      hasher.current?.close();
      cancelAnimationFrame(frame.current);
      for (const e of entries.current) if (e.thumbnailUrl) URL.revokeObjectURL(e.thumbnailUrl);
    },
    [],
  );

  const list = entries.current;
  const settled = list.filter((e) => e.status === 'hashed' || e.status === 'failed').length;
  const fraction = list.length ? list.reduce((n, e) => n + e.progress, 0) / list.length : 0;
  return {
    entries: list,
    progress: { settled, total: list.length, fraction },
    busy: settled < list.length,
    add(files, limit) {
      const added: MediaEntry[] = [];
      for (const file of files) {
        if (entries.current.length >= limit) break;
        const kind = mediaKindOf(file);
        const entry: MediaEntry = {
          key: ++keys.current,
          name: file.name,
          kind,
          status: kind ? 'waiting' : 'failed',
          progress: kind ? 0 : 1,
          ...(kind ? {} : { error: 'neither a picture nor a video' }),
        };
        entries.current = [...entries.current, entry];
        added.push(entry);
        if (kind === 'image') hashImage(entry, file);
        if (kind === 'video') videos.current = videos.current.then(() => hashOneVideo(entry, file));
      }
      if (added.length) redraw();
    },
    remove(key) {
      const entry = entries.current.find((e) => e.key === key);
      if (!entry || entry.status === 'hashing' || entry.status === 'waiting') return;
      if (entry.thumbnailUrl) URL.revokeObjectURL(entry.thumbnailUrl);
      entries.current = entries.current.filter((e) => e !== entry);
      redraw();
    },
    clear() {
      for (const e of entries.current) {
        if (e.status === 'hashing' || e.status === 'waiting') continue;
        if (e.thumbnailUrl) URL.revokeObjectURL(e.thumbnailUrl);
      }
      entries.current = entries.current.filter((e) => e.status === 'hashing' || e.status === 'waiting');
      redraw();
    },
    markShared(answers) {
      for (const { key, status, message } of answers) {
        const entry = entries.current.find((e) => e.key === key);
        if (entry) entry.shared = { status, message };
      }
      redraw();
    },
  };
}
