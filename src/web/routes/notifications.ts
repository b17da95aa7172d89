/**
 * A person's notifications: the list (newest first, unread marked), marking one or all as read. Only their
 * own: the service reads and marks by the signed-in person, so anyone else's is not found.
 */
import { formatDateTime } from '../views.js';
import { page, type RouteContext } from './common.js';

export function notificationRoutes(ctx: RouteContext): void {
  const { signedIn, services } = ctx;

  signedIn.get('/notifications', async (request, reply) => {
    const { user } = request;
    const list = await services.notifications.list(user);
    const done = request.query.done;
    return page(ctx, request, reply, 'pages/notifications.njk', {
      pageTitle: 'Notifications',
      items: list.map((n) => ({
        id: n.id,
        message: n.message,
        link: n.link,
        when: formatDateTime(n.createdAt),
        unread: n.readAt === null,
      })),
      unreadCount: list.filter((n) => n.readAt === null).length,
      ...(done === 'read' ? { flash: 'Notification marked as read' } : done === 'all' ? { flash: 'All notifications marked as read' } : {}),
      breadcrumbs: [{ text: 'Inspections', href: '/inspections' }],
    });
  });

  signedIn.post('/notifications/:id/read', async (request, reply) => {
    await services.notifications.markRead(request.user, request.params.id);
    return reply.redirect('/notifications?done=read', 303);
  });

  signedIn.post('/notifications/read', async (request, reply) => {
    await services.notifications.markAllRead(request.user);
    return reply.redirect('/notifications?done=all', 303);
  });
}
