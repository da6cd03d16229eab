import { printTable, type Row } from './report.js';
import { run as chatPanelFirstFrame } from './chat-panel-first-frame.bench.js';
import { run as fanOut } from './fan-out.bench.js';
import { run as historyDepth } from './history-depth.bench.js';
import { run as idleMemory } from './idle-memory.bench.js';
import { run as publicTicketsThroughput } from './public-tickets-throughput.bench.js';
import { run as sendAck } from './send-ack.bench.js';
import { run as socketRequests } from './socket-requests.bench.js';
import { run as taskBoardRender } from './task-board-render.bench.js';
import { run as taskMoveFanout } from './task-move-fanout.bench.js';
import { run as ticketFormInteractive } from './ticket-form-interactive.bench.js';

/** Every benchmark by name; `npm run bench -- send-ack history-depth` runs only those named. */
const BENCHES: Record<string, () => Promise<Row[]>> = {
  'socket-requests': socketRequests,
  'send-ack': sendAck,
  'history-depth': historyDepth,
  'fan-out': fanOut,
  'idle-memory': idleMemory,
  'chat-panel-first-frame': chatPanelFirstFrame,
  'task-move-fanout': taskMoveFanout,
  'task-board-render': taskBoardRender,
  'public-tickets-throughput': publicTicketsThroughput,
  'ticket-form-interactive': ticketFormInteractive,
};

const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !(name in BENCHES));
if (unknown.length > 0) throw new Error(`unknown benchmark ${unknown.join(', ')}; known: ${Object.keys(BENCHES).join(', ')}`);

const rows: Row[] = [];
for (const [name, bench] of Object.entries(BENCHES)) {
  if (wanted.length === 0 || wanted.includes(name)) rows.push(...(await bench()));
}
const within = printTable(rows);
process.exit(within ? 0 : 1);
