/** Baseline for send→ack: a bare socket.io server that acknowledges every `chat:send` at once. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';

const http = createServer();
const io = new Server(http);
io.on('connection', (socket) => {
  socket.on('chat:send', (payload: unknown, ack: (answer: unknown) => void) => ack({ ok: true, data: payload }));
});
http.listen(0, '127.0.0.1', () => {
  process.stdout.write(`listening http://127.0.0.1:${(http.address() as AddressInfo).port}\n`);
});
