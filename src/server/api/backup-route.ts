/**
 * `GET /api/v1/backup`: the backup file of the live database, for a site administrator, taken without stopping
 * the service (one snapshot; see snapshotReads). The same format and checksum as `yjinspect backup`.
 */
import { exportBackup, ForbiddenError, snapshotReads, type Store } from '../../app/index.js';
import type { ApiRoute } from './route.js';

export function backupRoute(store: Store): ApiRoute {
  return {
    method: 'GET', url: '/backup', tag: 'administration', errors: [403],
    summary: 'A complete, checksummed backup of the live database, history and password hashes included (site administrator); `yjinspect backup FILE --server URL` saves it',
    async handler({ user, reply }) {
      if (!user.isAdmin) throw new ForbiddenError('Only a site administrator may take a backup');
      const backup = await exportBackup(snapshotReads(store));
      void reply
        .header('cache-control', 'no-store')
        .header('content-disposition', `attachment; filename="yjinspect-backup-${backup.createdAt.slice(0, 10)}.json"`);
      return backup;
    },
  };
}
