import { Command, InvalidArgumentError, Option } from 'commander';
import { HubError, type HubClient } from '@hub/client';
import { CHANNELS, LIMITS, type Channel, type ShareItemDto } from '@hub/contracts';
import { hashImageFile, hashImageFileDihedral, hashVideoFile, ImageHashPool } from '@hub/media-hash/node';
import { formatHashedFile, HASH_FORMATS, type HashedFile, type HashFormat } from './hash-output';
import { listMediaFiles, type MediaFile } from './media-files';
import { ProgressBar } from './progress-bar';

interface HashOptions {
  format: HashFormat;
  dihedral?: boolean;
  secondsPerHash: number;
  crop: boolean;
  share?: string;
  channel?: Channel;
  legalReference?: string;
}

/** Exit status when some files could not be hashed or shared: the rest were. */
export const EXIT_SOME_FAILED = 2;

/**
 * `npx hub hash <files or folders>...`: PDQ for images, vPDQ for videos, computed here; only hashes ever
 * leave the machine (with --share). Files that cannot be hashed are named on stderr with the reason and
 * the exit status is 2; the others are still hashed and printed.
 */
export function registerHashCommand(program: Command, client: () => HubClient): void {
  program
    .command('hash <paths...>')
    .description(
      'hash images (PDQ) and videos (vPDQ) locally, and optionally share the hashes, never the media',
    )
    .addOption(
      new Option('--format <format>', 'csv (as Meta prints), te or json')
        .choices(HASH_FORMATS)
        .default('csv'),
    )
    .option('--dihedral', "print the 8 rotations and flips of each image's hash")
    .option(
      '--seconds-per-hash <n>',
      'seconds between hashed video frames (0 = every frame)',
      secondsValue,
      1,
    )
    .option('--no-crop', 'do not also hash video frames inside their uniform borders (letterbox, pillarbox)')
    .option('--share <incidentId>', 'share the hashes with an incident (the bulk endpoint); needs --channel')
    .addOption(new Option('--channel <channel>', 'channel of the shared items').choices(CHANNELS))
    .option('--legal-reference <ref>', 'the legal basis, required for a removal_order')
    .action(async (paths: string[], options: HashOptions) => {
      if (options.share && !options.channel) throw new InvalidArgumentError('--share needs --channel');
      // Resolved before hashing: a missing token should not surface after minutes of video decoding.
      const api = options.share ? client() : undefined;
      const results = await hashAll(paths, options);
      let failed = results.filter((r) => 'error' in r).length;
      if (api && options.share && options.channel)
        failed += await share(api, options.share, { ...options, channel: options.channel }, results);
      if (failed > 0) process.exitCode = EXIT_SOME_FAILED;
    });
}

function secondsValue(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 3600)
    throw new InvalidArgumentError('a number of seconds from 0 to 3600');
  return n;
}

async function hashAll(paths: string[], options: HashOptions): Promise<HashedFile[]> {
  const files = await listMediaFiles(paths);
  const progress = new ProgressBar(files.length);
  const results: HashedFile[] = new Array(files.length);
  let printed = 0;
  // Printed in the order listed, as soon as every earlier file is done.
  const settle = (index: number, result: HashedFile) => {
    results[index] = result;
    if ('error' in result) progress.note(`${result.path}: ${result.error}`);
    while (printed < files.length && results[printed]) {
      const text = formatHashedFile(results[printed], options.format);
      if (text) progress.write(text);
      printed++;
    }
    progress.tick(result.path);
  };

  const images = files.flatMap((f, i) => ('kind' in f && f.kind === 'image' ? [i] : []));
  const videos = files.flatMap((f, i) => ('kind' in f && f.kind === 'video' ? [i] : []));
  files.forEach((f, i) => 'error' in f && settle(i, { path: f.path, error: f.error }));

  // Images go to the library's pool of hashing threads (decoding and hashing on every core; even one
  // picture hashes faster there, away from this process's larger heap). Run from the TypeScript sources
  // without the built worker, they are hashed here. Videos one at a time: ffmpeg decodes on its own
  // threads while this process hashes their frames on threads of its own.
  const threads = images.length > 0 ? imagePool() : undefined;
  const hasher: ImageHasher = threads ?? { hash: hashImageFile, hashDihedral: hashImageFileDihedral };
  const imageWork = pool(images, threads ? images.length : 2, async (i) =>
    settle(i, await hashImage(files[i] as Extract<MediaFile, { kind: string }>, options, hasher)),
  );
  const videoWork = (async () => {
    for (const i of videos)
      settle(i, await hashVideo(files[i] as Extract<MediaFile, { kind: string }>, options, progress));
  })();
  try {
    await Promise.all([imageWork, videoWork]);
  } finally {
    await threads?.close();
  }
  progress.done();
  return results;
}

