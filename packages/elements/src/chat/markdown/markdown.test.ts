import { assert, waitUntil } from '@open-wc/testing';
import { html, render } from 'lit';
import { taskLink } from '@plaza/protocol';
import { plainText, renderMarkdown, safeHref, type MarkdownOptions } from './markdown.js';
import { XSS_CORPUS } from './xss-corpus.js';

type XssWindow = Window & { __xss?: unknown };

const NAMES = new Map([
  ['zhang.wei', '张伟'],
  ['li.na', '李娜'],
  ['alice', 'Alice'],
]);
const options: MarkdownOptions = { mentionName: (id) => NAMES.get(id), me: 'alice' };

function md(text: string, opts: MarkdownOptions = options): HTMLElement {
  const container = document.createElement('div');
  document.body.append(container);
  render(html`${renderMarkdown(text, opts)}`, container);
  return container;
}

/** The rendered HTML without Lit's comment markers, for readable assertions. */
function markup(text: string, opts?: MarkdownOptions): string {
  const container = md(text, opts);
  const result = container.innerHTML.replace(/<!--[^>]*-->/g, '');
  container.remove();
  return result;
}

/** Every element a message may contain, and the attributes each may carry. */
const ALLOWED: Record<string, readonly string[]> = {
  P: [],
  BR: [],
  STRONG: [],
  EM: [],
  DEL: [],
  CODE: [],
  PRE: [],
  BLOCKQUOTE: [],
  UL: [],
  OL: ['start'],
  LI: [],
  SPAN: ['class'],
  A: ['href', 'target', 'rel', 'tabindex'],
};

function assertOnlyAllowed(container: HTMLElement, payload: string): void {
  for (const el of container.querySelectorAll('*')) {
    const allowed = ALLOWED[el.tagName];
    assert.isDefined(allowed, `<${el.tagName.toLowerCase()}> from ${JSON.stringify(payload)}`);
    for (const attribute of el.attributes) {
      assert.include(allowed, attribute.name, `${attribute.name} on <${el.tagName}> from ${JSON.stringify(payload)}`);
    }
    if (el instanceof HTMLAnchorElement) {
      assert.include(['http:', 'https:', 'mailto:'], new URL(el.href).protocol, payload);
      assert.strictEqual(el.rel, 'noopener noreferrer');
      assert.strictEqual(el.target, '_blank');
    }
    if (el.tagName === 'SPAN') assert.match(el.className, /^mention( mention--me)?$/);
  }
}

const tick = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms));

