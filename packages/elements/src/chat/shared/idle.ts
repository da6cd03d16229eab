/**
 * Runs `callback` when the page is next idle: after the frame being rendered and after the
 * tasks already queued (a page's own "rendered" marks among them), at the latest after
 * `timeout` ms. For work a first frame should not wait for.
 */
export function whenIdle(callback: () => void, timeout = 500): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(callback, { timeout });
  // Safari has no idle callbacks: a task queued from an animation frame runs after its paint.
  else requestAnimationFrame(() => setTimeout(callback));
}
