import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** Debian's chromium; never a downloaded browser. `.ci/run` installs it when missing. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Where browser tests leave their screenshots. */
export const SCREENSHOTS = join(process.cwd(), 'test-output', 'console');

/**
 * Headless chromium as root on a machine with no outside network: no sandbox, and none of the background
 * traffic (updates, sync, safe browsing) that would knock on closed doors at every start.
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: false });
  return path;
}

/**
 * One headless chromium on a hub's console, and a browser context per person (a session storage of their
 * own), each signed in with a member's token as a person would. An error thrown on a page fails the test.
 */
export class ConsoleBrowser {
  private readonly contexts: BrowserContext[] = [];

  private constructor(
    readonly browser: Browser,
    private readonly url: string,
  ) {}

  static async open(url: string): Promise<ConsoleBrowser> {
    return new ConsoleBrowser(await launchChromium(), url);
  }

  /** The console's first page in a context of its own, signed in as nobody yet. */
  async page(viewport = { width: 1280, height: 800 }): Promise<Page> {
    const context = await this.browser.newContext({ viewport });
    this.contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (error) => {
      throw error;
    });
    await page.goto(`${this.url}/`);
    return page;
  }

  /**
   * Signed in from the sign-in page (in the browser's language, English here); once in, the console may
   * speak the member's own language, so the top bar, not a word, tells that it is open.
   */
  async signIn(token: string, viewport?: { width: number; height: number }): Promise<Page> {
    const page = await this.page(viewport);
    await page.getByLabel('Access token').fill(token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('header.topbar').waitFor();
    return page;
  }

  async close(): Promise<void> {
    for (const context of this.contexts) await context.close().catch(() => undefined);
    await this.browser.close();
  }
}
