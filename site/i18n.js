// Languages: every string of the page's own UI is in STRINGS below, in
// Chinese (the default) and English. Catalogue text comes as {zh, en} and is
// picked with tx(). Static HTML marks its strings with data-i18n="key".

const plural = (n, one, many) => `${n} ${n === 1 ? one : many}`;

export const STRINGS = {
  zh: {
    'app.title': '科创政策自测',
    'app.tagline': '回答关于企业的几个问题,即时估算可申请的区级科技扶持政策,每一项都附有政策原文。',
    'page.title': '科创政策自测',
    'catalogue.pageTitle': '政策目录 · 科创政策自测',
    'nav.label': '页面',
    'nav.catalogue': '政策目录',
    'nav.check': '返回自测',
    'nav.skipForm': '跳到问卷',
    'nav.skipReport': '跳到估算结果',
    'nav.skipCatalogue': '跳到目录',
    'lang.toggle': 'English',
    'noscript': '本页需要启用 JavaScript 和 WebAssembly。',

    'privacy.heading': '隐私',
    'privacy.statement': '您的回答不会离开本设备:规则引擎在浏览器内运行,不向任何服务器发送回答;本页不使用统计分析或任何第三方服务。',
    'privacy.remember': '在本设备上记住我的回答',
    'privacy.rememberHelp': '勾选后,回答保存在本浏览器的本地存储中;取消勾选即删除。不勾选则关闭页面后不保留任何回答。',
    'privacy.clear': '清除我的数据',
    'privacy.export': '导出回答',
    'privacy.import': '导入回答',
    'privacy.importHelp': '选择以前导出的 JSON 文件。',
    'privacy.print': '打印报告',
    'msg.cleared': '已清除本设备上保存的数据,问卷已重置。',
    'msg.remembered': '回答将保存在本设备上,直到您取消勾选或清除数据。',
    'msg.forgotten': '已删除本设备上保存的回答。',
    'msg.exported': ({ file }) => `已导出 ${file}(保存在您的下载文件夹)。`,
    'msg.imported': ({ n }) => `已导入 ${n} 个回答。`,
    'msg.importInvalidJSON': ({ error }) => `未导入:文件不是有效的 JSON(${error})。`,
    'msg.importNotObject': '未导入:文件应是一个以问题编号为键的 JSON 对象。',
    'msg.importTooLarge': '未导入:文件过大(上限 256 KB)。',
    'msg.importErrors': '未导入:文件中的回答有以下错误。',
    'msg.importFailed': ({ error }) => `未导入:${error}`,
    'msg.storageUnavailable': '本浏览器不允许本地存储,无法记住回答。',
    'msg.downloadLink': ({ file }) => `如果下载没有自动开始,请点此下载 ${file}`,

    'loading': '正在加载规则引擎(首次约 5 MB,压缩传输约 1 MB)……',
    'loadFailed': ({ error }) => `无法加载规则引擎:${error}。请刷新页面重试;本页需要支持 WebAssembly 的浏览器。`,
    'engineError': ({ error }) => `规则引擎出错:${error}`,

    'form.heading': '问卷',
    'form.intro': '不确定的问题可以不答:未回答不等于“否”,相关项目会显示为“可能符合”。',
    'form.date': '评估日期',
    'form.dateHelp': '按这一天适用的规定估算,默认今天。',
    'form.stepOf': ({ step, steps }) => `第 ${step} 步,共 ${steps} 步`,
    'form.answered': ({ answered, relevant }) => `已回答 ${answered}/${relevant} 个相关问题`,
    'form.progressLabel': '答题进度',
    'form.stepsNav': '问卷步骤',
    'form.stepButton': ({ n, label }) => `${n}. ${label}`,
    'form.stepCount': ({ answered, total }) => `${answered}/${total}`,
    'form.stepErrors': '有错误',
    'form.stepHeading': ({ n, label }) => `第 ${n} 步:${label}`,
    'form.prev': '上一步',
    'form.next': '下一步',
    'form.toResults': '查看估算结果',
    'form.yes': '是',
    'form.no': '否',
    'form.unsure': '不确定',
    'form.choose': '请选择(不确定)',
    'form.multiHint': '可多选;不清楚就都不勾选(视为未回答)。',
    'form.emptyStep': '根据目前的回答,本步骤没有需要回答的问题。',
    'form.miniSummary': ({ eligible, possible, amount }) => `当前估算:符合 ${eligible} 项,可能符合 ${possible} 项;一次性最高 ${amount}。`,
    'unit.item': '项',
    'unit.person': '人',
    'unit.CNY': '元',
    'err.number': '请输入数字。',
    'err.date': '请输入完整的日期。',
    'err.assessmentDate': '评估日期须在 1990-01-01 至 2100-12-31 之间;暂按今天估算。',

    'report.heading': '估算结果',
    'report.disclaimer': ({ n }) => `这是依据下列 ${n} 份政策文件作出的估算,不是任何主管部门的决定。能否获得支持、获得多少,以主管部门的受理和审核为准。`,
    'report.totalHeading': '总体估算',
    'report.oneTime': '一次性',
    'report.yearly': '每年',
    'report.counts': ({ eligible, possible, notEligible }) => `符合 ${eligible} 项 · 可能符合 ${possible} 项 · 不符合 ${notEligible} 项`,
    'report.unset': ({ n }) => `${n} 项提供资金但文件未规定金额,未计入合计。`,
    'report.undetermined': ({ n }) => `${n} 项金额取决于尚未回答的问题,未计入合计。`,
    'report.nonMonetary': ({ n }) => `${n} 项为非资金支持(服务、场地、渠道、优先权等)。`,
    'report.totalsNote': '下限只加“符合”各项的最低金额,上限再加上“可能符合”各项的最高金额;“不超过”的金额按 0 至上限计。',
    'report.byDocument': '按文件',
    'report.docCounts': ({ eligible, possible }) => `符合 ${eligible} 项 · 可能符合 ${possible} 项`,
    'report.nearMisses': '差一个条件就符合',
    'report.openQuestions': '回答这些问题可以确定更多结果',
    'report.comparison': '各区比较',
    'report.comparisonHelp': '其他回答不变,把注册地和税收户管换成各区时的估算上限(一次性加首年按年金额)。',
    'report.chartLabel': '各区估算上限比较',
    'report.groupEligible': ({ n }) => `符合条件(${n} 项)`,
    'report.groupPossible': ({ n }) => `可能符合(${n} 项):回答更多问题即可确定`,
    'report.groupNotEligible': ({ n }) => `不符合(${n} 项)`,
    'report.showNotEligible': ({ n }) => `显示不符合的 ${n} 项`,
    'report.hideNotEligible': ({ n }) => `隐藏不符合的 ${n} 项`,
    'report.noneEligible': '根据目前的回答,没有符合或可能符合的项目。',
    'chart.currentLabel': ({ label }) => `${label}(当前所在地)`,
    'chart.amount': ({ amount }) => `最高 ${amount}`,
    'chart.counts': ({ eligible, possible }) => `符合 ${eligible} 项 · 可能符合 ${possible} 项`,
    'doc.region': '地区',
    'doc.issuer': '发布机关',
    'doc.number': '文号',
    'doc.date': '日期',
    'doc.validity': '有效期',

    'status.eligible': '符合条件',
    'status.possible': '可能符合',
    'status.not_eligible': '不符合',
    'cond.met': '满足',
    'cond.not_met': '不满足',
    'cond.unknown': '待确认',
    'cond.scope': '适用范围',
    'card.conditions': '条件',
    'card.deciding': '回答这些问题可以确定:',
    'card.amount': '金额',
    'card.period': '发放方式',
    'card.why': '依据与说明',
    'card.quote': '文件原文',
    'card.clause': ({ clause }) => `条款 ${clause}`,
    'card.document': '文件',
    'card.administrator': '主管部门',
    'card.obligations': '义务',
    'card.stacking': '叠加限制',
    'card.note': '我们的理解',
    'card.amountQuote': '金额原文',
    'card.amountNote': '金额说明',
    'card.nextSteps': '下一步',
    'card.ruleId': '规则编号',
    'card.applicantIs': ({ applicant }) => `申请主体:${applicant}`,
    'card.categoryIs': ({ category }) => `类别:${category}`,

    'amount.unset': '文件未规定金额',
    'amount.none': '非资金支持',
    'amount.cap': ({ max }) => `不超过 ${max}`,
    'amount.perItem': ({ value }) => `每项 ${value}`,
    'amount.perItemTotal': ({ total, value }) => `共 ${total}(每项 ${value})`,
    'amount.formula': '按公式计算',
    'amount.undetermined': '金额取决于尚未回答的问题',
    'card.needs': '需回答:',
    'period.one_time': '一次性',
    'period.yearly': '每年',
    'period.yearlyYears': ({ years }) => `每年,连续 ${years} 年`,
    'period.per_item': '按项发放',

    'live.summary': ({ eligible, possible }) => `符合 ${eligible} 项,可能符合 ${possible} 项`,
    'footer.catalogue': '目录版本',
    'footer.build': '构建',
    'footer.note': '估算仅供参考,不构成任何主管部门的决定。',
    'print.stamp': ({ version, date }) => `科创政策自测 · 估算报告 · 目录版本 ${version} · 评估日期 ${date}`,

    'cat.heading': '政策目录',
    'cat.intro': '下面是本工具使用的全部规则,按文件排列:每条规则都附有原文摘录、条款号、文件规定的金额和适用条件,便于对照原文核对。',
    'cat.contents': '文件',
    'cat.ruleCount': ({ n }) => `${n} 条规则`,
    'cat.filter': '筛选规则',
    'cat.filterHelp': '输入关键词(标题、原文、条件或规则编号)。',
    'cat.filterCount': ({ shown, total }) => `显示 ${shown}/${total} 条规则`,
    'cat.scope': '适用范围条件',
    'cat.conditions': '条件(须全部满足)',
    'cat.amountText': '金额(按文件)',
    'cat.obligationsAll': '全文件义务',
    'cat.stackingAll': '全文件叠加限制',
    'cat.noMatch': '没有匹配的规则。',
    'cat.backToTop': '回到顶部',

    'applicant.company': '企业',
    'applicant.founder': '创始人',
    'applicant.staff': '员工',
    'applicant.incubator': '众创空间、孵化器运营方',
    'applicant.alliance': '产业或技术创新联盟',
    'applicant.training_institution': '培训机构',
    'applicant.research_platform': '高校、科研院所或研发平台',
    'applicant.investor': '投资机构',
    'category.funding': '资金扶持',
    'category.certification': '资质认定',
    'category.ip': '知识产权',
    'category.rd_platform': '研发平台',
    'category.product': '产品',
    'category.standards': '标准',
    'category.talent': '人才',
    'category.finance': '金融',
    'category.space': '场地',
    'category.service': '服务',
    'category.fiscal': '财政扶持',
    'category.training': '培训',
  },
  en: {
    'app.title': 'Tech Policy Self-Check',
    'app.tagline': 'Answer a few questions about your company and see at once which district S&T benefits it may claim, each with the text of the policy.',
    'page.title': 'Tech Policy Self-Check (科创政策自测)',
    'catalogue.pageTitle': 'Policy catalogue · Tech Policy Self-Check',
    'nav.label': 'Pages',
    'nav.catalogue': 'Policy catalogue',
    'nav.check': 'Back to the self-check',
    'nav.skipForm': 'Skip to the questionnaire',
    'nav.skipReport': 'Skip to the estimate',
    'nav.skipCatalogue': 'Skip to the catalogue',
    'lang.toggle': 'English',
    'noscript': 'This page needs JavaScript and WebAssembly.',

    'privacy.heading': 'Privacy',
    'privacy.statement': 'Your answers never leave this device: the rule engine runs in your browser and sends your answers to no server; the page uses no analytics and no third-party services.',
    'privacy.remember': 'Remember my answers on this device',
    'privacy.rememberHelp': 'When ticked, your answers are kept in this browser\'s local storage; untick to delete them. Unticked, nothing is kept after you close the page.',
    'privacy.clear': 'Clear my data',
    'privacy.export': 'Export answers',
    'privacy.import': 'Import answers',
    'privacy.importHelp': 'Choose a JSON file you exported before.',
    'privacy.print': 'Print report',
    'msg.cleared': 'The data kept on this device is cleared and the form is reset.',
    'msg.remembered': 'Your answers will be kept on this device until you untick this or clear your data.',
    'msg.forgotten': 'The answers kept on this device are deleted.',
    'msg.exported': ({ file }) => `Exported ${file} (in your downloads folder).`,
    'msg.imported': ({ n }) => `Imported ${plural(n, 'answer', 'answers')}.`,
    'msg.importInvalidJSON': ({ error }) => `Not imported: the file is not valid JSON (${error}).`,
    'msg.importNotObject': 'Not imported: the file must be a JSON object keyed by question id.',
    'msg.importTooLarge': 'Not imported: the file is too large (256 KB at most).',
    'msg.importErrors': 'Not imported: the answers in the file have these errors.',
    'msg.importFailed': ({ error }) => `Not imported: ${error}`,
    'msg.storageUnavailable': 'This browser does not allow local storage, so your answers cannot be remembered.',
    'msg.downloadLink': ({ file }) => `If the download did not start, download ${file} here`,

    'loading': 'Loading the rule engine (about 5 MB the first time, about 1 MB compressed)…',
    'loadFailed': ({ error }) => `The rule engine could not be loaded: ${error}. Reload the page to try again; it needs a browser with WebAssembly.`,
    'engineError': ({ error }) => `The rule engine failed: ${error}`,

    'form.heading': 'Questionnaire',
    'form.intro': 'Skip any question you are not sure about: unanswered is not "no", and the benefits it decides show as "possibly eligible".',
    'form.date': 'Assessment date',
    'form.dateHelp': 'The estimate applies the rules as they stand on this day; today by default.',
    'form.stepOf': ({ step, steps }) => `Step ${step} of ${steps}`,
    'form.answered': ({ answered, relevant }) => `${answered} of ${relevant} relevant questions answered`,
    'form.progressLabel': 'Progress',
    'form.stepsNav': 'Questionnaire steps',
    'form.stepButton': ({ n, label }) => `${n}. ${label}`,
    'form.stepCount': ({ answered, total }) => `${answered}/${total}`,
    'form.stepErrors': 'has errors',
    'form.stepHeading': ({ n, label }) => `Step ${n}: ${label}`,
    'form.prev': 'Previous',
    'form.next': 'Next',
    'form.toResults': 'See the estimate',
    'form.yes': 'Yes',
    'form.no': 'No',
    'form.unsure': 'Not sure',
    'form.choose': 'Choose (not sure)',
    'form.multiHint': 'Tick all that apply; tick none if you don\'t know (left unanswered).',
    'form.emptyStep': 'With your answers so far, this step has no questions.',
    'form.miniSummary': ({ eligible, possible, amount }) => `Estimate so far: ${eligible} eligible, ${possible} possible; one-time up to ${amount}.`,
    'unit.item': 'items',
    'unit.person': 'people',
    'unit.CNY': 'yuan',
    'err.number': 'Enter a number.',
    'err.date': 'Enter a full date.',
    'err.assessmentDate': 'The assessment date must be between 1990-01-01 and 2100-12-31; today is used for now.',

    'report.heading': 'Your estimate',
    'report.disclaimer': ({ n }) => `This is an estimate under the ${n} policy documents below, not a decision of any authority. Whether you receive support, and how much, is for the administering bodies to decide when they accept and review an application.`,
    'report.totalHeading': 'Total estimate',
    'report.oneTime': 'One-time',
    'report.yearly': 'Yearly',
    'report.counts': ({ eligible, possible, notEligible }) => `${eligible} eligible · ${possible} possibly eligible · ${notEligible} not eligible`,
    'report.unset': ({ n }) => `${plural(n, 'benefit offers', 'benefits offer')} money but the document sets no amount; not added to the totals.`,
    'report.undetermined': ({ n }) => `${plural(n, 'amount depends', 'amounts depend')} on questions not yet answered; not added to the totals.`,
    'report.nonMonetary': ({ n }) => `${plural(n, 'benefit is', 'benefits are')} not money (a service, space, channel or priority).`,
    'report.totalsNote': 'The minimum adds the lowest amount of every eligible benefit; the maximum also adds the highest amount of every possibly eligible one. "Up to" amounts count as 0 to the cap.',
    'report.byDocument': 'By document',
    'report.docCounts': ({ eligible, possible }) => `${eligible} eligible · ${possible} possibly eligible`,
    'report.nearMisses': 'One condition away',
    'report.openQuestions': 'Answer these to decide more results',
    'report.comparison': 'District comparison',
    'report.comparisonHelp': 'The highest estimate (one-time plus the first year of yearly amounts) if the company were registered and tax-domiciled in each district, all other answers unchanged.',
    'report.chartLabel': 'Highest estimate by district',
    'report.groupEligible': ({ n }) => `Eligible (${n})`,
    'report.groupPossible': ({ n }) => `Possibly eligible (${n}): more answers will decide`,
    'report.groupNotEligible': ({ n }) => `Not eligible (${n})`,
    'report.showNotEligible': ({ n }) => `Show the ${n} not eligible`,
    'report.hideNotEligible': ({ n }) => `Hide the ${n} not eligible`,
    'report.noneEligible': 'With your answers so far, no benefit is eligible or possibly eligible.',
    'chart.currentLabel': ({ label }) => `${label} (your location)`,
    'chart.amount': ({ amount }) => `up to ${amount}`,
    'chart.counts': ({ eligible, possible }) => `${eligible} eligible · ${possible} possibly eligible`,
    'doc.region': 'Region',
    'doc.issuer': 'Issued by',
    'doc.number': 'Number',
    'doc.date': 'Date',
    'doc.validity': 'Validity',

    'status.eligible': 'Eligible',
    'status.possible': 'Possibly eligible',
    'status.not_eligible': 'Not eligible',
    'cond.met': 'Met',
    'cond.not_met': 'Not met',
    'cond.unknown': 'Unknown',
    'cond.scope': 'Scope',
    'card.conditions': 'Conditions',
    'card.deciding': 'Answer these to decide:',
    'card.amount': 'Amount',
    'card.period': 'Paid',
    'card.why': 'Why: the text and our reading',
    'card.quote': 'The text',
    'card.clause': ({ clause }) => `Clause ${clause}`,
    'card.document': 'Document',
    'card.administrator': 'Administered by',
    'card.obligations': 'Obligations',
    'card.stacking': 'Stacking limits',
    'card.note': 'Our reading',
    'card.amountQuote': 'Amount in the text',
    'card.amountNote': 'About the amount',
    'card.nextSteps': 'What to do next',
    'card.ruleId': 'Rule id',
    'card.applicantIs': ({ applicant }) => `Applicant: ${applicant}`,
    'card.categoryIs': ({ category }) => `Category: ${category}`,

    'amount.unset': 'The document sets no amount',
    'amount.none': 'Not money',
    'amount.cap': ({ max }) => `up to ${max}`,
    'amount.perItem': ({ value }) => `${value} per item`,
    'amount.perItemTotal': ({ total, value }) => `${total} in all (${value} per item)`,
    'amount.formula': 'computed by a formula',
    'amount.undetermined': 'The amount depends on questions not yet answered',
    'card.needs': 'Answer:',
    'period.one_time': 'once',
    'period.yearly': 'every year',
    'period.yearlyYears': ({ years }) => `every year for ${years} years`,
    'period.per_item': 'per item',

    'live.summary': ({ eligible, possible }) => `${eligible} eligible, ${possible} possible`,
    'footer.catalogue': 'Catalogue version',
    'footer.build': 'Build',
    'footer.note': 'The estimate is for guidance only and is no decision of any authority.',
    'print.stamp': ({ version, date }) => `Tech Policy Self-Check · estimate · catalogue ${version} · assessment date ${date}`,

    'cat.heading': 'Policy catalogue',
    'cat.intro': 'Every rule this tool applies, by document: each with an excerpt of the text, its clause, the amount as the text gives it and its conditions, so you can check the tool against the texts.',
    'cat.contents': 'Documents',
    'cat.ruleCount': ({ n }) => plural(n, 'rule', 'rules'),
    'cat.filter': 'Filter rules',
    'cat.filterHelp': 'Type a word from a title, the text, a condition or a rule id.',
    'cat.filterCount': ({ shown, total }) => `Showing ${shown} of ${total} rules`,
    'cat.scope': 'Scope condition',
    'cat.conditions': 'Conditions (all must hold)',
    'cat.amountText': 'Amount (as the text gives it)',
    'cat.obligationsAll': 'Obligations for every measure',
    'cat.stackingAll': 'Stacking limits for every measure',
    'cat.noMatch': 'No rule matches.',
    'cat.backToTop': 'Back to top',

    'applicant.company': 'Company',
    'applicant.founder': 'Founder',
    'applicant.staff': 'Staff',
    'applicant.incubator': 'Maker-space or incubator operator',
    'applicant.alliance': 'Industry or technology alliance',
    'applicant.training_institution': 'Training institution',
    'applicant.research_platform': 'University, institute or R&D platform',
    'applicant.investor': 'Investor',
    'category.funding': 'Funding',
    'category.certification': 'Certification',
    'category.ip': 'Intellectual property',
    'category.rd_platform': 'R&D platform',
    'category.product': 'Products',
    'category.standards': 'Standards',
    'category.talent': 'Talent',
    'category.finance': 'Finance',
    'category.space': 'Space',
    'category.service': 'Services',
    'category.fiscal': 'Fiscal support',
    'category.training': 'Training',
  },
};

