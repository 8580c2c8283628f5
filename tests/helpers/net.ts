/** A free TCP port on loopback, for servers a test starts itself. */
import net from 'node:net';

/** Asks the OS for a free port on 127.0.0.1 and releases it. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}
