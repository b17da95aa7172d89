/** A real SMTP server on a free local port that keeps every message it is sent (the smtp-server package). */
import { SMTPServer } from 'smtp-server';

export interface Mail { to: string[]; raw: string }

/** A local SMTP server that keeps what it is sent. */
export async function startSmtp(): Promise<{ port: number; mails: Mail[]; close(): Promise<void> }> {
  const mails: Mail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as { port: number }).port;
  return { port, mails, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** The quoted-printable soft line breaks undone, so a link reads whole. */
export const mailText = (m: Mail) => m.raw.replace(/=\r?\n/g, '').replace(/=3D/g, '=');
