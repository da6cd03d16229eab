import { printTable, type Row } from './report.js';
import { run as socketRequests } from './socket-requests.bench.js';

const rows: Row[] = [...(await socketRequests())];
const within = printTable(rows);
process.exit(within ? 0 : 1);
