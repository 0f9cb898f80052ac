import { readdir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';

export const IMAGE_EXTENSIONS = ['.jpg', '.jpeg', '.png', '.webp', '.gif', '.tif', '.tiff'] as const;
export const VIDEO_EXTENSIONS = ['.mp4', '.webm', '.mov', '.mkv', '.m4v'] as const;

export type MediaKind = 'image' | 'video';

export type MediaFile = { path: string; kind: MediaKind } | { path: string; error: string };

export function mediaKind(path: string): MediaKind | undefined {
  const ext = extname(path).toLowerCase();
  if ((IMAGE_EXTENSIONS as readonly string[]).includes(ext)) return 'image';
  if ((VIDEO_EXTENSIONS as readonly string[]).includes(ext)) return 'video';
  return undefined;
}

/**
 * The files named and those inside the folders named (recursively, in name order, hidden entries left out),
 * each with its kind or the reason it cannot be hashed, in the order given: the output follows it.
 */
export async function listMediaFiles(paths: readonly string[]): Promise<MediaFile[]> {
  const out: MediaFile[] = [];
  const seen = new Set<string>();
  const visit = async (path: string, named: boolean): Promise<void> => {
    if (seen.has(path)) return;
    seen.add(path);
    let info;
    try {
      info = await stat(path);
    } catch (error) {
      out.push({ path, error: reason(error) });
      return;
    }
    if (info.isDirectory()) {
      let entries;
      try {
        entries = await readdir(path, { withFileTypes: true });
      } catch (error) {
        out.push({ path, error: reason(error) });
        return;
      }
      const names = entries.filter((e) => !e.name.startsWith('.')).map((e) => e.name);
      for (const name of names.sort()) await visit(join(path, name), false);
      return;
    }
    if (!info.isFile()) {
      if (named) out.push({ path, error: 'not a regular file' });
      return;
    }
    const kind = mediaKind(path);
    if (kind) out.push({ path, kind });
    else
      out.push({
        path,
        error: `unsupported file type (images: ${IMAGE_EXTENSIONS.join(' ')}; videos: ${VIDEO_EXTENSIONS.join(' ')})`,
      });
  };
  for (const path of paths) await visit(path, true);
  return out;
}

function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT') return 'no such file or folder';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return error instanceof Error ? error.message : String(error);
}
