import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { contentOf } from './content.js';
import { exportMarkdown } from './markdown-export.js';
import { importMarkdown, safeUrl } from './markdown-import.js';

function imported(markdown: string): Y.Doc {
  const doc = new Y.Doc();
  importMarkdown(doc, markdown);
  return doc;
}

/** The content as y-prosemirror would hand it to ProseMirror: names, attrs, text with marks. */
function tree(doc: Y.Doc): unknown {
  const walk = (node: Y.XmlElement | Y.XmlText | Y.XmlHook): unknown =>
    node instanceof Y.XmlText
      ? node.toDelta()
      : node instanceof Y.XmlElement
        ? { name: node.nodeName, attrs: node.getAttributes(), children: node.toArray().map(walk) }
        : null;
  return contentOf(doc).toArray().map(walk);
}

const MINUTES = `# Weekly operations review

Attendees: **Li Wei**, *Zhang Min* and ~~Bob~~ [Ann](https://example.com/ann "Ann's page").
A second line with \`inline code\`.

## Decisions

1. Ship the Q3 report
2. Hire two agents
   - one for billing
   - one for technical

- [x] Book the room
- [ ] Send the minutes

> Quote with **bold**
>
> and a second paragraph

\`\`\`sql
select * from tasks where due < now();
\`\`\`

| Owner | Item | Due |
| --- | --- | --- |
| Li | Report | Fri |
| Zhang | Hiring \\| agents | Mon |

---

![Chart](https://example.com/chart.png "Q3")
Line one\\
line two
`;

describe('Markdown import and export', () => {
  it('imports Markdown into the ProseMirror node schema', () => {
    const nodes = tree(imported(MINUTES)) as { name: string; attrs: Record<string, unknown>; children: unknown[] }[];
    expect(nodes.map((n) => n.name)).toEqual([
      'heading',
      'paragraph',
      'heading',
      'ordered_list',
      'task_list',
      'blockquote',
      'code_block',
      'table',
      'horizontal_rule',
      'paragraph',
    ]);
    expect(nodes[0]).toMatchObject({ attrs: { level: 1 }, children: [[{ insert: 'Weekly operations review' }]] });
    expect(nodes[1].children[0]).toEqual([
      { insert: 'Attendees: ' },
      { insert: 'Li Wei', attributes: { strong: {} } },
      { insert: ', ' },
      { insert: 'Zhang Min', attributes: { em: {} } },
      { insert: ' and ' },
      { insert: 'Bob', attributes: { strike: {} } },
      { insert: ' ' },
      { insert: 'Ann', attributes: { link: { href: 'https://example.com/ann', title: "Ann's page" } } },
      { insert: '. A second line with ' },
      { insert: 'inline code', attributes: { code: {} } },
      { insert: '.' },
    ]);
    expect(nodes[3]).toMatchObject({ attrs: { order: 1 } });
    expect(nodes[4]).toMatchObject({ children: [{ name: 'task_item', attrs: { checked: true } }, { name: 'task_item', attrs: { checked: false } }] });
    expect(nodes[6]).toMatchObject({ attrs: { language: 'sql' }, children: [[{ insert: 'select * from tasks where due < now();' }]] });
    const table = nodes[7] as { children: { children: { name: string }[] }[] };
    expect(table.children[0].children.map((c) => c.name)).toEqual(['table_header', 'table_header', 'table_header']);
    expect(table.children[2].children.map((c) => c.name)).toEqual(['table_cell', 'table_cell', 'table_cell']);
    expect(nodes[9].children).toMatchObject([{ name: 'image', attrs: { src: 'https://example.com/chart.png', alt: 'Chart', title: 'Q3' } }, [{ insert: ' Line one' }], { name: 'hard_break' }, [{ insert: 'line two' }]]);
  });

  it('exports what it imports: exporting and importing again gives the same content and the same Markdown', () => {
    const first = imported(MINUTES);
    const markdown = exportMarkdown(first);
    const second = imported(markdown);
    expect(tree(second)).toEqual(tree(first));
    expect(exportMarkdown(second)).toBe(markdown);
    expect(markdown).toContain('| Zhang | Hiring \\| agents | Mon |');
    expect(markdown).toContain('- [x] Book the room');
  });

  it('keeps text that looks like Markdown as text through a round trip', () => {
    const doc = new Y.Doc();
    const paragraph = new Y.XmlElement('paragraph');
    const text = new Y.XmlText();
    text.insert(0, '# not a heading, *not em*, [not](a link), 1. not a list <b>raw</b> `tick`');
    paragraph.insert(0, [text]);
    contentOf(doc).insert(0, [paragraph]);
    const again = imported(exportMarkdown(doc));
    expect(tree(again)).toEqual(tree(doc));
  });

  it('never imports script: raw HTML stays text, unsafe link and image URLs are dropped', () => {
    const doc = imported('<script>alert(1)</script>\n\n[x](javascript:alert(1)) ![y](data:image/png;base64,AAAA) [ok](/relative) <img src=x onerror=alert(1)>');
    const nodes = tree(doc) as { name: string; children: unknown[] }[];
    expect(nodes[0]).toMatchObject({ name: 'paragraph', children: [[{ insert: '<script>alert(1)</script>' }]] });
    const json = JSON.stringify(nodes);
    // what markdown-it will not make a link stays visible as text, never as a link or image
    expect(json).not.toMatch(/"(href|src)":"(javascript|data):/i);
    expect(json).toContain('"href":"/relative"');
    expect(nodes.some((n) => n.name === 'image')).toBe(false);
    expect(safeUrl('JaVaScRiPt:alert(1)')).toBeNull();
    expect(safeUrl('vbscript:x')).toBeNull();
    expect(safeUrl('https://ok.example')).toBe('https://ok.example');
  });

  it('exports an empty document as empty text', () => {
    expect(exportMarkdown(new Y.Doc())).toBe('');
  });
});
