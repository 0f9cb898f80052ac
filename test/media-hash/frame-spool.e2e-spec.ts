import { decodeFrames, probeVideo, VideoDecodeError } from '@hub/media-hash/node';
import { waitFor } from '@hub/testing';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Real ffmpeg (Debian's package) decodes; nothing here is faked.
const VIDEO = join(__dirname, '..', 'fixtures', 'media', 'vpdq', 'pattern-sd-grey-bar.mp4');
const SPOOL = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
const spools = () =>
  readdirSync(SPOOL).filter((name) => name.startsWith(`crisis-hub-frames-${process.pid}-`));
const digest = (frame: Uint8Array) => createHash('sha256').update(frame).digest('hex');
/** ffmpeg reading its input at the input's own frame rate (`-re`). */
const paced = join(tmpdir(), `ffmpeg-paced-${process.pid}`);

/** This process's ffmpeg children, with their state (R, S, T for stopped...) from /proc. */
function ffmpegChildren(): { pid: number; state: string }[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .flatMap((pid) => {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const [command, rest] = [
          stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')),
          stat.slice(stat.lastIndexOf(')') + 2),
        ];
        const [state, ppid] = rest.split(' ');
        return command === 'ffmpeg' && Number(ppid) === process.pid ? [{ pid: Number(pid), state }] : [];
      } catch {
        return []; // gone meanwhile
      }
    });
}

describe('frames through files: ffmpeg never waits on a busy reader, and what waits is bounded', () => {
  let plan: { every: number; width: number; height: number };
  let piped: string[];
  beforeAll(async () => {
    writeFileSync(paced, '#!/bin/sh\nexec ffmpeg -re "$@"\n', { mode: 0o755 });
    const { width, height } = await probeVideo(VIDEO);
    plan = { every: 1, width, height };
    piped = [];
    for await (const frame of decodeFrames(VIDEO, plan)) piped.push(digest(frame));
    expect(piped).toHaveLength(206);
  }, 120_000);
  afterAll(() => rmSync(paced, { force: true }));
  // Whatever a test left running (it failed before its generator was closed) must not outlive it: a
  // stopped ffmpeg would hold the test run open.
  afterEach(() => ffmpegChildren().forEach(({ pid }) => process.kill(pid, 'SIGKILL')));

  it('gives the same frames as the pipe, in order, and leaves nothing behind', async () => {
    const before = spools();
    const frames: string[] = [];
    for await (const frame of decodeFrames(VIDEO, { ...plan, every: 30 }, { through: 'files' }))
      frames.push(digest(frame));
    expect(frames).toEqual(piped.filter((_, i) => i % 30 === 0));
    expect(spools()).toEqual(before);
    expect(ffmpegChildren()).toEqual([]);
  }, 60_000);

  it('pauses ffmpeg while the reader is behind by its bound, then resumes it: every frame arrives', async () => {
    const frameBytes = plan.width * plan.height * 3;
    // ffmpeg paced at the video's 30 frames a second: the bound is checked as each frame appears, so how
    // far past it ffmpeg gets is what it writes while this process is busy elsewhere, and unpaced that
    // depends on the machine's load (20 frames were seen under a full test run).
    const frames = decodeFrames(
      VIDEO,
      { ...plan, reuse: true },
      { through: 'files', spoolBytes: 4 * frameBytes, ffmpeg: paced },
    );
    try {
      const seen: string[] = [];
      const first = await frames.next();
      seen.push(digest(first.value as Uint8Array));
      // The reader holds on to its first frame; ffmpeg writes four more and is stopped.
      await waitFor(ffmpegChildren, (c) => c.length === 1 && c[0].state === 'T', {
        what: 'ffmpeg stopped (SIGSTOP) by the spool bound',
      });
      const [dir] = spools();
      const waiting = () => readdirSync(join(SPOOL, dir)).filter((name) => name.endsWith('.rgb'));
      const stopped = waiting();
      expect(stopped.length).toBeGreaterThanOrEqual(4);
      // Four, the frame that crossed the bound, and at 30 a second what came in a late look (<= 0.2 s).
      expect(stopped.length).toBeLessThanOrEqual(11);
      expect(ffmpegChildren()).toEqual([expect.objectContaining({ state: 'T' })]);
      expect(waiting()).toEqual(stopped); // a stopped ffmpeg writes nothing more
      for await (const frame of frames) seen.push(digest(frame));
      expect(seen).toEqual(piped);
      expect(ffmpegChildren()).toEqual([]);
      expect(spools()).toEqual([]);
    } finally {
      await frames.return(undefined); // a failed expectation must not leave a stopped ffmpeg behind
    }
  }, 60_000);

  it('stops ffmpeg and removes its frames when the reader gives up early', async () => {
    const frames = decodeFrames(VIDEO, plan, {
      through: 'files',
      spoolBytes: 8 * plan.width * plan.height * 3,
    });
    let read = 0;
    for await (const frame of frames) {
      expect(frame).toHaveLength(plan.width * plan.height * 3);
      if (++read === 3) break;
    }
    expect(ffmpegChildren()).toEqual([]);
    expect(spools()).toEqual([]);
  }, 60_000);

  it('stops ffmpeg and removes its directory when the plan fails (the probe said no)', async () => {
    const frames = decodeFrames(VIDEO, Promise.reject(new Error('the probe failed')), { through: 'files' });
    await expect(frames.next()).rejects.toThrow('the probe failed');
    await waitFor(() => ffmpegChildren().length === 0 && spools().length === 0, Boolean, {
      what: 'ffmpeg gone and its spool removed',
    });
  });

  it('names the file ffmpeg cannot read, through files too', async () => {
    const fake = join(tmpdir(), `not-a-video-${process.pid}.mp4`);
    writeFileSync(fake, 'this is text, not a video');
    const frames = decodeFrames(fake, { every: 30, width: 64, height: 64 }, { through: 'files' });
    await expect(frames.next()).rejects.toThrow(VideoDecodeError);
    expect(spools()).toEqual([]);
  });
});
