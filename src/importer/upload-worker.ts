/** The worker side of readReportUpload: the file's text (a PDF's extracted), then the import. */
import { serveJob } from '../worker/run.js';
import { importReportText, programmeRefusal } from './index.js';
import { extractPdfText, isPdf } from './pdf.js';
import { ReportUploadError, type ReportUpload, type ReportUploadJob } from './upload.js';

async function read({ fileName, bytes, limits }: ReportUploadJob): Promise<ReportUpload> {
  let kind: 'pdf' | 'text', text: string;
  if (isPdf(bytes)) {
    try {
      text = await extractPdfText(bytes, { maxPages: limits.maxPages });
      kind = 'pdf';
    } catch (err) {
      throw new ReportUploadError(`${fileName} could not be read as a PDF (${(err as Error).message}); nothing was saved`);
    }
  } else {
    if (bytes.subarray(0, 4096).includes(0)) throw new ReportUploadError(`${fileName} is neither a PDF nor a text file; upload the report as a PDF, or as text, markdown or HTML`);
    text = new TextDecoder('utf-8', { fatal: false }).decode(bytes).replace(/^\uFEFF/, '');
    kind = 'text';
  }
  const report = importReportText(text, { fileName });
  const refused = programmeRefusal(report);
  if (refused) throw new ReportUploadError(`${fileName}: ${refused.replace(/\.$/, '')}; nothing was saved`);
  return { kind, report };
}

serveJob(read, (err) => (err instanceof ReportUploadError ? 'refused' : undefined));
