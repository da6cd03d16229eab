/**
 * Baseline for send→ack: a bare socket.io server doing the socket work of a Plaza send
 * and nothing else. Each socket joins the room its handshake names (its channel); every
 * `chat:send` is pushed as `chat:message` to that room (the sender included, as Plaza
 * does) and then acknowledged. No storage, no checks.
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';

const http = createServer();
const io = new Server(http);
io.on('connection', (socket) => {
  const { channelId } = socket.handshake.auth as { channelId: string };
  void socket.join(channelId);
  let seq = 0;
  socket.on('chat:send', (payload: { text: string; clientId: string }, ack: (answer: unknown) => void) => {
    const message = { id: randomUUID(), channelId, seq: ++seq, text: payload.text, clientId: payload.clientId, createdAt: new Date().toISOString() };
    io.to(channelId).emit('chat:message', message);
    ack({ ok: true, data: message });
  });
});
http.listen(0, '127.0.0.1', () => {
  process.stdout.write(`listening http://127.0.0.1:${(http.address() as AddressInfo).port}\n`);
});
