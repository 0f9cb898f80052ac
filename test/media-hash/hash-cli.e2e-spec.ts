import { HUB_OPTIONS } from '@hub/app';
import { parseVpdqLines } from '@hub/media-hash';
import { hashImageFile } from '@hub/media-hash/node';
import { declareIncident, startTestHub, type Cast, type TestHub } from '@hub/testing';
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const HUB = join(__dirname, '..', '..', 'bin', 'hub.js');
const VECTORS = join(__dirname, '..', 'fixtures', 'media', 'vpdq');

/** `npx hub hash`, run as a user runs it: the built command line in its own process. */
describe('npx hub hash', () => {
  let dir: string;
  let t: TestHub;
  let as: Cast;
  const files: Record<string, string> = {};

  const run = (args: string[], env: NodeJS.ProcessEnv = process.env) =>
    new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [HUB, ...args], { env });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      child.on('close', (status) => resolve({ status, stdout, stderr }));
    });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hub-hash-'));
    const ffmpeg = (...args: string[]) =>
      execFileSync('ffmpeg', ['-nostdin', '-loglevel', 'error', '-y', ...args]);
    // Two pictures unlike each other, and a short video, all made here; a nested folder; a text file; a
    // file that calls itself a JPEG but is not one.
    mkdirSync(join(dir, 'media', 'nested'), { recursive: true });
    files.bars = join(dir, 'media', 'bars.png');
    ffmpeg('-f', 'lavfi', '-i', 'testsrc2=size=640x360', '-frames:v', '1', files.bars);
    files.mandel = join(dir, 'media', 'nested', 'mandelbrot.jpg');
    ffmpeg('-f', 'lavfi', '-i', 'mandelbrot=size=480x480', '-frames:v', '1', '-q:v', '2', files.mandel);
    files.video = join(dir, 'media', 'nested', 'clip.mp4');
    copyFileSync(join(VECTORS, 'pattern-sd-grey-bar.mp4'), files.video);
    files.notes = join(dir, 'media', 'notes.txt');
    writeFileSync(files.notes, 'not media');
    files.fake = join(dir, 'media', 'fake.jpg');
    writeFileSync(files.fake, 'not a picture at all');
    t = await startTestHub(HUB_OPTIONS, { label: 'hash-cli' });
    as = await t.seed();
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("prints an image as Meta's pdq-photo-hasher does: <hash>,<quality>,<path>", async () => {
    const out = await run(['hash', files.bars]);
    expect(out.stderr).toBe('');
    expect(out.status).toBe(0);
    const expected = await hashImageFile(files.bars);
    expect(out.stdout).toBe(`${expected.hash},${expected.quality},${files.bars}\n`);
  });

  it('walks folders, hashes what it can, names what it cannot with the reason, and exits 2', async () => {
    const out = await run(['hash', join(dir, 'media'), join(dir, 'missing.png')]);
    expect(out.status).toBe(2);
    const lines = out.stdout.trim().split('\n');
    // In name order: bars.png, then nested/clip.mp4 (a block), then nested/mandelbrot.jpg.
    expect(lines[0]).toMatch(new RegExp(`^[0-9a-f]{64},\\d+,${files.bars}$`));
    expect(lines[1]).toBe(`# ${files.video}`);
    expect(lines[lines.length - 1]).toMatch(new RegExp(`^[0-9a-f]{64},\\d+,${files.mandel}$`));
    const video = parseVpdqLines(lines.slice(lines.indexOf(`# ${files.video}`) + 1, -1).join('\n'));
    expect(video.map((f) => f.frame).slice(0, 3)).toEqual([0, 30, 60]);
    expect(out.stderr).toContain(`${files.notes}: unsupported file type`);
    expect(out.stderr).toMatch(new RegExp(`${files.fake}: cannot read the image: .+`));
    expect(out.stderr).toContain(`${join(dir, 'missing.png')}: no such file or folder`);
    // Not a terminal: no progress bar in the way.
    expect(out.stderr).not.toContain('\r');
  });

  it('draws a progress bar on stderr when stderr is a terminal, and keeps it out of stdout', async () => {
    // util-linux's `script` runs the command on a pseudo-terminal and records what the terminal shows.
    const out = join(dir, 'tty-out.txt');
    const shown = join(dir, 'tty.log');
    const command = `${process.execPath} ${HUB} hash ${files.bars} ${files.mandel} > ${out}`;
    execFileSync('script', ['-qec', command, shown]);
    const terminal = readFileSync(shown, 'utf8');
    expect(terminal).toContain('[###############...............] 1/2');
    expect(terminal).toContain('[##############################] 2/2');
    expect(readFileSync(out, 'utf8').trim().split('\n')).toHaveLength(2);
    expect(readFileSync(out, 'utf8')).not.toContain('[#');
  });

  it('prints every frame with --seconds-per-hash 0, and the frames inside the bars after them', async () => {
    const out = await run(['hash', '--seconds-per-hash', '0', files.video]);
    expect(out.status).toBe(0);
    const [, whole, inside] = out.stdout.split(/^# .*$/m);
    expect(parseVpdqLines(whole)).toHaveLength(206);
    expect(out.stdout).toMatch(new RegExp(`^# ${files.video} inside borders 0,0,\\d+,\\d+$`, 'm'));
    expect(parseVpdqLines(inside)).toHaveLength(206);
    expect(parseVpdqLines(whole).map((f) => f.frame)).toEqual([...Array(206).keys()]);
    expect(parseVpdqLines(inside).map((f) => f.frame)).toEqual([...Array(206).keys()]);
    // Inside the grey bars the picture hashes differently from the whole frame.
    expect(
      parseVpdqLines(inside).filter((f, i) => f.hash !== parseVpdqLines(whole)[i].hash).length,
    ).toBeGreaterThan(100);
  }, 300_000);

  it('prints one JSON object per file with --format json, errors included', async () => {
    const out = await run(['hash', '--format', 'json', files.bars, files.video, files.notes]);
    expect(out.status).toBe(2);
    const objects = out.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(objects).toHaveLength(3);
    expect(objects[0]).toMatchObject({
      path: files.bars,
      kind: 'image',
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(objects[1]).toMatchObject({
      path: files.video,
      kind: 'video',
      width: 480,
      height: 720,
      frameRate: 30,
    });
    expect(objects[1].frames).toHaveLength(7);
    expect(objects[1].cropped).toHaveLength(7);
    expect(objects[1].borders.left).toBeGreaterThan(20);
    expect(objects[2]).toMatchObject({ path: files.notes, error: expect.stringContaining('unsupported') });
  }, 120_000);

  it('prints ThreatExchange lines with --format te, and the 8 dihedral hashes with --dihedral', async () => {
    const te = await run(['hash', '--format', 'te', '--no-crop', files.bars, files.video]);
    expect(te.status).toBe(0);
    const [pdq, vpdq, ...rest] = te.stdout.trim().split('\n');
    expect(rest).toEqual([]);
    expect(pdq).toMatch(/^pdq [0-9a-f]{64}$/);
    const frames = JSON.parse(vpdq.replace(/^vpdq /, '')) as string[];
    expect(frames[1]).toMatch(/^[0-9a-f]{64},\d+,1\.000$/);

    const plain = await hashImageFile(files.bars);
    const dihedral = await run(['hash', '--dihedral', files.bars]);
    const lines = dihedral.stdout.trim().split('\n');
    expect(lines).toHaveLength(8);
    expect(lines[0]).toBe(`${plain.hash},${plain.quality},${files.bars}`);
    expect(new Set(lines.map((l) => l.split(',')[0])).size).toBe(8);
  }, 120_000);

  it('still hashes the pictures when ffmpeg is missing, and says why the video was not', async () => {
    const out = await run(['hash', files.bars, files.video], { ...process.env, PATH: join(dir, 'empty') });
    expect(out.status).toBe(2);
    expect(out.stdout).toMatch(/^[0-9a-f]{64},\d+,/);
    expect(out.stderr).toMatch(
      new RegExp(`${files.video}: cannot read the video: .*not found on PATH.*apt-get install ffmpeg`),
    );
  });

  it('shares the hashes, never the pictures, through the bulk endpoint', async () => {
    const incident = await declareIncident(as, { participants: ['be', 'videoshare'] });
    const hub = (...args: string[]) => run(['--url', t.url, '--token', as.be.token, ...args]);
    const first = await hub('hash', files.bars, files.mandel, '--share', incident.id, '--channel', 'alert');
    expect(first.status).toBe(0);
    expect(first.stderr).toContain('shared 2 new, 0 already shared, 0 refused');
    const items = (await as.be.api.get(`/incidents/${incident.id}/items`)).body.items;
    const printed = first.stdout
      .trim()
      .split('\n')
      .map((l) => l.split(','));
    expect(items.map((i: any) => i.hash).sort((a: any, b: any) => a.value.localeCompare(b.value))).toEqual(
      printed
        .map(([value, quality]) => ({ algorithm: 'pdq', value, quality: Number(quality) }))
        .sort((a, b) => a.value.localeCompare(b.value)),
    );
    expect(items.every((i: any) => i.channel === 'alert' && i.metadata.contentType === 'image')).toBe(true);

    const again = await hub('hash', files.bars, '--share', incident.id, '--channel', 'alert');
    expect(again.stderr).toContain('shared 0 new, 1 already shared, 0 refused');

    const noChannel = await hub('hash', files.bars, '--share', incident.id);
    expect(noChannel.status).toBe(1);
    expect(noChannel.stderr).toContain('--share needs --channel');
  }, 120_000);
});
