/**
 * PDF printed by a real Chromium (Debian's, driven by playwright-core; no browser is ever downloaded).
 */
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface PdfOptions {
  /** A browser to reuse (the caller closes it); otherwise one is started and closed for this print. */
  readonly browser?: Browser;
  /** Marks every page DRAFT in its header (the page itself lists what is missing). */
  readonly draft?: boolean;
}

export async function launchBrowser(): Promise<Browser> {
  try {
    return await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  } catch (err) {
    throw new Error(`cannot start Chromium at ${CHROMIUM_PATH} to print the PDF (install the chromium package or set CHROMIUM_PATH): ${(err as Error).message.split('\n')[0]}`);
  }
}

export async function printPdf(html: string, options: PdfOptions = {}): Promise<Buffer> {
  const browser = options.browser ?? (await launchBrowser());
  try {
    const page = await browser.newPage();
    try {
      // The page is self-contained: no request leaves it.
      await page.route('**/*', (route) => (route.request().url().startsWith('data:') ? route.continue() : route.abort()));
      await page.setContent(html, { waitUntil: 'load' });
      await page.emulateMedia({ media: 'print' });
      return await page.pdf({
        format: 'A4',
        printBackground: true,
        // Published documents must be accessible: a tagged PDF whose outline is the report's headings.
        tagged: true,
        outline: true,
        displayHeaderFooter: true,
        headerTemplate: options.draft
          ? '<div style="font-size:9px;width:100%;text-align:center;color:#d4351c;font-weight:bold">DRAFT – not for publication: the data is incomplete</div>'
          : '<span></span>',
        footerTemplate: '<div style="font-size:8px;width:100%;text-align:center;color:#505a5f"><span class="pageNumber"></span> / <span class="totalPages"></span></div>',
        margin: { top: '18mm', bottom: '18mm', left: '15mm', right: '15mm' },
      });
    } finally {
      await page.close();
    }
  } finally {
    if (!options.browser) await browser.close();
  }
}