describe('renderMarkdown', () => {
  it('renders paragraphs, with single newlines as line breaks', () => {
    assert.strictEqual(markup('one\ntwo\n\nthree'), '<p>one<br>two</p><p>three</p>');
  });

  it('renders bold, italic, strike and inline code', () => {
    assert.strictEqual(
      markup('**b** *i* _j_ __c__ ~~s~~ `x*y*`'),
      '<p><strong>b</strong> <em>i</em> <em>j</em> <strong>c</strong> <del>s</del> <code>x*y*</code></p>',
    );
    assert.strictEqual(markup('**bold *and italic***'), '<p><strong>bold <em>and italic</em></strong></p>');
  });

  it('leaves snake_case, lone stars and unclosed markers as text', () => {
    assert.strictEqual(markup('snake_case_name and 2 * 3 * 4'), '<p>snake_case_name and 2 * 3 * 4</p>');
    assert.strictEqual(markup('**open and `tick'), '<p>**open and `tick</p>');
  });

  it('honours backslash escapes', () => {
    assert.strictEqual(markup('\\*not italic\\* \\[x\\](https://a.b)'), '<p>*not italic* [x](<a target="_blank" rel="noopener noreferrer" href="https://a.b/">https://a.b</a>)</p>');
  });

  it('renders fenced code blocks verbatim', () => {
    assert.strictEqual(markup('```js\nconst a = **b**;\n<b>x</b>\n```\nafter'), '<pre><code>const a = **b**;\n&lt;b&gt;x&lt;/b&gt;</code></pre><p>after</p>');
    assert.strictEqual(markup('```\nnever closed'), '<pre><code>never closed</code></pre>');
  });

  it('renders quotes, nested quotes and lists', () => {
    assert.strictEqual(markup('> quoted **text**\n> > inner'), '<blockquote><p>quoted <strong>text</strong></p><blockquote><p>inner</p></blockquote></blockquote>');
    assert.strictEqual(markup('- one\n- two\n  more\n* three'), '<ul><li>one</li><li>two<br>more</li><li>three</li></ul>');
    assert.strictEqual(markup('1. a\n2. b'), '<ol><li>a</li><li>b</li></ol>');
    assert.strictEqual(markup('3) c\n4) d'), '<ol start="3"><li>c</li><li>d</li></ol>');
    assert.strictEqual(markup('intro\n- item'), '<p>intro</p><ul><li>item</li></ul>');
  });

  it('renders links with safe schemes only, opening in a new tab without an opener', () => {
    const container = md('[Plaza](https://plaza.example.com/a?b=1) and [mail](mailto:a@b.c)');
    const links = container.querySelectorAll('a');
    assert.strictEqual(links.length, 2);
    assert.strictEqual(links[0].getAttribute('href'), 'https://plaza.example.com/a?b=1');
    assert.strictEqual(links[0].textContent, 'Plaza');
    assert.strictEqual(links[0].rel, 'noopener noreferrer');
    assert.strictEqual(links[0].target, '_blank');
    assert.strictEqual(links[1].getAttribute('href'), 'mailto:a@b.c');
    container.remove();

    assert.strictEqual(markup('[x](javascript:alert(1))'), '<p>[x](javascript:alert(1))</p>');
    assert.strictEqual(markup('[x](ftp://a.b/c)'), '<p>[x](ftp://a.b/c)</p>');
  });

  it('links bare URLs, leaving sentence punctuation outside', () => {
    assert.strictEqual(
      markup('see https://a.b/c_(d). Or (http://x.y/z).'),
      '<p>see <a target="_blank" rel="noopener noreferrer" href="https://a.b/c_(d)">https://a.b/c_(d)</a>. Or (<a target="_blank" rel="noopener noreferrer" href="http://x.y/z">http://x.y/z</a>).</p>',
    );
  });

  it('gives links the requested tabindex', () => {
    const container = md('https://a.b', { linkTabIndex: -1 });
    assert.strictEqual(container.querySelector('a')!.tabIndex, -1);
    container.remove();
  });

  it('highlights mentions of known users and @all, by name', () => {
    assert.strictEqual(
      markup('hi @zhang.wei, @li.na. @alice @all @nobody a@zhang.wei'),
      '<p>hi <span class="mention">@张伟</span>, <span class="mention">@李娜</span>. <span class="mention mention--me">@Alice</span> <span class="mention mention--me">@all</span> @nobody a@zhang.wei</p>',
    );
    assert.strictEqual(markup('@zhang.wei', {}), '<p>@zhang.wei</p>');
    // As the server reads them: the longest known prefix, cut before a non-ASCII-alphanumeric.
    assert.strictEqual(markup('@zhang.wei你好 @allison @all, x.@alice'), '<p><span class="mention">@张伟</span>你好 @allison <span class="mention mention--me">@all</span>, x.@alice</p>');
  });

  it('renders pathological input without runaway backtracking or repeated text', () => {
    for (const text of ['*a'.repeat(5000), '`'.repeat(10000), '['.repeat(5000), '_a_'.repeat(3000), `${'> '.repeat(3000)}x`]) {
      const block = md(text);
      // markup only ever removes characters from such text; it never repeats them
      assert.isAtMost(block.textContent.length, text.length, text.slice(0, 6));
      block.remove();
    }
  });
});

