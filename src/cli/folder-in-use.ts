/**
 * What a command says when the embedded data folder is held by another process (a running server, or another
 * command): who holds it, and what to do instead of opening the folder a second time.
 */
import { hostname } from 'node:os';
import { describeHolder, type DataFolderInUseError } from '../app/index.js';

function instead(command: string, args: readonly string[], server: string): string {
  const sub = args.find((a) => !a.startsWith('-'));
  switch (command) {
    case 'backup':
      return `Back up the running server instead: yjinspect backup ${args[0] ?? 'FILE'} --server ${server}\n` +
        '(with a site administrator\'s YJINSPECT_ADMIN_EMAIL and YJINSPECT_ADMIN_PASSWORD in the environment).';
    case 'user':
      return `Change accounts in the running server instead: ${server}/accounts as a site administrator (or the API, ${server}/api/openapi.json); or stop the server first.`;
    case 'inspection':
      return sub === 'create'
        ? `Create it in the running server instead: ${server}/inspections/new as a site administrator (or POST ${server}/api/v1/inspections); or stop the server first.`
        : `See them in the running server instead: ${server}/inspections (or GET ${server}/api/v1/inspections); or stop the server first.`;
    case 'report': {
      const at = args.indexOf('--inspection');
      const id = at >= 0 ? args[at + 1] : undefined;
      return `Download the report from the running server instead: ${server}/inspections/${id ?? 'ID'}/report; or stop the server first.`;
    }
    case 'restore':
      return 'A restore needs an empty database that no server uses: stop the server first, then restore.';
    default:
      return 'Stop the server first.';
  }
}

export function inUseMessage(command: string, args: readonly string[], err: DataFolderInUseError): string {
  const h = err.holder;
  if (!h) return `yjinspect ${command}: ${err.message}\n`;
  const stop = h.hostname === hostname() ? ` (pid ${h.pid})` : '';
  const next = h.listening
    ? instead(command, args, h.listening)
    : h.command.startsWith('yjinspect serve')
      ? `That server is still starting: try again in a moment${stop ? `, or stop it${stop}` : ''}.`
      : `Try again once it has finished${stop ? `, or stop it${stop}` : ''}.`;
  return `yjinspect ${command}: cannot open the data folder ${err.dataDir}: ${describeHolder(h)} is using it, and a second process would damage it.\n${next}\n`;
}
