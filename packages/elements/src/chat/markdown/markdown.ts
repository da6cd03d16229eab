/**
 * The safe Markdown subset of chat messages, rendered straight to Lit templates.
 *
 * Blocks: paragraphs (single newlines are line breaks, as in every chat app), fenced code
 * blocks, `>` quotes, `-`/`*`/`+` and `1.` lists. Inline: `**bold**`, `*italic*`,
 * `~~strike~~`, `` `code` ``, `[label](url)`, bare `https://` links, `@mentions` and task
 * links (`plaza:task/<id>`, when the caller renders them).
 *
 * Safety comes from the construction, not from filtering: user text only ever reaches the
 * DOM as the value of a Lit text binding (a text node), every element comes from a static
 * template in this file, and the only attribute taking user input is a link's `href`, which
 * must parse as an absolute `http:`, `https:` or `mailto:` URL. There is no HTML parser to
 * trick, so no sanitiser ships. Hand-written rather than marked/markdown-it because those
 * produce HTML strings (needing a sanitiser and `unsafeHTML`) and cost more than this
 * module's whole budget.
 */
import { html, nothing, type TemplateResult } from 'lit';

export type Rendered = TemplateResult | string;

export interface MarkdownOptions {
  /** Display name for a mentioned user id; unknown ids render as plain text. */
  mentionName?: (id: string) => string | undefined;
  /** The viewer's id: mentions of them are highlighted more strongly. */
  me?: string;
  /** `tabindex` for links, so a list can keep them out of the Tab order of inactive rows. */
  linkTabIndex?: number;
  /**
   * Renders a task link (`plaza:task/<id>`, see `taskLink` in @plaza/protocol), given only
   * an id in the Plaza id alphabet; without it such text stays text.
   */
  taskLink?: (taskId: string) => Rendered;
}

const SCHEMES = new Set(['http:', 'https:', 'mailto:']);

