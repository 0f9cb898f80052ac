import 'reflect-metadata';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { crc32, deflateSync } from 'node:zlib';
import { join } from 'node:path';
import { HUB_OPTIONS } from '@hub/app';
import { hammingDistance } from '@hub/media-hash';
import { hashImageFile } from '@hub/media-hash/node';
import sharp from 'sharp';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, screenshot, startTestHub, type Cast, type TestHub } from '@hub/testing';

const FIXTURES = join(process.cwd(), 'test', 'fixtures', 'media');

/** Meta's reference hashes of the PNG bridge pictures (`hash,quality,file`). */
function expectedPngHashes(): { file: string; path: string; hash: string; quality: number }[] {
  return readFileSync(join(FIXTURES, 'pdq', 'expected.csv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(','))
    .filter(([, , file]) => file!.startsWith('png/'))
    .map(([hash, quality, file]) => ({
      file: file!.slice('png/'.length),
      path: join(FIXTURES, 'pdq', file!),
      hash: hash!,
      quality: Number(quality),
    }));
}

/** Every request the page makes (its workers' included) and every socket frame it sends. */
interface Sent {
  url: string;
  method: string;
  body: Buffer;
}

/**
 * The share form hashes pictures and videos in the browser, in a worker, and shares only the hashes:
 * the same PNG pixels give Meta's reference hash bit for bit, the page never freezes, and no request
 * carries any of the file's bytes.
 */
describe('the console hashing media where it lies', () => {
  let t: TestHub;
  let as: Cast;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let incidentId: string;
  const sent: Sent[] = [];

  beforeAll(async () => {
    t = await startTestHub(HUB_OPTIONS, { label: 'console-media' });
    as = await t.seed();
    browser = await launchChromium();
    const incident = await as.coordinator.api.post('/incidents', {
      title: 'Forged ballot pictures',
      summary: 'Doctored pictures of ballots circulate.',
      category: 'election_integrity',
      level: 'crisis',
      mode: 'live',
      participants: [as.be.organisation.id],
      platforms: ['videoshare', 'socialnet'],
    });
    expect(incident.status).toBe(201);
    incidentId = incident.body.id;

    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    // Long tasks on the page's thread, from the first script on (the page's own types are not Node's).
    await context.addInitScript(`
      window.longTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) window.longTasks.push({ start: e.startTime, duration: e.duration });
      }).observe({ type: 'longtask', buffered: true });
    `);
    context.on('request', (request) =>
      sent.push({
        url: request.url(),
        method: request.method(),
        body: request.postDataBuffer() ?? Buffer.alloc(0),
      }),
    );
    page = await context.newPage();
    page.on('pageerror', (error) => {
      throw error;
    });
    page.on('websocket', (socket) =>
      socket.on('framesent', ({ payload }) =>
        sent.push({ url: socket.url(), method: 'WS', body: Buffer.from(payload as string) }),
      ),
    );
    await page.goto(`${t.url}/`);
    await page.getByLabel('Access token').fill(as.be.token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await page.goto(`${t.url}/#/incidents/${incidentId}`);
    await page.getByRole('heading', { name: 'Forged ballot pictures' }).waitFor();
    await page.getByRole('radio', { name: 'files' }).check();
  });
  afterAll(async () => {
    await context?.close().catch(() => undefined);
    await browser?.close();
    await t?.close();
  });

  const expected = expectedPngHashes();

  it('hashes the chosen PNG pictures in a worker to Meta’s reference hashes, without freezing the page', async () => {
    expect(expected).toHaveLength(8);
    const started = await page.evaluate(() => performance.now());
    await page.locator('#share-files').setInputFiles(expected.map((e) => e.path));
    await page.locator(`progress[aria-label="Hashing"][data-settled="${expected.length}"]`).waitFor();
    const ended = await page.evaluate(() => performance.now());

    for (const e of expected) {
      const row = page.locator(`li.media-item[data-file="${e.file}"]`);
      expect({ file: e.file, status: await row.getAttribute('data-status') }).toEqual({
        file: e.file,
        status: 'hashed',
      });
      // The same pixels, the same code as the command line: the same bits as Meta's C++.
      expect({ file: e.file, hash: await row.locator('.media-hash').textContent() }).toEqual({
        file: e.file,
        hash: e.hash,
      });
      expect(Number(await row.getAttribute('data-quality'))).toBe(e.quality);
      // The preview is an object URL of this page, made from the file here.
      expect(await row.locator('img.media-thumb').getAttribute('src')).toMatch(/^blob:/);
    }
    expect(await page.locator('.media-warning').count()).toBe(0);

    // The hashing ran in workers: the page's own thread never held on for more than 100 ms meanwhile.
    const longTasks: { start: number; duration: number }[] = await page.evaluate(
      () => (globalThis as any).longTasks,
    );
    const during = longTasks.filter((task) => task.start + task.duration >= started && task.start <= ended);
    expect(during.filter((task) => task.duration > 100)).toEqual([]);
    await screenshot(page, 'share-media-hashed');
  });

  it('takes a dropped picture, and warns beside quality under 50 and a file that is neither picture nor video', async () => {
    // Dropped on the form, as from a file manager.
    const dropped = await page.evaluateHandle((base64: string) => {
      const transfer = new (globalThis as any).DataTransfer();
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      transfer.items.add(new (globalThis as any).File([bytes], 'flat-grey.png', { type: 'image/png' }));
      return transfer;
    }, flatPng(200, 120).toString('base64'));
    await page.locator('.media-drop').dispatchEvent('drop', { dataTransfer: dropped });
    await page
      .locator('#share-files')
      .setInputFiles([{ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not a picture') }]);
    await page.locator(`progress[aria-label="Hashing"][data-settled="${expected.length + 2}"]`).waitFor();
    const flat = page.locator('li.media-item[data-file="flat-grey.png"]');
    expect(await flat.getAttribute('data-status')).toBe('hashed');
    expect(Number(await flat.getAttribute('data-quality'))).toBeLessThan(50);
    expect(await flat.locator('.media-warning').textContent()).toMatch(/Quality under 50/);
    const text = page.locator('li.media-item[data-file="notes.txt"]');
    expect(await text.getAttribute('data-status')).toBe('failed');
    expect(await text.getByRole('alert').textContent()).toMatch(/neither a picture nor a video/);
    // Only the bridge pictures go on: the others are removed from the list.
    await page.getByRole('button', { name: 'Remove flat-grey.png' }).click();
    await page.getByRole('button', { name: 'Remove notes.txt' }).click();
    await page.locator(`progress[aria-label="Hashing"][data-total="${expected.length}"]`).waitFor();
  });

  it('shares the hashes in one request, and no request carries the files', async () => {
    const before = sent.length;
    await page.getByRole('button', { name: 'Share the hashes' }).click();
    await page.getByRole('status').filter({ hasText: '8 shared' }).waitFor();
    const items = (await as.coordinator.api.get(`/incidents/${incidentId}/items`)).body.items;
    const stored = items.map((i: { hash: { algorithm: string; value: string } }) => i.hash);
    expect(stored.every((h: { algorithm: string }) => h.algorithm === 'pdq')).toBe(true);
    expect(new Set(stored.map((h: { value: string }) => h.value))).toEqual(
      new Set(expected.map((e) => e.hash)),
    );
    for (const e of expected)
      expect(await page.locator(`li.media-item[data-file="${e.file}"] .media-shared`).textContent()).toBe(
        'shared',
      );

    // One request shared them: the bulk endpoint, with the hashes and nothing else.
    const posted = sent.slice(before).filter((s) => s.method === 'POST');
    const bulk = posted.filter((s) => s.url.endsWith(`/incidents/${incidentId}/items/bulk`));
    expect(bulk).toHaveLength(1);
    const payload = {
      items: expected.map((e) => ({
        kind: 'hash',
        hash: { algorithm: 'pdq', value: e.hash, quality: e.quality },
        channel: 'referral',
      })),
    };
    expect(JSON.parse(bulk[0]!.body.toString('utf8'))).toEqual({
      items: expect.arrayContaining(payload.items),
    });

    // No request or socket frame since the page opened holds any run of the files' bytes, nor is any
    // larger than that payload (a picture is 760 kB; the eight hashes under 2 kB).
    const limit = Buffer.byteLength(JSON.stringify(payload));
    expect(limit).toBeLessThan(2_000);
    const oversized = sent.filter((s) => s.body.length > limit);
    expect(oversized.map((s) => `${s.method} ${s.url} ${s.body.length}`)).toEqual([]);
    for (const e of expected) {
      const bytes = readFileSync(e.path);
      // 32-byte runs from the header, the compressed data and the end: any upload would carry them.
      const runs = [8, 1_000, Math.floor(bytes.length / 2), bytes.length - 64].map((at) =>
        bytes.subarray(at, at + 32),
      );
      for (const s of sent)
        for (const run of runs)
          expect({ file: e.file, request: s.url, carries: s.body.includes(run) }).toEqual({
            file: e.file,
            request: s.url,
            carries: false,
          });
    }
    expect(sent.some((s) => s.url.startsWith('blob:') && s.method !== 'GET')).toBe(false);
  });

  it('hashes Meta’s sample videos frame by frame in the page, one frame a second, as its vPDQ does', async () => {
    const names = ['doorknob-hd-no-bar', 'chair-19-sd-bar', 'pattern-sd-grey-bar', 'test-padded-dimensions'];
    // Meta's vPDQ of every frame: `frame,quality,hash,seconds`.
    const references = names.map((name) =>
      readFileSync(join(FIXTURES, 'vpdq', `${name}.txt`), 'utf8')
        .trim()
        .split('\n')
        .map((line) => line.split(','))
        .map(([frame, quality, hash]) => ({ frame: Number(frame), quality: Number(quality), hash: hash! })),
    );
    await page.getByRole('button', { name: 'Clear the list' }).click();
    await page.locator('#share-files').setInputFiles(names.map((n) => join(FIXTURES, 'vpdq', `${n}.mp4`)));
    await page
      .locator(`progress[aria-label="Hashing"][data-settled="${names.length}"]`)
      .waitFor({ timeout: 60_000 });
    const doorknob = page.locator('li.media-item[data-file="doorknob-hd-no-bar.mp4"]');
    // A 4-second clip (its sound runs longer): frames at 0, 1, 2 and 3 s.
    expect(await doorknob.getAttribute('data-frames')).toBe('4');
    expect(await doorknob.locator('img.media-thumb').getAttribute('src')).toMatch(/^blob:/);

    // The frames as the share carries them: the request body (the hub may refuse a vPDQ item until it
    // knows the shape; the frames are what count here).
    const before = sent.length;
    await page.getByRole('button', { name: 'Share the hashes' }).click();
    await page.locator('li.media-item[data-file="doorknob-hd-no-bar.mp4"] .media-shared').waitFor();
    const bulk = sent
      .slice(before)
      .find((s) => s.method === 'POST' && s.url.endsWith(`/incidents/${incidentId}/items/bulk`));
    const items: {
      hash: {
        algorithm: string;
        frames: { frame: number; quality: number; hash: string; seconds: number }[];
      };
    }[] = JSON.parse(bulk!.body.toString('utf8')).items;
    expect(items.map((i) => i.hash.algorithm)).toEqual(names.map(() => 'vpdq'));
    names.forEach((name, v) => {
      const frames = items[v]!.hash.frames;
      const reference = references[v]!;
      // As Meta's vPDQ numbers them: every 30th frame of these 30 fps clips, at its time.
      const expected = reference.filter((r) => r.frame % 30 === 0);
      expect({ name, frames: frames.map((f) => [f.frame, f.seconds]) }).toEqual({
        name,
        frames: expected.map((r) => [r.frame, r.frame / 30]),
      });
      // The browser's decoder and colour conversion are not ffmpeg's: Meta's bar, every frame of quality
      // ≥ 50 within distance 31 of the reference frame.
      for (const f of frames) {
        const same = reference.find((r) => r.frame === f.frame)!;
        if (same.quality < 50) continue;
        expect({ name, frame: f.frame, near: hammingDistance(f.hash, same.hash) <= 31 }).toEqual({
          name,
          frame: f.frame,
          near: true,
        });
      }
    });
    // The videos' bytes went nowhere either.
    for (const name of names) {
      const bytes = readFileSync(join(FIXTURES, 'vpdq', `${name}.mp4`));
      const run = bytes.subarray(Math.floor(bytes.length / 2), Math.floor(bytes.length / 2) + 32);
      expect({ name, carried: sent.filter((s) => s.body.includes(run)).length }).toEqual({
        name,
        carried: 0,
      });
    }
  });

  it('gives the command line’s bits for grey pictures, turned photos and WebP', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'console-media-'));
    const files: Record<string, Buffer> = {};
    try {
      const source = join(FIXTURES, 'pdq', 'png', 'bridge-1-original.png');
      Object.assign(files, {
        // Grey stored as one channel: hashed from the grey values, as the reference (and sharp) take them.
        'grey.png': await sharp(source).toColourspace('b-w').png().toBuffer(),
        'grey.jpg': await sharp(source).toColourspace('b-w').jpeg({ quality: 90 }).toBuffer(),
        // Phone photos held sideways or mirrored: the pixels as stored, the EXIF orientation not applied.
        ...Object.fromEntries(
          await Promise.all(
            [2, 3, 5, 6, 7, 8].map(async (orientation) => [
              `turned-${orientation}.jpg`,
              await sharp(source).jpeg({ quality: 90 }).withMetadata({ orientation }).toBuffer(),
            ]),
          ),
        ),
        'lossless.webp': await sharp(source).webp({ lossless: true }).toBuffer(),
      });
      const paths = Object.keys(files).map((name) => join(dir, name));
      for (const [name, bytes] of Object.entries(files)) writeFileSync(join(dir, name), bytes);
      await page.getByRole('button', { name: 'Clear the list' }).click();
      await page.locator('#share-files').setInputFiles(paths);
      await page.locator(`progress[aria-label="Hashing"][data-settled="${paths.length}"]`).waitFor();
      for (const name of Object.keys(files)) {
        const cli = await hashImageFile(join(dir, name));
        const row = page.locator(`li.media-item[data-file="${name}"]`);
        expect({ name, hash: await row.locator('.media-hash').textContent() }).toEqual({
          name,
          hash: cli.hash,
        });
        expect({ name, quality: Number(await row.getAttribute('data-quality')) }).toEqual({
          name,
          quality: cli.quality,
        });
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** A flat grey picture, as PNG: nothing for PDQ to see, so its quality is 0. */
function flatPng(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), body.length + 4);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 0, 0, 0, 0], 8); // 8-bit greyscale
  const rows = Buffer.alloc((width + 1) * height, 128);
  for (let y = 0; y < height; y++) rows[y * (width + 1)] = 0; // filter: none
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
