/**
 * Runs `task` while holding the lock `name`: a Web Lock where the browser has them
 * (`navigator.locks`), so two tabs sharing an IndexedDB outbox never flush it at the same
 * time (the same send would go out twice, in the wrong order); otherwise a lock within
 * this JavaScript realm, which is all a memory outbox needs.
 *
 * @example
 * await withLock('plaza-outbox-https://plaza.example.com-acme/u1', () => flush());
 */
export function withLock<T>(name: string, task: () => Promise<T>): Promise<T> {
  const locks = webLocks();
  if (locks) return locks.request(name, task) as Promise<T>;
  return localLock(name, task);
}

interface LockManagerLike {
  request(name: string, callback: () => Promise<unknown>): Promise<unknown>;
}

function webLocks(): LockManagerLike | null {
  const nav = (globalThis as { navigator?: { locks?: LockManagerLike } }).navigator;
  return nav?.locks && typeof nav.locks.request === 'function' ? nav.locks : null;
}

const tails = new Map<string, Promise<unknown>>();

function localLock<T>(name: string, task: () => Promise<T>): Promise<T> {
  const previous = tails.get(name) ?? Promise.resolve();
  const run = previous.then(task, task);
  const tail = run.then(
    () => undefined,
    () => undefined,
  );
  tails.set(name, tail);
  void tail.then(() => {
    if (tails.get(name) === tail) tails.delete(name);
  });
  return run;
}
