// The peer: a bare socket.io server speaking the same wire messages with no credential check, no database and
// no validation. The hub's figures over this one are the cost of being real (auth, Postgres, zod, metrics).
import { createServer } from 'node:http';
import { Server } from 'socket.io';
import { AGENT_PING_INTERVAL_MS, AGENT_SOCKET_PATH } from '@flotilla/protocol';

const http = createServer();
// Served the way the hub serves agents: at their path, with the same engine.io ping interval; with fleet-sim's
// BENCH_AGENT_PATH=/socket.io, the way it serves agents older than that path (pings every 20 s).
const legacyPath = process.env.BENCH_AGENT_PATH;
const io = new Server(http, {
  transports: ['websocket'],
  serveClient: false,
  path: legacyPath ?? AGENT_SOCKET_PATH,
  pingInterval: legacyPath ? 20_000 : AGENT_PING_INTERVAL_MS,
});
io.of('/agent').on('connection', (socket) => {
  socket.on('hello', () => socket.emit('welcome', { protocolVersion: 1, heartbeatIntervalMs: 20_000, clusterId: socket.id }));
  socket.on('heartbeat', (hb: { seq?: number }) => socket.emit('ack', { seq: hb.seq ?? 0 }));
});
http.listen(Number(process.argv[2]), '127.0.0.1', () => process.send?.({ type: 'ready' }));
