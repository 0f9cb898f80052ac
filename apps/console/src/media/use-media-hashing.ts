import { useEffect, useRef, useState } from 'preact/hooks';
import { MediaHasher } from './media-hasher';
import { mediaKindOf, type MediaEntry } from './media-share';
import { hashVideo } from './video-frames';

/** The longer side of a preview, in CSS pixels, doubled for sharp screens. */
const THUMBNAIL = 128;
const REDRAW_MS = 100;

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
 * view redraws at most ten times a second (a progress bar needs no more, and the page's thread stays free).
 */
export function useMediaHashing(): MediaHashing {
  const entries = useRef<MediaEntry[]>([]);
  const hasher = useRef<MediaHasher | null>(null);
  const videos = useRef<Promise<void>>(Promise.resolve());
  const timer = useRef(0);
  const [, setVersion] = useState(0);
  const keys = useRef(0);

  const redraw = () => {
    if (timer.current) return;
    timer.current = window.setTimeout(() => {
      timer.current = 0;
      setVersion((v) => v + 1);
    }, REDRAW_MS);
  };
  const pool = () => (hasher.current ??= new MediaHasher());
  // Entries are replaced, never changed in place, so a row renders again only when its own file moved on.
  const update = (key: number, change: Partial<MediaEntry>) => {
    entries.current = entries.current.map((e) => (e.key === key ? { ...e, ...change } : e));
    redraw();
  };
  const thumbnail = (blob?: Blob) => (blob ? URL.createObjectURL(blob) : undefined);

  const hashImage = (key: number, file: File) => {
    update(key, { status: 'hashing' });
    pool()
      .hashFile(file, THUMBNAIL)
      .then(
        (picture) =>
          update(key, {
            status: 'hashed',
            progress: 1,
            hash: picture.hash,
            quality: picture.quality,
            width: picture.width,
            height: picture.height,
            thumbnailUrl: thumbnail(picture.thumbnail),
          }),
        (error: Error) => update(key, { status: 'failed', progress: 1, error: error.message }),
      );
  };
  const hashOneVideo = async (key: number, file: File) => {
    update(key, { status: 'hashing' });
    try {
      const video = await hashVideo(file, pool(), {
        thumbnail: THUMBNAIL,
        onProgress: (fraction) => update(key, { progress: fraction }),
      });
      update(key, {
        status: 'hashed',
        progress: 1,
        frames: video.frames,
        width: video.width,
        height: video.height,
        thumbnailUrl: thumbnail(video.thumbnail),
      });
    } catch (error) {
      update(key, { status: 'failed', progress: 1, error: (error as Error).message });
    }
  };

  useEffect(
    () => () => {
      hasher.current?.close();
      clearTimeout(timer.current);
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
      const start: (() => void)[] = [];
      for (const file of files) {
        if (entries.current.length + added.length >= limit) break;
        const kind = mediaKindOf(file);
        const entry: MediaEntry = {
          key: ++keys.current,
          name: file.name,
          kind,
          status: kind ? 'waiting' : 'failed',
          progress: kind ? 0 : 1,
          ...(kind ? {} : { error: 'neither a picture nor a video' }),
        };
        added.push(entry);
        if (kind === 'image') start.push(() => hashImage(entry.key, file));
        if (kind === 'video') videos.current = videos.current.then(() => hashOneVideo(entry.key, file));
      }
      if (added.length === 0) return;
      entries.current = [...entries.current, ...added];
      for (const go of start) go();
      redraw();
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
      const byKey = new Map(answers.map(({ key, status, message }) => [key, { status, message }]));
      entries.current = entries.current.map((e) =>
        byKey.has(e.key) ? { ...e, shared: byKey.get(e.key) } : e,
      );
      redraw();
    },
  };
}
