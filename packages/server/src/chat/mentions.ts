/**
 * Mentions in message text. A mention is `@` and a host user id, not preceded by an id
 * character (so `bob@example.com` mentions nobody). Host ids may contain `.`, `:`, `@`
 * and letters of any script, so a token can run on into the text after it (`@alice.`,
 * `@zhang.wei你好`): the longest prefix of the token that names a channel member wins.
 */

const ID_CHARS = '\\p{L}\\p{N}._@:+-';
const TOKEN = new RegExp(`(?<![${ID_CHARS}])@([${ID_CHARS}]+)`, 'gu');
const ASCII_ALNUM = /[A-Za-z0-9]/;
const ASCII_WORD = /[A-Za-z0-9_]/;

/** At most this many distinct tokens of one message are looked at. */
export const MAX_MENTION_TOKENS = 50;
const MAX_ID_LENGTH = 128;

/** The distinct `@…` tokens of `text`, without the `@`, in order of appearance. */
export function mentionTokens(text: string): string[] {
  const tokens = new Set<string>();
  for (const match of text.matchAll(TOKEN)) {
    tokens.add(match[1]);
    if (tokens.size >= MAX_MENTION_TOKENS) break;
  }
  return [...tokens];
}

/**
 * The prefixes of a token that could be a host id: the whole token and every cut just
 * before a character that is not an ASCII letter or digit (punctuation, or a letter of
 * another script following the id).
 */
export function idCandidates(token: string): string[] {
  const chars = [...token];
  const candidates: string[] = [];
  for (let i = 1; i <= chars.length && i <= MAX_ID_LENGTH; i++) {
    if (i === chars.length || !ASCII_ALNUM.test(chars[i])) candidates.push(chars.slice(0, i).join(''));
  }
  return candidates;
}

export interface ResolvedMentions {
  /** Host ids of the members mentioned, in order of first mention. */
  userIds: string[];
  /** The text mentions `@all`. */
  all: boolean;
}

/**
 * Which members the tokens mention. `isMember` answers for host ids. `@all` is a token
 * `all` (or `all` followed by something that cannot continue an English word, as in
 * `@all,`), unless a longer prefix of it is a member's id.
 */
export function resolveMentions(tokens: readonly string[], isMember: (hostId: string) => boolean): ResolvedMentions {
  const userIds: string[] = [];
  let all = false;
  for (const token of tokens) {
    const candidates = idCandidates(token);
    let found: string | undefined;
    for (let i = candidates.length - 1; i >= 0; i--) {
      if (isMember(candidates[i])) {
        found = candidates[i];
        break;
      }
    }
    const chars = [...token];
    const saysAll = chars.slice(0, 3).join('') === 'all' && (chars.length === 3 || !ASCII_WORD.test(chars[3]));
    if (found && (!saysAll || [...found].length > 3)) {
      if (!userIds.includes(found)) userIds.push(found);
    } else if (saysAll) {
      all = true;
    }
  }
  return { userIds, all };
}
