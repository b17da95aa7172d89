/**
 * The routes a Fastify app answers, read from the app itself (`printRoutes`), so that a test can say it covers
 * every one: a route added later without a row in the test fails it.
 */
import type { FastifyInstance } from 'fastify';

/** A route's path with every parameter written `:` (names differ between routes sharing a node: `:reportId|:id`). */
export function normaliseRoute(path: string): string {
  return path.replace(/:[A-Za-z0-9_]+(?:\|:[A-Za-z0-9_]+)*/g, ':');
}

/**
 * Every path the ready `app` answers for `method`, normalised (`normaliseRoute`), from the printed route tree:
 * each line is a node whose path continues its parent's, with the methods it answers in brackets.
 */
export function routesOf(app: FastifyInstance, method = 'GET'): string[] {
  const tree = app.printRoutes({ commonPrefix: false, method: method as 'GET' });
  const parents: string[] = [];
  const routes = new Set<string>();
  for (const line of tree.split('\n')) {
    const m = /^([│ ]*)[├└]── (.*?)(?: \(([^)]*)\))?$/.exec(line);
    if (!m) continue;
    const depth = m[1]!.length / 4;
    const path = (parents[depth - 1] ?? '') + m[2]!;
    parents[depth] = path;
    parents.length = depth + 1;
    if (m[3]?.split(', ').includes(method)) routes.add(normaliseRoute(path));
  }
  return [...routes].sort();
}

/** Whether the concrete `url` (query aside) is an address of the normalised `route`. */
export function matchesRoute(route: string, url: string): boolean {
  const pattern = route.split(':').map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[^/]+');
  return new RegExp(`^${pattern}$`).test(url.split('?')[0]!);
}