describe('task links', () => {
  const ID = '0192f3c4-5d6e-7abc-8def-000000000042';
  const withTasks: MarkdownOptions = { ...options, taskLink: (id) => html`<button data-task=${id}>Open task</button>` };

  it('render as the caller’s control for the task, where the server’s link text is', () => {
    assert.strictEqual(markup(`📋 Ship it\n${taskLink(ID)}`, withTasks), `<p>📋 Ship it<br><button data-task="${ID}">Open task</button></p>`);
    assert.strictEqual(markup(`see ${taskLink(ID)}, then **${taskLink(ID)}**.`, withTasks), `<p>see <button data-task="${ID}">Open task</button>, then <strong><button data-task="${ID}">Open task</button></strong>.</p>`);
  });

  it('stay text without the option', () => {
    assert.strictEqual(markup(`📋 Ship it\n${taskLink(ID)}`), `<p>📋 Ship it<br>${taskLink(ID)}</p>`);
  });

  it('need a whole id in the Plaza id alphabet, at the start of a word, outside code and link labels', () => {
    const near = [
      `${taskLink(ID)}0`,
      `${taskLink(ID)}-x`,
      taskLink(ID.toUpperCase()),
      taskLink(ID.slice(1)),
      taskLink('not-a-task-id-at-all-not-a-task-id!!'),
      `xplaza:task/${ID}`,
      `\`${taskLink(ID)}\``,
      'plaza:task/"><img src=x onerror=alert(1)>',
      'plaza:task/javascript:alert(1)',
    ];
    for (const text of near) {
      const container = md(text, withTasks);
      assert.isNull(container.querySelector('button'), text);
      assert.include(container.textContent, 'plaza:task/', text);
      container.remove();
    }
    // Interactive elements do not nest: inside a link's label the text stays text.
    assert.strictEqual(
      markup(`[${taskLink(ID)}](https://a.b)`, withTasks),
      `<p><a target="_blank" rel="noopener noreferrer" href="https://a.b/">${taskLink(ID)}</a></p>`,
    );
  });

  it('keep hostile text around them as text', async () => {
    const text = `<img src=x onerror="window.__xss=1">${taskLink(ID)}<script>window.__xss=1</script>\n[x](javascript:alert(1)) ${taskLink(ID)}`;
    const container = md(text, withTasks);
    assert.deepEqual([...container.querySelectorAll('button')].map((b) => b.dataset.task), [ID, ID]);
    assert.deepEqual([...container.querySelectorAll('*')].map((el) => el.localName), ['p', 'button', 'br', 'button']);
    assert.include(container.textContent, '<img src=x onerror="window.__xss=1">');
    assert.include(container.textContent, '<script>window.__xss=1</script>');
    await tick(50);
    assert.isUndefined((window as XssWindow).__xss);
    container.remove();
  });

  it('leave every payload of the XSS corpus around them inert', async () => {
    const container = document.createElement('div');
    document.body.append(container);
    for (const payload of XSS_CORPUS) {
      const block = document.createElement('div');
      container.append(block);
      render(html`${renderMarkdown(`${payload} ${taskLink(ID)} ${payload}`, withTasks)}`, block);
      const buttons = [...block.querySelectorAll('button')];
      assert.isAtMost(buttons.length, 1, payload);
      for (const button of buttons) {
        assert.deepEqual([...button.attributes].map((a) => `${a.name}=${a.value}`), [`data-task=${ID}`], payload);
        button.remove();
      }
      assertOnlyAllowed(block, payload);
    }
    for (const el of container.querySelectorAll('a')) el.dispatchEvent(new MouseEvent('mouseover', { bubbles: true }));
    await tick(100);
    assert.isUndefined((window as XssWindow).__xss);
    container.remove();
  });
});

describe('XSS corpus', () => {
  afterEach(() => {
    delete (window as XssWindow).__xss;
  });

  it('has at least 100 payloads', () => {
    assert.isAtLeast(XSS_CORPUS.length, 100);
  });

  it('runs when rendered as HTML (so the corpus is live)', async () => {
    // The mistake the renderer prevents, in throwaway frames: the payloads must really fire.
    const frames = XSS_CORPUS.slice(0, 30).map((payload) => {
      const frame = document.createElement('iframe');
      document.body.append(frame);
      frame.contentDocument!.body.innerHTML = payload;
      return frame;
    });
    const fired = () => frames.filter((frame) => (frame.contentWindow as XssWindow).__xss === 1).length;
    // most fire on an image error or a load event: wait for them, however slow the machine
    await waitUntil(() => fired() >= 10, 'fewer than 10 payloads fired', { timeout: 15_000 });
    for (const frame of frames) frame.remove();
  });

  it('never executes and never creates an element outside the allow-list', async () => {
    const container = document.createElement('div');
    document.body.append(container);
    for (const payload of XSS_CORPUS) {
      const block = document.createElement('div');
      container.append(block);
      render(html`${renderMarkdown(payload, options)}`, block);
      assertOnlyAllowed(block, payload);
      // Text survives: what the sender typed is shown, as text.
      assert.isAbove(block.textContent.length, 0, payload);
    }
    // Give image errors, focus handlers and timers a chance to fire.
    for (const el of container.querySelectorAll('a')) el.dispatchEvent(new MouseEvent('mouseover', { bubbles: true }));
    await tick(100);
    assert.isUndefined((window as XssWindow).__xss);
    container.remove();
  });
});

describe('safeHref', () => {
  it('accepts absolute http, https and mailto URLs and nothing else', () => {
    assert.strictEqual(safeHref('https://a.b/x'), 'https://a.b/x');
    assert.strictEqual(safeHref('HTTP://A.B'), 'http://a.b/');
    assert.strictEqual(safeHref('mailto:x@y.z'), 'mailto:x@y.z');
    for (const bad of ['javascript:alert(1)', ' JavaScript:x', 'java\tscript:x', '\u0001javascript:x', 'data:text/html,x', 'vbscript:x', 'file:///x', '//a.b', '/a', 'a.b', '']) {
      assert.isNull(safeHref(bad), bad);
    }
  });
});

describe('plainText', () => {
  it('strips Markdown markers for announcements', () => {
    assert.strictEqual(plainText('**Hi** _there_, see [the doc](https://a.b)\n> quoted\n- item'), 'Hi there, see the doc quoted item');
  });
});