export const LANGS = ['zh', 'en'];
const HTML_LANG = { zh: 'zh-CN', en: 'en' };
let current = 'zh';

export function lang() {
  return current;
}

export function htmlLang(l = current) {
  return HTML_LANG[l];
}

// setLang sets the language and the <html lang> attribute.
export function setLang(l) {
  current = LANGS.includes(l) ? l : 'zh';
  document.documentElement.lang = HTML_LANG[current];
  return current;
}

// The language asked for in the address (?lang=en), else null.
export function langFromURL() {
  const l = new URLSearchParams(location.search).get('lang');
  return LANGS.includes(l) ? l : null;
}

// t('key', {vars}) → the UI string in the current language.
export function t(key, vars = {}) {
  const entry = STRINGS[current][key] ?? STRINGS.zh[key];
  if (entry === undefined) return key;
  return typeof entry === 'function' ? entry(vars) : entry;
}

// tx({zh, en}) → catalogue text in the current language.
export function tx(text) {
  if (!text) return '';
  if (typeof text === 'string') return text;
  return text[current] || text.zh || text.en || '';
}

// applyStatic sets every [data-i18n] element's text in the current language
// and [data-i18n-label] elements' aria-label.
export function applyStatic(root = document) {
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-label]')) el.setAttribute('aria-label', t(el.dataset.i18nLabel));
}

