import { printTable, type Row } from './report.js';
import { run as historyDepth } from './history-depth.bench.js';
import { run as sendAck } from './send-ack.bench.js';
import { run as socketRequests } from './socket-requests.bench.js';

const rows: Row[] = [...(await socketRequests()), ...(await sendAck()), ...(await historyDepth())];
const within = printTable(rows);
process.exit(within ? 0 : 1);
