import { describe, expect, it } from 'vitest';
import { tenantSettings } from '../org/tenants.js';
import { TICKET_LIMITS, TICKET_STATUSES, canTransition, checkTicketDraft, isEmailAddress, normalizeFields, statusAfterReply, type TicketFormConfig } from './rules.js';
import { agentMessagePayload, publicCreateTicketBody, ticketFieldsSetting } from './tickets.js';

const config: TicketFormConfig = {
  categories: ['general', 'billing'],
  fields: {
    billing: [
      { key: 'invoice', label: 'Invoice number', type: 'text', required: true, maxLength: 12 },
      { key: 'plan', label: { en: 'Plan', 'zh-CN': '套餐' }, type: 'select', required: false, options: ['basic', 'pro'] },
    ],
  },
};
const valid = { name: 'Li Lei', email: 'li.lei@example.com', subject: 'Cannot log in', description: 'Since this morning.' };

describe('ticket transitions', () => {
  it('lets customers only close, or reopen a resolved ticket', () => {
    const allowed = TICKET_STATUSES.flatMap((from) => TICKET_STATUSES.filter((to) => canTransition(from, to, 'customer')).map((to) => `${from}→${to}`));
    expect(allowed).toEqual(['new→closed', 'open→closed', 'pending_customer→closed', 'resolved→open', 'resolved→closed']);
  });

  it('lets agents reopen closed tickets but never move one back to new', () => {
    expect(canTransition('closed', 'open', 'agent')).toBe(true);
    for (const from of TICKET_STATUSES) expect(canTransition(from, 'new', 'agent')).toBe(false);
  });

  it('moves tickets on replies: an agent opens a new one, a customer answers one waiting for them', () => {
    expect(statusAfterReply('new', 'agent')).toBe('open');
    expect(statusAfterReply('pending_customer', 'agent')).toBe('pending_customer');
    expect(statusAfterReply('pending_customer', 'customer')).toBe('open');
    expect(statusAfterReply('resolved', 'customer')).toBe('open');
    expect(statusAfterReply('new', 'customer')).toBe('new');
    expect(statusAfterReply('closed', 'customer')).toBeNull();
  });
});

describe('checking a draft', () => {
  it('accepts a complete draft and files it under the first category by default', () => {
    expect(checkTicketDraft(valid, config, { contact: true })).toEqual([]);
  });

  it('names every field that is missing, too long or malformed, in form order', () => {
    const issues = checkTicketDraft(
      { name: ' ', email: 'not-an-address', subject: 'x'.repeat(TICKET_LIMITS.subjectMax + 1), description: '   ', category: 'billing', fields: { plan: 'gold', extra: '1' } },
      config,
      { contact: true },
    );
    expect(issues).toEqual([
      { field: 'name', issue: 'required' },
      { field: 'email', issue: 'invalid_email' },
      { field: 'subject', issue: 'too_long', max: TICKET_LIMITS.subjectMax },
      { field: 'fields.extra', issue: 'unknown_field' },
      { field: 'fields.invoice', issue: 'required' },
      { field: 'fields.plan', issue: 'invalid_option' },
      { field: 'description', issue: 'required' },
    ]);
  });

  it('applies a field’s own length limit and refuses unknown categories', () => {
    expect(checkTicketDraft({ ...valid, category: 'billing', fields: { invoice: '1234567890123' } }, config, { contact: true })).toEqual([
      { field: 'fields.invoice', issue: 'too_long', max: 12 },
    ]);
    expect(checkTicketDraft({ ...valid, category: 'sales' }, config, { contact: true })).toEqual([{ field: 'category', issue: 'unknown_category' }]);
  });

  it('does not ask signed-in customers for name and email', () => {
    expect(checkTicketDraft({ subject: 'Hi', description: 'There' }, config, { contact: false })).toEqual([]);
  });

  it('keeps trimmed values in the category’s order and drops empty optional ones', () => {
    expect(normalizeFields({ plan: ' pro ', invoice: 'A-1' }, config.fields.billing)).toEqual({ invoice: 'A-1', plan: 'pro' });
    expect(Object.keys(normalizeFields({ invoice: 'A-1', plan: '  ' }, config.fields.billing))).toEqual(['invoice']);
  });

  it('tells email addresses from near misses', () => {
    expect(['a@b.co', '张三@例子.中国', 'first.last+tag@sub.example.org'].map(isEmailAddress)).toEqual([true, true, true]);
    expect(['a@b', 'a b@c.de', 'a@b..de', '<a@b.de>', 'a@b.c', `${'x'.repeat(65)}@b.de`, 'a,b@c.de'].map(isEmailAddress)).toEqual([
      false,
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
  });
});

describe('the schemas agree with the rules', () => {
  const body = { tenant: 'acme', ...valid };

  it('accept exactly the longest values the rules accept', () => {
    for (const [field, max] of [
      ['name', TICKET_LIMITS.nameMax],
      ['subject', TICKET_LIMITS.subjectMax],
      ['description', TICKET_LIMITS.descriptionMax],
    ] as const) {
      const longest = { ...body, [field]: ` ${'字'.repeat(max)} ` };
      expect(publicCreateTicketBody.safeParse(longest).success, field).toBe(true);
      expect(checkTicketDraft(longest, config, { contact: true }), field).toEqual([]);
      const over = { ...body, [field]: 'a'.repeat(max + 1) };
      expect(publicCreateTicketBody.safeParse(over).success, field).toBe(false);
      expect(checkTicketDraft(over, config, { contact: true }).map((i) => i.field), field).toEqual([field]);
    }
  });

  it('use the same email check', () => {
    for (const email of ['a@b.co', 'a@b', 'x y@z.de']) {
      expect(publicCreateTicketBody.safeParse({ ...body, email }).success).toBe(isEmailAddress(email));
    }
  });

  it('refuse unknown keys, and replies without text or files', () => {
    expect(publicCreateTicketBody.safeParse({ ...body, priority: 'urgent' }).success).toBe(false);
    expect(agentMessagePayload.safeParse({ ticketId: '0190c2a0-0000-7000-8000-000000000001', text: '  ' }).success).toBe(false);
  });

  it('check custom field settings: select fields list options, keys are unique per category', () => {
    expect(ticketFieldsSetting.safeParse(config.fields).success).toBe(true);
    expect(ticketFieldsSetting.safeParse({ general: [{ key: 'plan', label: 'Plan', type: 'select' }] }).success).toBe(false);
    expect(ticketFieldsSetting.safeParse({ general: [{ key: 'a', label: 'A', type: 'text', options: ['x'] }] }).success).toBe(false);
    const twice = { key: 'a', label: 'A', type: 'text' };
    expect(ticketFieldsSetting.safeParse({ general: [twice, twice] }).success).toBe(false);
  });

  it('default tenants to no custom fields', () => {
    expect(tenantSettings.parse({}).ticketFields).toEqual({});
  });
});
