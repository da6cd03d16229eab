/**
 * Load for public-tickets-throughput: valid public ticket submissions (`POST
 * /v1/public/tickets` with an allowed Origin and a distinct email each) from many loopback
 * addresses, closed-loop: `concurrency` workers, each sending one address's
 * `perAddress` submissions one after the other over one keep-alive connection, then
 * dropping it and taking the next address — a visitor who files a few tickets and leaves.
 * Addresses are 127.0.1.1, 127.0.1.2, … 127.0.1.254, 127.0.2.1, …: Linux routes all of
 * 127.0.0.0/8 to lo, so each is a client address of its own to the server, with no
 * forwarded header involved.
 *
 * Alongside, from `abuser.address` (outside that range), `abuser.count` submissions spread
 * evenly over the measured seconds: more than one address may file, to see them refused.
 *
 * Reads one JSON job on stdin; writes one JSON result on stdout when done.
 */
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';

interface Job {
  url: string;
  tenant: string;
  origin: string;
  concurrency: number;
  perAddress: number;
  warmupSeconds: number;
  seconds: number;
  abuser: { address: string; count: number };
}

interface Answer {
  status: number;
  retryAfter: string | undefined;
}

const job = JSON.parse(await readStdin()) as Job;
const target = new URL(job.url);
const DESCRIPTION = 'The parcel for my order was marked as delivered yesterday, but nothing arrived. Could you check with the carrier and tell me what to do next?';

async function readStdin(): Promise<string> {
  let text = '';
  for await (const chunk of process.stdin) text += (chunk as Buffer).toString('utf8');
  return text;
}

/** The k-th client address: 127.0.1.1 onwards, skipping .0 and .255 in the last byte. */
function address(k: number): string {
  const third = 1 + Math.floor(k / 254);
  if (third > 255) throw new Error(`more than ${255 * 254} client addresses needed`);
  return `127.0.${third}.${1 + (k % 254)}`;
}

/** One submission as the ticket form sends it; `n` makes the email (per-email limit) and text distinct. */
function body(n: number): string {
  return JSON.stringify({
    tenant: job.tenant,
    name: `Bench Customer ${n}`,
    email: `customer-${n}@bench.example`,
    subject: `Order ${n} did not arrive`,
    description: DESCRIPTION,
  });
}

function submit(agent: Agent, localAddress: string, payload: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: target.hostname,
        port: target.port,
        method: 'POST',
        path: '/v1/public/tickets',
        agent,
        localAddress,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), origin: job.origin },
      },
      (response) => {
        response.resume();
        response.on('end', () => resolve({ status: response.statusCode ?? 0, retryAfter: response.headers['retry-after'] }));
        response.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

const started = performance.now();
const measureFrom = started + job.warmupSeconds * 1000;
const stopAt = measureFrom + job.seconds * 1000;
/** Latencies (ms) of the 201s that started and ended inside the measured seconds. */
const latencies: number[] = [];
/** 201s answered inside the measured seconds: the throughput. */
let accepted = 0;
/** Every answer's status, counted, warm-up included. */
const statuses: Record<string, number> = {};
let nextAddress = 0;
let nextSubmission = 0;
let submitted = 0;

async function worker(): Promise<void> {
  while (performance.now() < stopAt) {
    const localAddress = address(nextAddress++);
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      for (let i = 0; i < job.perAddress && performance.now() < stopAt; i++) {
        const begin = performance.now();
        const answer = await submit(agent, localAddress, body(nextSubmission++)).catch(() => ({ status: 0, retryAfter: undefined }));
        const end = performance.now();
        submitted++;
        statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
        if (answer.status === 201 && end >= measureFrom && end <= stopAt) accepted++;
        if (answer.status === 201 && begin >= measureFrom && end <= stopAt) latencies.push(end - begin);
      }
    } finally {
      agent.destroy();
    }
  }
}

/** The one address over its limit: `count` submissions spread over the measured seconds. */
async function abuser(): Promise<Answer[]> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const answers: Answer[] = [];
  const gap = (job.seconds * 1000) / job.abuser.count;
  try {
    await new Promise((resolve) => setTimeout(resolve, measureFrom - performance.now()));
    for (let i = 0; i < job.abuser.count; i++) {
      answers.push(await submit(agent, job.abuser.address, body(-1 - i)));
      await new Promise((resolve) => setTimeout(resolve, gap));
    }
  } finally {
    agent.destroy();
  }
  return answers;
}

const [abuserAnswers] = await Promise.all([abuser(), ...Array.from({ length: job.concurrency }, worker)]);
process.stdout.write(
  JSON.stringify({ accepted, latencies, statuses, submitted, addresses: nextAddress, measuredSeconds: job.seconds, abuser: abuserAnswers }),
);
