// Child process: N protocol-level agents over socket.io-client. Reads {url, credentials[], window} from a JSON
// file, connects with at most `window` handshakes in flight (a reconnect storm limited by client CPU, not by
// the hub), sends hello, waits for welcome, then one heartbeat each and waits for its ack. Reports to the parent
// over IPC and keeps the sockets open until told to stop.
import { readFile } from 'node:fs/promises';
import { io, type Socket } from 'socket.io-client';
import { AGENT_SOCKET_PATH } from '@flotilla/protocol';

interface Job {
  url: string;
  credentials: string[];
  window: number;
}

const job = JSON.parse(await readFile(process.argv[2]!, 'utf8')) as Job;
const sockets: Socket[] = [];
const report = (msg: Record<string, unknown>): void => {
  process.send?.(msg);
};

function connectOne(credential: string, i: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = io(`${job.url}/agent`, { path: AGENT_SOCKET_PATH, transports: ['websocket'], auth: { credential }, reconnection: false, forceNew: true, timeout: 60_000 });
    const fail = (why: string) => () => reject(new Error(`agent ${i}: ${why}`));
    s.once('connect_error', (err) => reject(new Error(`agent ${i}: connect_error ${err.message}`)));
    s.once('protocol.error', fail('protocol.error'));
    s.once('connect', () => {
      s.emit('hello', {
        protocolVersion: 1,
        agentVersion: 'bench',
        kubernetesVersion: 'v1.35.4',
        nodeCount: 3,
        capabilities: [],
        lastGeneration: 0,
      });
    });
    s.once('welcome', () => resolve(s));
  });
}

const started = performance.now();
let next = 0;
let failures = 0;
async function worker(): Promise<void> {
  while (next < job.credentials.length) {
    const i = next++;
    try {
      sockets.push(await connectOne(job.credentials[i]!, i));
    } catch (err) {
      failures++;
      if (failures <= 3) process.stderr.write(`${String(err)}\n`);
    }
  }
}
await Promise.all(Array.from({ length: job.window }, worker));
const connectMs = performance.now() - started;

const hbStarted = performance.now();
await Promise.all(
  sockets.map(
    (s, seq) =>
      new Promise<void>((resolve) => {
        s.once('ack', () => resolve());
        s.emit('heartbeat', { seq, sentAt: new Date().toISOString() });
      }),
  ),
);
const heartbeatRoundMs = performance.now() - hbStarted;
report({ type: 'connected', connected: sockets.length, failures, connectMs, heartbeatRoundMs });

process.on('message', (msg: { type?: string }) => {
  if (msg.type === 'stop') {
    for (const s of sockets) s.close();
    setTimeout(() => process.exit(0), 200);
  }
});
