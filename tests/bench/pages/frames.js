// Frame timing shared by the browser entries of the benchmarks.
/* global requestAnimationFrame */

/**
 * Resolves with the time at which the next frame has been rendered: a message posted from
 * a requestAnimationFrame callback is handled after that frame's style, layout and paint.
 */
export function nextFrameRendered() {
  return new Promise((resolve) => {
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => resolve(performance.now());
      channel.port2.postMessage(null);
    });
  });
}