/** The URL as an absolute http(s)/mailto href, or null for anything else. */
export function safeHref(raw: string): string | null {
  try {
    const url = new URL(raw.trim());
    return SCHEMES.has(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}

const MAX_DEPTH = 6;
const PUNCTUATION = /[!-/:-@[-`{-~]/;
const WORD = /[\p{L}\p{N}]/u;
/** Characters of a host user id: a mention is `@` and an id not preceded by one of them. */
const ID_CHAR = /[\p{L}\p{N}._@:+-]/u;
const MENTION = /^@([\p{L}\p{N}._@:+-]+)/u;
const AUTOLINK = /^(?:https?:\/\/|mailto:)[^\s<>"]+/i;
/**
 * A task link, `taskLink(id)` of @plaza/protocol: its prefix and an id of the Plaza id
 * alphabet and length (a lowercase UUID, as the server writes it), then no more id
 * characters. Spelled out here because the protocol's runtime modules bring zod along; the
 * tests check the two agree.
 */
const TASK_LINK = /^plaza:task\/([\da-f-]{36})(?![\w-])/;

interface Context extends MarkdownOptions {
  /** Delimiters known to have no closer further on (searches only move forward). */
  dead: Set<string>;
}

/** Finds the closer of an emphasis-like span opened at `from`; -1 if none. */
function findCloser(s: string, delim: string, from: number, ctx: Context): number {
  if (ctx.dead.has(delim)) return -1;
  let at = s.indexOf(delim, from);
  while (at !== -1) {
    // `***` closing `**bold *italic***`: the inner `*` closes first, then the `**`.
    if (delim.length === 2 && s[at + 2] === delim[0]) at += 1;
    const before = s[at - 1] ?? '';
    const after = s[at + delim.length] ?? '';
    // A closer follows text, not whitespace; `_` also must not sit inside a word (snake_case).
    const ok = at > from && before.trim() !== '' && before !== '\\' && !(delim[0] === '_' && WORD.test(after));
    // `**` must not be mistaken for the closer of `*` (and likewise for `_`).
    const doubled = delim.length === 1 && (after === delim || before === delim);
    if (ok && !doubled) return at;
    at = s.indexOf(delim, at + 1);
  }
  ctx.dead.add(delim);
  return -1;
}

function inline(s: string, ctx: Context, depth: number): Rendered[] {
  const out: Rendered[] = [];
  let text = '';
  const flush = () => {
    if (text) out.push(text);
    text = '';
  };
  const deeper = depth < MAX_DEPTH;
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    const prev = s[i - 1] ?? ' ';
    const rest = s.slice(i, i + 3);

    if (c === '\\' && PUNCTUATION.test(s[i + 1] ?? '')) {
      text += s[i + 1];
      i += 2;
      continue;
    }

    if (c === '`') {
      let run = 1;
      while (s[i + run] === '`') run += 1;
      const fence = '`'.repeat(run);
      const key = `code${run}`;
      const end = ctx.dead.has(key) ? -1 : s.indexOf(fence, i + run);
      if (end === -1) {
        ctx.dead.add(key);
        text += fence;
        i += run;
        continue;
      }
      flush();
      out.push(html`<code>${s.slice(i + run, end)}</code>`);
      i = end + run;
      continue;
    }

    const delim = rest.startsWith('**') || rest.startsWith('__') || rest.startsWith('~~')
      ? rest.slice(0, 2)
      : c === '*' || c === '_' ? c : '';
    if (delim && deeper && (s[i + delim.length] ?? ' ').trim() !== '' && !(c === '_' && WORD.test(prev))) {
      const end = findCloser(s, delim, i + delim.length, ctx);
      if (end !== -1) {
        flush();
        const inner = inline(s.slice(i + delim.length, end), { ...ctx, dead: new Set() }, depth + 1);
        out.push(
          delim === '~~'
            ? html`<del>${inner}</del>`
            : delim.length === 2
              ? html`<strong>${inner}</strong>`
              : html`<em>${inner}</em>`,
        );
        i = end + delim.length;
        continue;
      }
    }

    if (c === '[' && deeper) {
      const link = parseLink(s, i);
      if (link) {
        const href = safeHref(link.url);
        if (href) {
          flush();
          // No task button inside the link: interactive elements do not nest.
          out.push(renderLink(href, inline(link.label, { ...ctx, dead: new Set(), taskLink: undefined }, depth + 1), ctx));
          i = link.end;
          continue;
        }
      }
    }

    if ((c === 'h' || c === 'H' || c === 'm' || c === 'M') && !WORD.test(prev)) {
      const match = AUTOLINK.exec(s.slice(i));
      if (match) {
        // Trailing punctuation ends the sentence, not the URL; a `)` only if unbalanced.
        let url = match[0].replace(/[.,;:!?'*_~]+$/, '');
        while (url.endsWith(')') && url.split('(').length < url.split(')').length) url = url.slice(0, -1);
        const href = safeHref(url);
        if (href) {
          flush();
          out.push(renderLink(href, [url], ctx));
          i += url.length;
          continue;
        }
      }
    }

    if (c === 'p' && ctx.taskLink && !WORD.test(prev)) {
      const match = TASK_LINK.exec(s.slice(i));
      if (match) {
        flush();
        out.push(ctx.taskLink(match[1]));
        i += match[0].length;
        continue;
      }
    }

    if (c === '@' && !ID_CHAR.test(prev)) {
      const match = MENTION.exec(s.slice(i, i + 130));
      if (match) {
        // As the server reads mentions: the longest prefix of the token, cut before a
        // character that is not an ASCII letter or digit, that names someone
        // (`@li.na.` ends a sentence, `@zhang.wei你好` runs on into the text).
        const chars = [...match[1]];
        let id: string | undefined;
        for (let n = chars.length; n > 0 && !id; n -= 1) {
          if (n < chars.length && /[A-Za-z0-9]/.test(chars[n])) continue;
          const candidate = chars.slice(0, n).join('');
          if (candidate === 'all' || ctx.mentionName?.(candidate) !== undefined) id = candidate;
        }
        if (id) {
          flush();
          const name = id === 'all' ? 'all' : ctx.mentionName!(id)!;
          out.push(html`<span class=${id === ctx.me || id === 'all' ? 'mention mention--me' : 'mention'}>@${name}</span>`);
          i += id.length + 1;
          continue;
        }
      }
    }

    text += c;
    i += 1;
  }
  flush();
  return out;
}

function renderLink(href: string, label: Rendered[], ctx: Context): TemplateResult {
  return html`<a
    href=${href}
    target="_blank"
    rel="noopener noreferrer"
    tabindex=${ctx.linkTabIndex ?? nothing}
    >${label}</a
  >`;
}

/** `[label](url)` starting at `start`: the label, the url and where it ends; null if not a link. */
function parseLink(s: string, start: number): { label: string; url: string; end: number } | null {
  let depth = 0;
  let close = -1;
  for (let j = start; j < s.length && j < start + 1000; j += 1) {
    const ch = s[j];
    if (ch === '\\') j += 1;
    else if (ch === '[') depth += 1;
    else if (ch === ']' && --depth === 0) {
      close = j;
      break;
    }
  }
  if (close === -1 || s[close + 1] !== '(') return null;
  let parens = 0;
  for (let j = close + 2; j < s.length && j < close + 2050; j += 1) {
    const ch = s[j];
    if (/\s/.test(ch)) return null;
    if (ch === '(') parens += 1;
    else if (ch === ')' && parens-- === 0) {
      return { label: s.slice(start + 1, close), url: s.slice(close + 2, j), end: j + 1 };
    }
  }
  return null;
}

/** Text with its single newlines as `<br>`s. */
function lines(s: string, ctx: Context, depth: number): Rendered[] {
  const out: Rendered[] = [];
  s.split('\n').forEach((line, index) => {
    if (index > 0) out.push(html`<br />`);
    out.push(...inline(line, { ...ctx, dead: new Set() }, depth));
  });
  return out;
}

const FENCE = /^ {0,3}(`{3,}|~{3,})\s*[\w+#.-]*\s*$/;
const QUOTE = /^ {0,3}> ?/;
const BULLET = /^ {0,3}[-*+][ \t]+/;
const ORDERED = /^ {0,3}(\d{1,9})[.)][ \t]+/;

function isBlockStart(line: string): boolean {
  return FENCE.test(line) || QUOTE.test(line) || BULLET.test(line) || ORDERED.test(line);
}

function blocks(src: string, ctx: Context, depth: number): TemplateResult[] {
  const input = src.split(/\r\n?|\n/);
  const out: TemplateResult[] = [];
  let i = 0;
  while (i < input.length) {
    const line = input[i];
    if (line.trim() === '') {
      i += 1;
      continue;
    }

    const fence = FENCE.exec(line);
    if (fence) {
      const marker = fence[1];
      const body: string[] = [];
      i += 1;
      while (i < input.length && !(input[i].trim().startsWith(marker[0].repeat(marker.length)) && input[i].trim().replace(/[`~]/g, '') === '')) {
        body.push(input[i]);
        i += 1;
      }
      i += 1;
      out.push(html`<pre><code>${body.join('\n')}</code></pre>`);
      continue;
    }

    if (QUOTE.test(line) && depth < MAX_DEPTH) {
      const body: string[] = [];
      while (i < input.length && QUOTE.test(input[i])) body.push(input[i++].replace(QUOTE, ''));
      out.push(html`<blockquote>${blocks(body.join('\n'), ctx, depth + 1)}</blockquote>`);
      continue;
    }

    const ordered = ORDERED.exec(line);
    if (BULLET.test(line) || ordered) {
      const marker = ordered ? ORDERED : BULLET;
      const items: string[] = [];
      while (i < input.length) {
        const current = input[i];
        if (marker.test(current)) items.push(current.replace(marker, ''));
        else if (/^\s+\S/.test(current) && !isBlockStart(current) && items.length > 0) {
          items[items.length - 1] += `\n${current.trim()}`;
        } else break;
        i += 1;
      }
      const rendered = items.map((item) => html`<li>${lines(item, ctx, depth)}</li>`);
      out.push(
        ordered
          ? html`<ol start=${Number(ordered[1]) === 1 ? nothing : Number(ordered[1])}>${rendered}</ol>`
          : html`<ul>${rendered}</ul>`,
      );
      continue;
    }

    const body: string[] = [];
    while (i < input.length && input[i].trim() !== '' && (body.length === 0 || !isBlockStart(input[i]))) {
      body.push(input[i++]);
    }
    out.push(html`<p>${lines(body.join('\n'), ctx, depth)}</p>`);
  }
  return out;
}

/**
 * Renders message text as Lit templates: the allowed Markdown subset, text everywhere else.
 *
 * @example
 * html`<div class="body">${renderMarkdown(message.text, { mentionName: (id) => names.get(id) })}</div>`
 */
export function renderMarkdown(text: string, options: MarkdownOptions = {}): TemplateResult[] {
  return blocks(text, { ...options, dead: new Set() }, 0);
}

/** Message text without Markdown markers, for announcements, previews and labels. */
export function plainText(text: string): string {
  return text
    .replace(/\[([^\]]*)\]\([^)\s]*\)/g, '$1')
    .replace(/(^|\n) {0,3}(?:>|[-*+]|\d{1,9}[.)]) ?/g, '$1')
    .replace(/[*_~`]{1,3}/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}
