/**
 * One Chromium per server process for every PDF download: started on the first print, started again if it
 * crashed, closed with the server. At most `concurrent` pages print at once and `waiting` more wait their
 * turn; beyond that a print is refused at once with PrinterBusyError (503, try again shortly), so a burst of
 * downloads cannot start a browser each or pile up without end.
 */
import type { Browser } from 'playwright-core';
import { launchBrowser, printPdf } from './pdf.js';

export interface PrinterLimits {
  readonly concurrent: number;
  readonly waiting: number;
  /** Sent as Retry-After with the 503. */
  readonly retryAfterSeconds: number;
}

export const PRINTER_LIMITS: PrinterLimits = { concurrent: 2, waiting: 8, retryAfterSeconds: 10 };

export class PrinterBusyError extends Error {
  readonly statusCode = 503;
  constructor(readonly retryAfterSeconds: number) {
    super(`Too many PDFs are being printed just now. Try again in ${retryAfterSeconds} seconds.`);
    this.name = 'PrinterBusyError';
  }
}

export class PdfPrinter {
  /** How many times a browser was started (for tests and monitoring). */
  launches = 0;
  /** How many PDFs were printed. */
  prints = 0;
  private browser: Promise<Browser> | null = null;
  private active = 0;
  private readonly queue: (() => void)[] = [];
  private closed = false;

  constructor(readonly limits: PrinterLimits = PRINTER_LIMITS, private readonly launch: () => Promise<Browser> = launchBrowser) {}

  /** Runs `job` with the shared browser when a slot is free; throws PrinterBusyError when the queue is full. */
  async run<T>(job: (browser: Browser) => Promise<T>): Promise<T> {
    if (this.closed) throw new Error('the PDF printer is closed');
    if (this.active < this.limits.concurrent) this.active++;
    else if (this.queue.length < this.limits.waiting) await new Promise<void>((resolve) => this.queue.push(resolve)); // the slot is handed over
    else throw new PrinterBusyError(this.limits.retryAfterSeconds);
    try {
      return await job(await this.current());
    } finally {
      const next = this.queue.shift();
      if (next) next();
      else this.active--;
    }
  }

  print(html: string, options: { draft?: boolean } = {}): Promise<Buffer> {
    return this.run((browser) => {
      this.prints++;
      return printPdf(html, { ...options, browser });
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    const browser = this.browser;
    this.browser = null;
    await (await browser?.catch(() => null))?.close();
  }

  private current(): Promise<Browser> {
    if (this.closed) return Promise.reject(new Error('the PDF printer is closed'));
    if (!this.browser) {
      this.launches++;
      const launching: Promise<Browser> = this.launch().then((browser) => {
        // A crashed or killed browser is forgotten, and the next print starts another.
        browser.on('disconnected', () => {
          if (this.browser === launching) this.browser = null;
        });
        if (this.closed) void browser.close();
        return browser;
      });
      launching.catch(() => {
        if (this.browser === launching) this.browser = null;
      });
      this.browser = launching;
    }
    return this.browser;
  }
}
