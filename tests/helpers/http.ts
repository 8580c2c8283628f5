/** A loopback HTTP server for tests: routes are plain handlers; every test gets its own port. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request handler for the test server. */
export type Route = (req: http.IncomingMessage, res: http.ServerResponse) => void | Promise<void>;

/** A running loopback server. */
export interface TestServer {
  url: string;
  port: number;
  /** Requests seen, in order, as "METHOD path". */
  hits: string[];
  /** Request headers of every hit, in order. */
  headers: http.IncomingHttpHeaders[];
  close(): Promise<void>;
}

/** Starts a server on 127.0.0.1 that answers from `routes` (path → handler; `*` catches the rest), 404 otherwise. */
export async function startServer(routes: Record<string, Route>): Promise<TestServer> {
  const hits: string[] = [];
  const headers: http.IncomingHttpHeaders[] = [];
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    hits.push(`${req.method} ${req.url}`);
    headers.push(req.headers);
    const route = routes[path] ?? routes['*'];
    if (!route) {
      res.statusCode = 404;
      res.end('not found');
      return;
    }
    Promise.resolve(route(req, res)).catch((err: unknown) => {
      res.statusCode = 500;
      res.end(String(err));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    hits,
    headers,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
