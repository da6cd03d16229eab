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
    title: 'Connect to your Acme Cloud server with SSH',
    category: 'technical',
    status: 'published',
    author: 'carol',
    body: [
      'Every server shows its public address on the **Servers** page of the console.',
      '',
      '1. Download the key pair you chose when you created the server.',
      '2. Run `ssh -i my-key.pem root@<address>`.',
      '3. Still refused? Check that the security group allows port **22** from your address.',
      '',
      'Lost the key? Open the server, choose *Reset key pair* and restart it.',
    ].join('\n'),
  },
  {
    title: 'Backups and snapshots',
    category: 'technical',
    status: 'published',
    author: 'dave',
    body: [
      'Pro and Enterprise plans take a **daily backup** of every disk and keep it for 7 days (Enterprise: 30 days).',
      '',
      '- A *snapshot* is a copy you take yourself, before an upgrade say; it is kept until you delete it.',
      '- To restore, open the disk, choose **Backups**, pick a date and click *Restore to a new disk*.',
    ].join('\n'),
  },
  {
    title: '如何升级或降级套餐',
    category: 'billing',
    status: 'published',
    author: 'zhao.lei',
    body: [
      '在控制台的「账单 → 套餐」中可以随时更换套餐：',
      '',
      '- **升级**立即生效，按剩余天数补差价；',
      '- **降级**在当前计费周期结束后生效。',
      '',
      '企业版（Enterprise）的变更请提交工单，客户经理会与您联系。',
    ].join('\n'),
  },
  {
    title: '云服务器无法连接怎么办？',
    category: 'technical',
    status: 'published',
    author: 'zhao.lei',
    body: [
      '请按以下步骤排查：',
      '',
      '1. 在控制台确认服务器状态为「运行中」。',
      '2. 检查安全组是否放行了 22（SSH）或 3389（远程桌面）端口。',
      '3. 在「监控」页查看 CPU 和带宽是否已满。',
      '',
      '仍然无法连接，请提交工单并附上服务器 ID 和所在地域。',
    ].join('\n'),
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