// A link to another page of the site that keeps the language.
export function pageHref(page, l = current) {
  return l === 'zh' ? page : `${page}?lang=${l}`;
}

// Numbers and money.

const enNumber = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

function trimDecimals(x) {
  return String(Number(x.toFixed(4)));
}

// zhParts(n) → [number text, unit] with 万/亿 for large amounts: 50000 → ['5', '万元'].
function zhParts(n) {
  const r = Math.round(n);
  const a = Math.abs(r);
  if (a >= 1e8) return [trimDecimals(r / 1e8), '亿元'];
  if (a >= 1e4) return [trimDecimals(r / 1e4), '万元'];
  return [String(r), '元'];
}

// yuan(50000) → "5万元" in Chinese, "50,000 yuan" in English.
export function yuan(n, l = current) {
  if (n === null || n === undefined || !Number.isFinite(n)) return '';
  if (l === 'en') return `${enNumber.format(Math.round(n))} yuan`;
  const [num, unit] = zhParts(n);
  return num + unit;
}

// yuanRange(30000, 50000) → "3–5万元" / "30,000–50,000 yuan"; one value when equal.
export function yuanRange(min, max, l = current) {
  if (min === max || min === null || min === undefined) return yuan(max, l);
  if (max === null || max === undefined) return yuan(min, l);
  if (l === 'en') return `${enNumber.format(Math.round(min))}–${enNumber.format(Math.round(max))} yuan`;
  const [a, ua] = zhParts(min);
  const [b, ub] = zhParts(max);
  return ua === ub ? `${a}–${b}${ub}` : `${a}${ua}–${b}${ub}`;
}

// A plain number in the current language: 12345 → "12345" / "12,345".
export function number(n, l = current) {
  return l === 'en' ? enNumber.format(n) : String(n);
}

// The separator of a list in the current language.
export function separator(l = current) {
  return l === 'en' ? ', ' : '、';
}
