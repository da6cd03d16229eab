const CJK = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]/u;

/**
 * Initials for an avatar: the last two characters of a Chinese, Japanese or Korean name
 * (the given name, as Chinese workplace apps show it), else the first letters of the
 * first and last words. Its own module, so the chat panel's avatars do not pull in
 * `<plaza-connection-status>`.
 *
 * @example
 * initialsOf('Alice Chen'); // 'AC'
 * initialsOf('欧阳娜娜'); // '娜娜'
 */
export function initialsOf(name: string): string {
  const trimmed = name.trim();
  if (CJK.test(trimmed)) return Array.from(trimmed.replace(/\s+/gu, '')).slice(-2).join('');
  const words = trimmed.split(/\s+/u).filter(Boolean);
  const first = Array.from(words[0] ?? '')[0] ?? '';
  const last = words.length > 1 ? (Array.from(words[words.length - 1] ?? '')[0] ?? '') : '';
  return (first + last).toUpperCase();
}
