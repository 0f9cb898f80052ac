import { vpdqMatch } from '@hub/media-hash';
import type { VideoHashes } from '@hub/media-hash/node';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashJson } from './hub-hash.runner';

const VECTORS = join(__dirname, '..', 'fixtures', 'media', 'vpdq');

/** The picture inside a video's bars as ffmpeg's own cropdetect finds it: independent of ours. */
function cropdetect(video: string): string {
  const args = ['-nostdin', '-hide_banner', '-i', video, '-vf', 'cropdetect=limit=24:round=2'];
  return spawnSync('ffmpeg', [...args, '-frames:v', '30', '-f', 'null', '-'], { encoding: 'utf8' }).stderr;
}

/**
 * Copies with bars added or removed, made here with ffmpeg from Meta's sample videos, re-encoded as any
 * re-upload is. Each must match its original at >= 70 % both ways with the border-cropped hashes, where
 * Meta's whole-frame vPDQ misses it.
 */
describe('vPDQ of copies with bars added or removed', () => {
  let dir: string;
  const hashes = new Map<string, VideoHashes>();
  const hash = async (path: string) => {
    const cached = hashes.get(path);
    if (cached) return cached;
    const [result] = (await hashJson(['--seconds-per-hash', '0.2', path])) as VideoHashes[];
    hashes.set(path, result);
    return result;
  };
  const variant = (source: string, name: string, filter: string) => {
    const out = join(dir, `${name}.mp4`);
    execFileSync('ffmpeg', [
      '-nostdin',
      '-loglevel',
      'error',
      '-y',
      '-i',
      join(VECTORS, `${source}.mp4`),
      '-vf',
      filter,
      '-an',
      '-c:v',
      'libx264',
      '-preset',
      'ultrafast',
      '-crf',
      '20',
      '-pix_fmt',
      'yuv420p',
      out,
    ]);
    return out;
  };
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'vpdq-borders-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  // [what, original, variant's source, variant's ffmpeg filter]
  const cases: [string, string, string][] = [
    ['pillarbox removed (chair)', 'chair-19-sd-bar', 'crop=416:720:32:0'],
    [
      'portrait clip padded into 16:9 (chair)',
      'chair-19-sd-bar',
      'crop=416:720:32:0,pad=1280:720:432:0:black',
    ],
    ['letterbox added (doorknob)', 'doorknob-hd-no-bar', 'pad=1280:960:0:120:black'],
    [
      'grey pillarbox added, squeezed (doorknob)',
      'doorknob-hd-no-bar',
      'scale=960:720,pad=1280:720:160:0:0x606060',
    ],
    ['wide bars removed (test-padded-dimensions)', 'test-padded-dimensions', 'crop=608:1080:236:0'],
    [
      'grey bars swapped for a letterbox (pattern)',
      'pattern-sd-grey-bar',
      'crop=416:720:32:0,pad=416:1000:0:140:black',
    ],
  ];

  it('the crops used below are where ffmpeg finds the bars', () => {
    expect(cropdetect(join(VECTORS, 'chair-19-sd-bar.mp4'))).toContain('crop=416:720:32:0');
    expect(cropdetect(join(VECTORS, 'test-padded-dimensions.mp4'))).toContain('crop=608:1080:236:0');
  }, 60_000);

  it.each(cases)(
    '%s matches its original at >= 70 %% both ways inside the borders',
    async (what, source, filter) => {
      const original = await hash(join(VECTORS, `${source}.mp4`));
      const copy = await hash(variant(source, what.replace(/\W+/g, '-'), filter));
      const cropped = vpdqMatch(copy.cropped!, original.cropped!);
      const whole = vpdqMatch(copy.frames, original.frames);
      process.stdout.write(`${what}: inside borders ${fmt(cropped)}; whole frames ${fmt(whole)}\n`);
      expect(cropped.queryMatchPercent).toBeGreaterThanOrEqual(70);
      expect(cropped.comparedMatchPercent).toBeGreaterThanOrEqual(70);
    },
    300_000,
  );

  it("Meta's whole-frame vPDQ misses every one of these copies", async () => {
    for (const [what, source, filter] of cases) {
      const original = await hash(join(VECTORS, `${source}.mp4`));
      const copy = await hash(variant(source, what.replace(/\W+/g, '-'), filter));
      const whole = vpdqMatch(copy.frames, original.frames);
      expect({ what, miss: whole.queryMatchPercent < 70 || whole.comparedMatchPercent < 70 }).toEqual({
        what,
        miss: true,
      });
    }
  }, 300_000);

  it('keeps the whole-frame hashes beside the cropped ones, equal where a frame has no borders', async () => {
    const doorknob = await hash(join(VECTORS, 'doorknob-hd-no-bar.mp4'));
    expect(doorknob.borders).toEqual({ top: 0, bottom: 0, left: 0, right: 0 });
    expect(doorknob.cropped).toEqual(doorknob.frames);
    const chair = await hash(join(VECTORS, 'chair-19-sd-bar.mp4'));
    expect(chair.borders).toMatchObject({ top: 0, bottom: 0 });
    expect(chair.borders!.left).toBeGreaterThanOrEqual(30);
    expect(chair.borders!.left).toBeLessThanOrEqual(34);
    expect(chair.cropped!.map((f) => f.frame)).toEqual(chair.frames.map((f) => f.frame));
    expect(chair.cropped!.filter((f, i) => f.hash !== chair.frames[i].hash).length).toBeGreaterThan(
      chair.frames.length / 2,
    );
  }, 300_000);
});

const fmt = (m: { queryMatchPercent: number; comparedMatchPercent: number }) =>
  `${m.queryMatchPercent.toFixed(1)} % / ${m.comparedMatchPercent.toFixed(1)} %`;
