import net from 'node:net';

// Asks the kernel for a free loopback port. Another process may take it before ours binds, so the
// components that use it retry with a new port when their log says the address is in use.
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('could not get a free port'))));
    });
  });
}

export function isAddressInUse(logTail: string): boolean {
  return /address already in use|EADDRINUSE|bind: address/i.test(logTail);
}
