import * as Y from 'yjs';
import { contentOf } from './content.js';

/**
 * The rich-text content → Markdown (CommonMark with GFM tables, strikethrough and task
 * lists), the inverse of `markdown-import.ts`: importing the export gives the same
 * content. Nodes this schema does not know are written as their text.
 */
export function exportMarkdown(doc: Y.Doc): string {
  const blocks = contentOf(doc)
    .toArray()
    .map((node) => block(node))
    .filter((text) => text !== '');
  return blocks.length ? `${blocks.join('\n\n')}\n` : '';
}

type Node = Y.XmlElement | Y.XmlText | Y.XmlHook;

function block(node: Node): string {
  if (!(node instanceof Y.XmlElement)) return node instanceof Y.XmlText ? inline([node]) : '';
  const children = node.toArray();
  switch (node.nodeName) {
    case 'paragraph':
      return inline(children);
    case 'heading':
      return `${'#'.repeat(clampLevel(attrOf(node, 'level')))} ${inline(children)}`;
    case 'blockquote':
      return prefixLines(blocks(children), '> ');
    case 'code_block':
      return codeBlock(node);
    case 'horizontal_rule':
      return '---';
    case 'bullet_list':
      return listItems(children, () => '- ');
    case 'ordered_list': {
      const start = Number(attrOf(node, 'order') ?? 1) || 1;
      return listItems(children, (i) => `${start + i}. `);
    }
    case 'task_list':
      return listItems(children, (_i, item) => (attrOf(item, 'checked') === true ? '- [x] ' : '- [ ] '));
    case 'table':
      return table(children);
    default:
      return blocks(children);
  }
}

/** An attribute as y-prosemirror stored it: any JSON value (Yjs types them as strings). */
function attrOf(node: Y.XmlElement, key: string): unknown {
  return (node.getAttributes() as Record<string, unknown>)[key];
}

function blocks(nodes: readonly Node[]): string {
  return nodes
    .map((node) => block(node))
    .filter((text) => text !== '')
    .join('\n\n');
}

function clampLevel(level: unknown): number {
  const n = Number(level);
  return Number.isInteger(n) && n >= 1 && n <= 6 ? n : 1;
}

function prefixLines(text: string, prefix: string): string {
  return text
    .split('\n')
    .map((line) => (line === '' ? prefix.trimEnd() : prefix + line))
    .join('\n');
}

function codeBlock(node: Y.XmlElement): string {
  const code = node
    .toArray()
    .map((child) => (child instanceof Y.XmlText ? child.toJSON() : ''))
    .join('');
  // a fence longer than any backtick run inside the code
  const longest = Math.max(2, ...[...code.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const language = node.getAttribute('language') ?? '';
  return `${fence}${language}\n${code}\n${fence}`;
}

/** List items: the marker on the first line, the rest indented under it. */
function listItems(items: readonly Node[], marker: (index: number, item: Y.XmlElement) => string): string {
  return items
    .filter((item): item is Y.XmlElement => item instanceof Y.XmlElement)
    .map((item, i) => {
      const head = marker(i, item);
      const body = item
        .toArray()
        .map((child) => block(child))
        .join('\n\n');
      const indent = ' '.repeat(head.replace(/\[.\] $/, '').length);
      const [first = '', ...rest] = body.split('\n');
      return [head + first, ...rest.map((line) => (line === '' ? '' : indent + line))].join('\n');
    })
    .join('\n');
}

/** A GFM table; the first row is the header row (GFM has no table without one). */
function table(rows: readonly Node[]): string {
  const cells = rows
    .filter((row): row is Y.XmlElement => row instanceof Y.XmlElement)
    .map((row) =>
      row
        .toArray()
        .map((cell) => (cell instanceof Y.XmlElement ? tableCell(cell) : '')),
    );
  if (cells.length === 0) return '';
  const width = Math.max(...cells.map((row) => row.length));
  const line = (row: string[]) => `| ${Array.from({ length: width }, (_, i) => row[i] ?? '').join(' | ')} |`;
  const [header, ...body] = cells;
  return [line(header), `|${' --- |'.repeat(width)}`, ...body.map(line)].join('\n');
}

function tableCell(cell: Y.XmlElement): string {
  return cell
    .toArray()
    .map((child) => (child instanceof Y.XmlElement ? inline(child.toArray()) : ''))
    .join(' ')
    .replace(/\|/g, '\\|')
    .replace(/\n/g, ' ');
}

interface Run {
  insert: string;
  attributes?: Record<string, Record<string, string> | undefined>;
}

/** Text runs with their marks, and inline nodes (images, hard breaks). */
function inline(nodes: readonly Node[]): string {
  let out = '';
  for (const node of nodes) {
    if (node instanceof Y.XmlText) {
      for (const run of node.toDelta() as Run[]) out += markRun(run);
    } else if (node instanceof Y.XmlElement) {
      out += inlineNode(node);
    }
  }
  return out;
}

function inlineNode(node: Y.XmlElement): string {
  if (node.nodeName === 'hard_break') return '\\\n';
  if (node.nodeName === 'image') {
    const title = node.getAttribute('title');
    return `![${escapeText(node.getAttribute('alt') ?? '')}](${destination(node.getAttribute('src') ?? '')}${title ? ` "${title.replace(/"/g, '\\"')}"` : ''})`;
  }
  return inline(node.toArray());
}

function markRun(run: Run): string {
  if (typeof run.insert !== 'string' || run.insert === '') return '';
  const marks = run.attributes ?? {};
  let text = marks.code ? codeSpan(run.insert) : escapeText(run.insert);
  if (marks.em) text = `*${text}*`;
  if (marks.strong) text = `**${text}**`;
  if (marks.strike) text = `~~${text}~~`;
  const link = marks.link;
  if (link?.href) text = `[${text}](${destination(link.href)}${link.title ? ` "${link.title.replace(/"/g, '\\"')}"` : ''})`;
  return text;
}

function codeSpan(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${ticks}${pad}${text}${pad}${ticks}`;
}

/** A link destination; `<…>` when it holds spaces or parentheses. */
function destination(url: string): string {
  return /[\s()<>]/.test(url) ? `<${url.replace(/[<>]/g, encodeURIComponent)}>` : url;
}

/**
 * Backslash-escapes what Markdown would read as syntax: inline punctuation anywhere,
 * and block markers at the start of the text (where they would start a heading, quote,
 * list or rule).
 */
function escapeText(text: string): string {
  return text
    .replace(/[\\`*_[\]<~]/g, '\\$&')
    .replace(/^(\s*)([#>+-])/, '$1\\$2')
    .replace(/^(\s*\d+)([.)])/, '$1\\$2');
}
