/**
 * Baseline for fan-out: a bare socket.io server with one room that every socket joins on
 * connecting; each `chat:send` is broadcast to the room as `chat:message`, then acked.
 * No authentication, no storage. Prints `listening <url>` once it accepts connections.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';

const ROOM = 'channel';
const http = createServer();
const io = new Server(http);
let seq = 0;
io.on('connection', (socket) => {
  void socket.join(ROOM);
  socket.on('chat:send', (payload: object, ack: (answer: unknown) => void) => {
    const message = { ...payload, seq: ++seq };
    io.to(ROOM).emit('chat:message', message);
    ack({ ok: true, data: message });
  });
});
http.listen(0, '127.0.0.1', () => {
  process.stdout.write(`listening http://127.0.0.1:${(http.address() as AddressInfo).port}\n`);
});
