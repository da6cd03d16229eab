import MarkdownIt, { type Token } from 'markdown-it';
import * as Y from 'yjs';
import { contentOf } from './content.js';

/**
 * Markdown → the rich-text node schema (README "Content schema"): each block a
 * Y.XmlElement named like the ProseMirror node it becomes, text in Y.XmlText with marks as
 * formatting attributes, as y-prosemirror stores them. Raw HTML is off (it stays text),
 * and links and images keep only safe URLs, so nothing imported can run script in a
 * viewer that renders it.
 */

const parser = new MarkdownIt('default', { html: false, linkify: false });

/** Marks as y-prosemirror keeps them: the mark name → its attributes. */
type Marks = Record<string, Record<string, string>>;

const SAFE_LINK = /^(https?:|mailto:|tel:|#|\/|\.{0,2}\/)/i;
const SAFE_IMAGE = /^(https?:|\/|\.{0,2}\/)/i;
/** A link or image URL that names no scheme is relative, hence safe too. */
const HAS_SCHEME = /^[a-z][a-z0-9+.-]*:/i;

export function safeUrl(url: string, image = false): string | null {
  const trimmed = url.trim();
  if ((image ? SAFE_IMAGE : SAFE_LINK).test(trimmed)) return trimmed;
  return HAS_SCHEME.test(trimmed) ? null : trimmed;
}

/** Imports `markdown` into the document's content (appended to what is there). */
export function importMarkdown(doc: Y.Doc, markdown: string): void {
  const tokens = parser.parse(markdown, {});
  const blocks = new BlockBuilder(tokens).blocks();
  const content = contentOf(doc);
  doc.transact(() => content.insert(content.length, blocks));
}

const TASK_MARKER = /^\[([ xX])\]\s+/;

/** Walks markdown-it's flat token stream, building nested blocks. */
class BlockBuilder {
  private at = 0;

  constructor(private readonly tokens: Token[]) {}

  blocks(until?: string): Y.XmlElement[] {
    const out: Y.XmlElement[] = [];
    while (this.at < this.tokens.length) {
      const token = this.tokens[this.at];
      if (until !== undefined && token.type === until) {
        this.at++;
        return out;
      }
      const block = this.block(token);
      if (block) out.push(block);
    }
    return out;
  }

  private block(token: Token): Y.XmlElement | null {
    this.at++;
    switch (token.type) {
      case 'paragraph_open':
        return this.inlineBlock('paragraph', 'paragraph_close');
      case 'heading_open': {
        const heading = this.inlineBlock('heading', 'heading_close');
        setAttr(heading, 'level', Number(token.tag.slice(1)));
        return heading;
      }
      case 'blockquote_open':
        return element('blockquote', this.blocks('blockquote_close'));
      case 'bullet_list_open':
        return this.list('bullet_list', 'bullet_list_close');
      case 'ordered_list_open': {
        const list = this.list('ordered_list', 'ordered_list_close');
        setAttr(list, 'order', Number(token.attrGet('start') ?? 1));
        return list;
      }
      case 'fence':
      case 'code_block': {
        const code = element('code_block', [textNode(token.content.replace(/\n$/, ''), {})]);
        const language = token.info.trim().split(/\s+/)[0];
        if (language) code.setAttribute('language', language);
        return code;
      }
      case 'hr':
        return element('horizontal_rule', []);
      case 'table_open':
        return this.table();
      case 'html_block':
        return element('paragraph', [textNode(token.content.trimEnd(), {})]);
      default:
        // closing tokens of structures handled by their openers, and anything unknown
        return null;
    }
  }

  /** A paragraph or heading: the inline token between its open and close tokens. */
  private inlineBlock(name: string, close: string): Y.XmlElement {
    const children = this.tokens[this.at]?.type === 'inline' ? inlineNodes(this.tokens[this.at++].children ?? [], {}) : [];
    if (this.tokens[this.at]?.type === close) this.at++;
    return element(name, children);
  }

  /** A list; a bullet list whose first item starts with `[ ]` or `[x]` is a task list. */
  private list(name: 'bullet_list' | 'ordered_list', close: string): Y.XmlElement {
    const items: { blocks: Y.XmlElement[]; checked: boolean | null }[] = [];
    while (this.at < this.tokens.length && this.tokens[this.at].type !== close) {
      const token = this.tokens[this.at++];
      if (token.type !== 'list_item_open') continue;
      const checked = name === 'bullet_list' ? this.takeTaskMarker() : null;
      items.push({ blocks: this.blocks('list_item_close'), checked });
    }
    this.at++;
    const tasks = items.length > 0 && items[0].checked !== null;
    return element(
      tasks ? 'task_list' : name,
      items.map(({ blocks, checked }) => {
        const item = element(tasks ? 'task_item' : 'list_item', blocks.length ? blocks : [element('paragraph', [])]);
        if (tasks) setAttr(item, 'checked', checked === true);
        return item;
      }),
    );
  }

  /** Strips a `[ ] ` / `[x] ` marker from the item's first paragraph; null when there is none. */
  private takeTaskMarker(): boolean | null {
    const open = this.tokens[this.at];
    const inline = this.tokens[this.at + 1];
    const first = inline?.children?.[0];
    if (open?.type !== 'paragraph_open' || inline?.type !== 'inline' || first?.type !== 'text') return null;
    const match = TASK_MARKER.exec(first.content);
    if (!match) return null;
    first.content = first.content.slice(match[0].length);
    return match[1] !== ' ';
  }

  /** A GFM table: rows of header or body cells, each cell one paragraph. */
  private table(): Y.XmlElement {
    const rows: Y.XmlElement[] = [];
    let cells: Y.XmlElement[] = [];
    while (this.at < this.tokens.length) {
      const token = this.tokens[this.at++];
      if (token.type === 'table_close') break;
      if (token.type === 'tr_open') cells = [];
      else if (token.type === 'tr_close') rows.push(element('table_row', cells));
      else if (token.type === 'th_open' || token.type === 'td_open') {
        const inline = this.tokens[this.at]?.type === 'inline' ? inlineNodes(this.tokens[this.at++].children ?? [], {}) : [];
        cells.push(element(token.type === 'th_open' ? 'table_header' : 'table_cell', [element('paragraph', inline)]));
      }
    }
    return element('table', rows);
  }
}

/**
 * Inline tokens → XmlText runs (with marks as attributes) and inline nodes (`image`,
 * `hard_break`) between them, the way y-prosemirror lays out a text block.
 */
function inlineNodes(tokens: readonly Token[], start: Marks): (Y.XmlText | Y.XmlElement)[] {
  const out: (Y.XmlText | Y.XmlElement)[] = [];
  // a type not yet in a document cannot be read (not even its length): count ourselves
  let text: { node: Y.XmlText; length: number } | null = null;
  let marks: Marks = { ...start };
  const write = (value: string) => {
    if (value === '') return;
    if (!text) {
      text = { node: new Y.XmlText(), length: 0 };
      out.push(text.node);
    }
    text.node.insert(text.length, value, { ...marks });
    text.length += value.length;
  };
  const node = (inline: Y.XmlElement) => {
    out.push(inline);
    text = null;
  };
  const withMark = (name: string, attrs: Record<string, string> = {}) => (marks = { ...marks, [name]: attrs });
  const withoutMark = (name: string) => {
    const { [name]: _removed, ...rest } = marks;
    marks = rest;
  };
  for (const token of tokens) {
    switch (token.type) {
      case 'text':
        write(token.content);
        break;
      case 'softbreak':
        write(' ');
        break;
      case 'hardbreak':
        node(element('hard_break', []));
        break;
      case 'code_inline':
        withMark('code');
        write(token.content);
        withoutMark('code');
        break;
      case 'strong_open':
        withMark('strong');
        break;
      case 'em_open':
        withMark('em');
        break;
      case 's_open':
        withMark('strike');
        break;
      case 'strong_close':
        withoutMark('strong');
        break;
      case 'em_close':
        withoutMark('em');
        break;
      case 's_close':
        withoutMark('strike');
        break;
      case 'link_open': {
        const href = safeUrl(attr(token, 'href') ?? '');
        if (href !== null) withMark('link', { href, ...titleOf(token) });
        break;
      }
      case 'link_close':
        withoutMark('link');
        break;
      case 'image': {
        const src = safeUrl(attr(token, 'src') ?? '', true);
        const alt = token.children?.map((child) => child.content).join('') ?? token.content;
        if (src === null) {
          write(alt);
          break;
        }
        const image = element('image', []);
        image.setAttribute('src', src);
        if (alt) image.setAttribute('alt', alt);
        const title = attr(token, 'title');
        if (title) image.setAttribute('title', title);
        node(image);
        break;
      }
      default:
        // html_inline (raw HTML is off, so this is text someone typed) and anything new
        write(token.content);
    }
  }
  return out;
}

function attr(token: Token, name: string): string | null {
  const value = token.attrGet(name);
  return value === null ? null : String(value);
}

function titleOf(token: Token): { title?: string } {
  const title = attr(token, 'title');
  return title ? { title } : {};
}

/**
 * y-prosemirror keeps a node's attrs as JSON values (a heading's level is a number);
 * Yjs types attribute values as strings unless told otherwise.
 */
function setAttr(node: Y.XmlElement, key: string, value: string | number | boolean): void {
  (node as unknown as Y.XmlElement<Record<string, string | number | boolean>>).setAttribute(key, value);
}

function element(name: string, children: readonly (Y.XmlElement | Y.XmlText)[]): Y.XmlElement {
  const node = new Y.XmlElement(name);
  if (children.length > 0) node.insert(0, [...children]);
  return node;
}

function textNode(value: string, marks: Marks): Y.XmlText {
  const text = new Y.XmlText();
  if (value !== '') text.insert(0, value, marks);
  return text;
}
