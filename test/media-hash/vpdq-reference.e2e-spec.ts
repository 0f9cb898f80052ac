import { formatVpdqLines, hammingDistance, parseVpdqLines, type VpdqFrame } from '@hub/media-hash';
import { FfmpegMissingError, hashVideoFile, VideoDecodeError } from '@hub/media-hash/node';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashJson } from './hub-hash.runner';

const VECTORS = join(__dirname, '..', 'fixtures', 'media', 'vpdq');
const NAMES = ['chair-19-sd-bar', 'doorknob-hd-no-bar', 'pattern-sd-grey-bar', 'test-padded-dimensions'];
const video = (name: string) => join(VECTORS, `${name}.mp4`);
const reference = (name: string) => parseVpdqLines(readFileSync(join(VECTORS, `${name}.txt`), 'utf8'));

// Real ffmpeg (Debian's package) decodes; nothing here is faked.
describe("vPDQ against Meta's reference hashes", () => {
  let everyFrame: Map<string, VpdqFrame[]>;
  beforeAll(async () => {
    const files = await hashJson(['--seconds-per-hash', '0', '--no-crop', ...NAMES.map(video)]);
    everyFrame = new Map(NAMES.map((name, i) => [name, files[i].frames]));
  }, 600_000);

  it.each(NAMES)(
    '%s: every frame, the same count, numbers and times; each frame of quality >= 50 within distance 31',
    (name) => {
      const expected = reference(name);
      const frames = everyFrame.get(name)!;
      expect(frames).toHaveLength(expected.length);
      // Frame numbers and times as Meta prints them, line for line (hashes compared by distance below).
      const strip = (f: VpdqFrame[]) => formatVpdqLines(f.map((x) => ({ ...x, hash: '', quality: 0 })));
      expect(strip(frames)).toBe(strip(expected));
      const far = expected
        .map((ref, i) => ({
          frame: ref.frame,
          quality: ref.quality,
          distance: hammingDistance(ref.hash, frames[i].hash),
        }))
        .filter((d) => d.quality >= 50 && d.distance > 31);
      expect(far).toEqual([]);
      const good = expected.filter((r) => r.quality >= 50);
      const mean = good.reduce((s, r) => s + hammingDistance(r.hash, frames[r.frame].hash), 0) / good.length;
      process.stdout.write(
        `${name}: ${frames.length} frames, mean distance ${mean.toFixed(2)} on quality >= 50\n`,
      );
    },
  );

  it('hashes one frame a second by default: frames 0, 30, 60... of a 30 fps video, as every-frame hashing does', async () => {
    const [one, half] = await Promise.all([
      hashJson(['--no-crop', video('pattern-sd-grey-bar')]),
      hashJson(['--no-crop', '--seconds-per-hash', '0.5', video('pattern-sd-grey-bar')]),
    ]);
    const frames: VpdqFrame[] = one[0].frames;
    expect(frames.map((f) => f.frame)).toEqual([0, 30, 60, 90, 120, 150, 180]);
    expect(frames.map((f) => f.seconds.toFixed(3))).toEqual([
      '0.000',
      '1.000',
      '2.000',
      '3.000',
      '4.000',
      '5.000',
      '6.000',
    ]);
    const all = everyFrame.get('pattern-sd-grey-bar')!;
    expect(frames).toEqual(frames.map((f) => all[f.frame]));
    expect(half[0].frames.map((f: VpdqFrame) => f.frame).slice(0, 3)).toEqual([0, 15, 30]);
  }, 300_000);

  describe('failures', () => {
    let dir: string;
    beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'vpdq-'))));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('says clearly that ffmpeg is missing', async () => {
      const missing = hashVideoFile(video('doorknob-hd-no-bar'), {
        ffmpeg: join(dir, 'no-ffmpeg'),
        ffprobe: join(dir, 'no-ffprobe'),
      });
      await expect(missing).rejects.toBeInstanceOf(FfmpegMissingError);
      await expect(missing).rejects.toThrow(/not found on PATH.*apt-get install ffmpeg/);
    });

    it('names the file ffmpeg cannot read', async () => {
      const fake = join(dir, 'not-a-video.mp4');
      writeFileSync(fake, 'this is text, not a video');
      const failed = hashVideoFile(fake);
      await expect(failed).rejects.toBeInstanceOf(VideoDecodeError);
      await expect(failed).rejects.toThrow(fake);
    });

    it('refuses a negative number of seconds per hash', async () => {
      await expect(hashVideoFile(video('doorknob-hd-no-bar'), { secondsPerHash: -1 })).rejects.toThrow(
        RangeError,
      );
    });
  });
});