type ImageHasher = Pick<ImageHashPool, 'hash' | 'hashDihedral'>;

function imagePool(): ImageHashPool | undefined {
  try {
    return new ImageHashPool();
  } catch {
    return undefined; // not built (run from the sources): hash on this thread
  }
}

async function hashImage(
  file: { path: string },
  options: HashOptions,
  hasher: ImageHasher,
): Promise<HashedFile> {
  try {
    if (options.dihedral) {
      const { quality, hashes } = await hasher.hashDihedral(file.path);
      return { path: file.path, kind: 'image', hash: hashes.original, quality, dihedral: hashes };
    }
    const { hash, quality } = await hasher.hash(file.path);
    return { path: file.path, kind: 'image', hash, quality };
  } catch (error) {
    return { path: file.path, error: `cannot read the image: ${message(error, file.path)}` };
  }
}

async function hashVideo(
  file: { path: string },
  options: HashOptions,
  progress: ProgressBar,
): Promise<HashedFile> {
  try {
    const video = await hashVideoFile(file.path, {
      secondsPerHash: options.secondsPerHash,
      cropBorders: options.crop,
      onFrame: (seconds) => progress.detail(`${file.path} ${seconds.toFixed(0)} s`),
    });
    return { path: file.path, kind: 'video', ...video };
  } catch (error) {
    return { path: file.path, error: `cannot read the video: ${message(error, file.path)}` };
  }
}

/** Shares every hashed file as one item, in batches the bulk endpoint takes; answers how many failed. */
async function share(
  api: HubClient,
  incident: string,
  options: HashOptions & { channel: Channel },
  results: HashedFile[],
): Promise<number> {
  const hashed = results.filter((r): r is Exclude<HashedFile, { error: string }> => !('error' in r));
  const items = hashed.map((r): ShareItemDto => ({
    kind: 'hash',
    hash:
      r.kind === 'image'
        ? { algorithm: 'pdq', value: r.hash, quality: r.quality }
        : { algorithm: 'vpdq', frames: r.frames },
    channel: options.channel,
    ...(options.legalReference ? { legalReference: options.legalReference } : {}),
    metadata: { contentType: r.kind },
  }));
  let shared = 0;
  let duplicates = 0;
  let failed = 0;
  for (let start = 0; start < items.length; start += LIMITS.bulkItems) {
    const batch = items.slice(start, start + LIMITS.bulkItems);
    let answer;
    try {
      answer = await api.shareBulk(incident, batch);
    } catch (error) {
      if (!(error instanceof HubError)) throw error;
      process.stderr.write(`share: ${error.status ? `${error.status} ` : ''}${error.message}\n`);
      return failed + items.length - start;
    }
    for (const entry of answer.results) {
      if (entry.status === 201) shared++;
      else if (entry.status === 200) duplicates++;
      else {
        failed++;
        process.stderr.write(
          `${hashed[start + entry.index].path}: not shared: ${entry.error?.message ?? entry.status}\n`,
        );
      }
    }
  }
  process.stderr.write(`shared ${shared} new, ${duplicates} already shared, ${failed} refused\n`);
  return failed;
}

async function pool<T>(items: readonly T[], size: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const runner = async () => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, runner));
}

/** The error's message without the path the library already starts it with (the line starts with it). */
function message(error: unknown, path: string): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.startsWith(`${path}: `) ? text.slice(path.length + 2) : text;
}
