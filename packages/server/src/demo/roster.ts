import type { UserUpsert } from '@plaza/protocol';

export const DEMO_TENANT = 'demo';
export const DEMO_SECRET = 'demo-secret';
export const DEMO_PARTNER_ORG = 'northwind';

/** Demo users in three departments, a partner and a customer; names in Chinese and English. */
export const DEMO_USERS: UserUpsert[] = [
  { id: 'zhang.wei', name: '张伟', kind: 'member', roles: ['admin'], dept: ['marketing'], email: 'zhang.wei@example.com' },
  { id: 'li.na', name: '李娜', kind: 'member', roles: ['dept_admin'], dept: ['marketing'], email: 'li.na@example.com' },
  { id: 'wang.fang', name: '王芳', kind: 'member', roles: [], dept: ['marketing'], email: 'wang.fang@example.com' },
  { id: 'alice', name: 'Alice Chen', kind: 'member', roles: ['dept_admin'], dept: ['rnd'], email: 'alice@example.com' },
  { id: 'bob', name: 'Bob Martin', kind: 'member', roles: [], dept: ['rnd'], email: 'bob@example.com' },
  { id: 'liu.yang', name: '刘洋', kind: 'member', roles: [], dept: ['rnd'], email: 'liu.yang@example.com' },
  { id: 'chen.jing', name: '陈静', kind: 'member', roles: [], dept: ['rnd'], email: 'chen.jing@example.com' },
  { id: 'carol', name: 'Carol Davis', kind: 'member', roles: ['dept_admin', 'agent'], dept: ['support'], email: 'carol@example.com' },
  { id: 'dave', name: 'Dave Wilson', kind: 'member', roles: ['agent'], dept: ['support'], email: 'dave@example.com' },
  { id: 'zhao.lei', name: '赵磊', kind: 'member', roles: ['agent'], dept: ['support'], email: 'zhao.lei@example.com' },
  { id: 'sun.li', name: '孙丽', kind: 'member', roles: [], dept: ['support'], email: 'sun.li@example.com' },
  { id: 'erin', name: 'Erin Partner', kind: 'partner', roles: [], dept: [], org: DEMO_PARTNER_ORG, email: 'erin@northwind.example' },
  { id: 'frank', name: 'Frank Customer', kind: 'customer', roles: [], dept: [], email: 'frank@customer.example' },
];

export const DEMO_DEPARTMENTS: Record<string, string> = {
  marketing: 'Marketing · 市场部',
  rnd: 'R&D · 研发部',
  support: 'Customer Support · 客服部',
};
