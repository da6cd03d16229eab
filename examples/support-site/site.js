// Acme Cloud: the public website's own script. It switches the site's language (Plaza's
// elements follow `lang` on <html> by themselves) and nothing else: embedding Plaza needs
// no code of the site's own beyond the script tags.

/** The site's own strings; Plaza's elements translate themselves. */
const STRINGS = {
  en: {
    skip: 'Skip to content',
    mainNav: 'Main',
    language: 'Language',
    navProduct: 'Product',
    navPricing: 'Pricing',
    navSupport: 'Support',
    navTickets: 'My tickets',
    heroEyebrow: 'Cloud servers · Shanghai, Beijing, Singapore, Frankfurt',
    heroTitle: 'Your server, running in 60 seconds',
    heroLead: 'Fast SSD servers, daily backups and a support team that answers — in English and Chinese.',
    heroStart: 'Start a free trial',
    heroContact: 'Contact support',
    featuresTitle: 'Everything a small team needs',
    feature1Title: 'Servers in four regions',
    feature1Text: 'Pick the region closest to your customers; move later without downtime.',
    feature2Title: 'Daily backups',
    feature2Text: 'Every disk is backed up each night, and snapshots take one click.',
    feature3Title: 'Support that answers',
    feature3Text: 'File a ticket any time and follow it live; most are answered within two hours.',
    pricingTitle: 'Simple pricing',
    perMonth: '/ month',
    planStarter: '1 vCPU · 2 GB · 40 GB SSD',
    planPro: '4 vCPU · 8 GB · 160 GB SSD · daily backups',
    planEnterprisePrice: 'Let’s talk',
    planEnterprise: 'Dedicated hosts, 30-day backups, an account manager',
    supportTitle: 'Need help?',
    supportText:
      'Tell us what is wrong: you get a link to follow your ticket, no account needed. Customers with an account see all their tickets in one place.',
    footer: 'Acme Cloud is a demo website. Support runs on Plaza.',
    contactTitle: 'How can we help?',
    contactLead:
      'Describe the problem and we will answer, usually within two hours. You get a link to follow the ticket; keep it, no account needed.',
    formLabel: 'Ticket form',
    tipsTitle: 'Faster answers',
    tip1: 'Pick the category: billing questions go straight to our billing team.',
    tip2: 'For a server problem, add its region and server ID.',
    tip3: 'Attach a screenshot or log file if you have one.',
    tipsAccount: 'Have an account? See all your tickets.',
    followTitle: 'Follow your ticket',
    followLead: 'Answers from our team appear here. Keep this page’s link to come back later.',
    noLinkTitle: 'Open your follow-up link',
    noLinkText: 'After filing a ticket you got a link. Paste it here to see the ticket.',
    pasteLabel: 'Follow-up link',
    pasteButton: 'Open',
    pasteInvalid: 'That is not a follow-up link. It contains “#plaza-ticket=”.',
    ticketsTitle: 'Support center',
    signedInAs: 'Signed in as',
    demoNote: '(demo account)',
    errorUnavailable: 'Cannot reach support right now. Retrying…',
    errorOther: 'Support is unavailable',
  },
  'zh-CN': {
    skip: '跳到主要内容',
    mainNav: '主导航',
    language: '语言',
    navProduct: '产品',
    navPricing: '价格',
    navSupport: '支持',
    navTickets: '我的工单',
    heroEyebrow: '云服务器 · 上海、北京、新加坡、法兰克福',
    heroTitle: '60 秒，让您的服务器跑起来',
    heroLead: '高速 SSD 云服务器、每日备份，还有真正会回复您的中英文客服团队。',
    heroStart: '免费试用',
    heroContact: '联系客服',
    featuresTitle: '小团队需要的，一应俱全',
    feature1Title: '四大地域',
    feature1Text: '选择离您的客户最近的地域，之后也可以无停机迁移。',
    feature2Title: '每日备份',
    feature2Text: '每块磁盘每晚自动备份，快照一键完成。',
    feature3Title: '有问必答的客服',
    feature3Text: '随时提交工单并实时跟进，大多数工单两小时内回复。',
    pricingTitle: '简单透明的价格',
    perMonth: '/ 月',
    planStarter: '1 vCPU · 2 GB · 40 GB SSD',
    planPro: '4 vCPU · 8 GB · 160 GB SSD · 每日备份',
    planEnterprisePrice: '联系我们',
    planEnterprise: '独享宿主机、30 天备份、专属客户经理',
    supportTitle: '需要帮助？',
    supportText: '告诉我们遇到了什么问题：提交后您会得到一个跟进链接，无需注册账户。已有账户的客户可以集中查看所有工单。',
    footer: 'Acme Cloud 是一个演示网站，客服系统由 Plaza 提供。',
    contactTitle: '需要什么帮助？',
    contactLead: '请描述您遇到的问题，我们通常会在两小时内回复。提交后您会得到一个跟进链接，请妥善保存，无需注册账户。',
    formLabel: '工单表单',
    tipsTitle: '更快获得答复',
    tip1: '请选择类别：账单问题会直接转给账单团队。',
    tip2: '服务器问题请填写地域和服务器 ID。',
    tip3: '如有截图或日志文件，请一并上传。',
    tipsAccount: '已有账户？查看您的全部工单。',
    followTitle: '跟进您的工单',
    followLead: '客服的回复会显示在这里。保存本页链接，随时回来查看。',
    noLinkTitle: '打开您的跟进链接',
    noLinkText: '提交工单后您会得到一个链接，粘贴到这里即可查看工单。',
    pasteLabel: '跟进链接',
    pasteButton: '打开',
    pasteInvalid: '这不是跟进链接，跟进链接中含有“#plaza-ticket=”。',
    ticketsTitle: '支持中心',
    signedInAs: '当前账户',
    demoNote: '（演示账户）',
    errorUnavailable: '暂时无法连接客服系统，正在重试…',
    errorOther: '客服系统不可用',
  },
};

const langSelect = document.getElementById('lang-select');
let lang = localStorage.getItem('acme-cloud-lang') === 'zh-CN' ? 'zh-CN' : 'en';

/** A string of the site in the current language. */
export function t(key) {
  return STRINGS[lang][key] ?? STRINGS.en[key];
}

function applyLanguage() {
  document.documentElement.lang = lang;
  langSelect.value = lang;
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of document.querySelectorAll('[data-i18n-label]')) el.setAttribute('aria-label', t(el.dataset.i18nLabel));
}

langSelect.addEventListener('change', () => {
  lang = langSelect.value === 'zh-CN' ? 'zh-CN' : 'en';
  localStorage.setItem('acme-cloud-lang', lang);
  applyLanguage();
});

applyLanguage();
