import type { ArticleStatus } from '@plaza/protocol';
import type { PlazaContext } from '../context.js';
import { KnowledgeService } from './service.js';

interface DemoArticle {
  title: string;
  body: string;
  category: string;
  status: ArticleStatus;
  /** Host id of the demo agent who wrote it. */
  author: string;
}

const ARTICLES: DemoArticle[] = [
  {
    title: '如何申请退款',
    category: 'billing',
    status: 'published',
    author: 'zhao.lei',
    body: [
      '收到商品后 **30 天内** 可以申请退款。',
      '',
      '1. 登录账户，打开「我的订单」。',
      '2. 选择要退款的订单，点击「申请退款」。',
      '3. 填写退款原因，提交后客服会在一个工作日内处理。',
      '',
      '退款会原路退回，银行卡一般需要 3–5 个工作日到账。',
    ].join('\n'),
  },
  {
    title: 'Refund policy',
    category: 'billing',
    status: 'published',
    author: 'carol',
    body: [
      'You can ask for a refund within **30 days** of delivery.',
      '',
      '- Open *My orders* and choose the order.',
      '- Click **Request a refund** and tell us why.',
      '',
      'Refunds go back to the original payment method; cards usually take 3–5 business days.',
    ].join('\n'),
  },
  {
    title: 'How do I reset my password?',
    category: 'technical',
    status: 'published',
    author: 'dave',
    body: [
      'On the sign-in page, click **Forgot password** and enter the email address of your account.',
      'We send a reset link that works for one hour. If no email arrives, check the spam folder,',
      'or file a ticket and an agent will help.',
    ].join('\n'),
  },
  {
    title: '发票开具说明',
    category: 'billing',
    status: 'published',
    author: 'zhao.lei',
    body: '订单完成后，可在「我的订单」中申请电子发票。增值税专用发票请在工单中提供公司名称和税号。',
  },
  {
    title: 'Shipping times and tracking',
    category: 'general',
    status: 'published',
    author: 'carol',
    body: 'Orders ship within 2 business days. The confirmation email has a tracking link; shipping within mainland China takes 2–4 days.',
  },
  {
    title: 'Holiday support hours (draft)',
    category: 'general',
    status: 'draft',
    author: 'carol',
    body: 'Support hours during the Spring Festival: to be confirmed.',
  },
];

/** Demo knowledge articles in Chinese and English, written by the demo agents; only on a tenant that has none yet. */
export async function seedKnowledgeDemo(ctx: PlazaContext, tenantId: string): Promise<void> {
  const existing = await ctx.storage.db.selectFrom('articles').select('id').where('tenant_id', '=', tenantId).limit(1).executeTakeFirst();
  if (existing) return;
  const knowledge = new KnowledgeService(ctx);
  const actor = knowledge.integrationActor(tenantId);
  for (const { author, ...article } of ARTICLES) await knowledge.create(actor, article, author);
}
