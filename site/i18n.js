// Languages: every string of the page's own UI is in STRINGS below, in
// Chinese (the default) and English. Catalogue text comes as {zh, en} and is
// picked with tx(). Static HTML marks its strings with data-i18n="key".

const plural = (n, one, many) => `${n} ${n === 1 ? one : many}`;

export const STRINGS = {
  zh: {
    'app.title': '科创政策自测',
    'app.tagline': '回答几个关于企业的问题，即时估算可申请的区级科技扶持政策；每一项都附有政策原文和申报准备清单。',
    'page.title': '科创政策自测',
    'catalogue.pageTitle': '政策目录 · 科创政策自测',
    'nav.label': '页面',
    'nav.catalogue': '政策目录',
    'nav.check': '返回自测',
    'nav.skipForm': '跳到问卷',
    'nav.skipReport': '跳到估算结果',
    'nav.skipCatalogue': '跳到目录',
    'lang.toggle': 'English',
    'lang.toggleLang': 'en',
    'lang.toggleLabel': 'Switch to English',
    'noscript': '本页需要启用 JavaScript 和 WebAssembly。',

    'privacy.heading': '隐私',
    'privacy.statement': '您的回答不会离开本设备：规则引擎在浏览器内运行，不向任何服务器发送回答；本页不使用统计分析或任何第三方服务。',
    'privacy.session': '刷新页面时回答仍在；关闭本标签页即清除。',
    'settings.summary': '设置与数据（评估日期、记住回答、导入导出）',
    'settings.date': '评估日期',
    'settings.dateHelp': '按这一天适用的规定估算，默认今天。',
    'privacy.remember': '在本设备上记住我的回答',
    'privacy.rememberHelp': '勾选后，回答保存在本浏览器的本地存储中，关闭页面后仍在；取消勾选即删除。',
    'privacy.clear': '清除我的数据',
    'privacy.export': '导出回答',
    'privacy.import': '导入回答',
    'privacy.importHelp': '选择以前导出的 JSON 文件。',
    'privacy.print': '打印报告',
    'msg.cleared': '已清除本设备上保存的数据，问卷已重置。',
    'msg.remembered': '回答将保存在本设备上，直到您取消勾选或清除数据。',
    'msg.forgotten': '已删除本设备上长期保存的回答。',
    'msg.exported': ({ file }) => `已导出 ${file}（保存在您的下载文件夹）。`,
    'msg.imported': ({ n }) => `已导入 ${n} 个回答。`,
    'msg.importInvalidJSON': ({ error }) => `未导入：文件不是有效的 JSON（${error}）。`,
    'msg.importNotObject': '未导入：文件应是一个以问题编号为键的 JSON 对象。',
    'msg.importTooLarge': '未导入：文件过大（上限 256 KB）。',
    'msg.importErrors': '未导入：文件中的回答有以下错误。',
    'msg.importFailed': ({ error }) => `未导入：${error}`,
    'msg.storageUnavailable': '本浏览器不允许本地存储，无法记住回答。',
    'msg.downloadLink': ({ file }) => `如果下载没有自动开始，请点此下载 ${file}`,
    'msg.restored': ({ n }) => `已从链接恢复 ${n} 个回答。`,

    'load.title': '正在载入规则引擎',
    'load.progress': ({ loaded, total }) => `已下载 ${loaded} / ${total} MB`,
    'load.bytes': ({ loaded }) => `已下载 ${loaded} MB`,
    'load.starting': '正在启动规则引擎……',
    'load.meanwhile': '可以先回答问题，引擎就绪后立即估算。',
    'load.waiting': '规则引擎就绪后，这里会显示与您相关的后续问题。',
    'fail.network': '无法下载规则引擎：网络连接中断或服务器暂时不可达。',
    'fail.http': ({ detail }) => `无法下载规则引擎：服务器返回错误（${detail}）。`,
    'fail.unsupported': '本浏览器不支持 WebAssembly，无法运行规则引擎。请改用较新版本的 Chrome、Edge、Firefox 或 Safari。',
    'fail.blocked': '规则引擎未能运行，可能被浏览器扩展（如广告或脚本拦截）或安全设置阻止。请为本站停用这类扩展后重试。',
    'fail.engine': '规则引擎启动失败。',
    'fail.retry': '重试',
    'fail.disabled': '引擎载入前，打印、复制链接和导出暂不可用；您已填写的回答仍保留在本页。',
    'engineError': ({ error }) => `规则引擎出错：${error}`,

    'flow.heading': '问卷',
    'flow.screenOf': ({ n, total }) => `第 ${n} 步，共 ${total} 步`,
    'flow.start': '机构与所在地',
    'flow.startIntro': '先说明机构类型和注册地；之后只问会影响结果的问题。',
    'flow.back': '上一步',
    'flow.next': '下一步',
    'flow.toResults': '查看估算结果',
    'flow.empty': '根据目前的回答，这一步没有需要回答的问题。',
    'flow.settled': '已没有会改变结果的问题：结果已确定。',
    'flow.open': ({ n }) => `还有 ${n} 个问题会影响结果：`,
    'flow.why': '为什么问这个？',
    'flow.whyList': '这个回答决定以下措施：',
    'flow.whyNone': '目前没有待定的措施取决于这个问题；修改回答仍会更新结果。',
    'flow.whyWait': '规则引擎就绪后显示。',
    'flow.progress': ({ answered, shown }) => `已回答 ${answered}/${shown}`,
    'form.yes': '是',
    'form.no': '否',
    'form.unsure': '不确定',
    // questions22: the size class the standard gives, shown under the size questions.
    'size.derived': ({ cls }) => `按《中小企业划型标准规定》（工信部联企业〔2011〕300号）推算，企业为：${cls}`,
    'size.smallMicro': '小型或微型企业',
    'size.medium': '中型企业',
    'size.large': '大型企业（不属于中小企业）',
    'size.open': '待定，还缺会影响结果的回答',
    'form.choose': '请选择',
    'form.multiHint': '可多选；不清楚就都不勾选（视为未回答）。',
    'unit.item': '项',
    'unit.person': '人',
    'unit.CNY': '元',
    'err.number': '请输入数字。',
    'err.date': '请输入完整的日期。',
    'err.assessmentDate': '评估日期须在 1990-01-01 至 2100-12-31 之间；暂按今天估算。',

    'report.heading': '估算结果',
    'report.before': '回答机构类型和注册地后，这里显示估算结果。',
    'report.disclaimer': ({ n }) => `这是依据 ${n} 份政策文件作出的估算，不是任何主管部门的决定。能否获得支持、获得多少，以主管部门的受理和审核为准。`,
    'summary.link': '查看结果',
    'hl.heading': '总体估算',
    'hl.secured': '文件确定可得',
    'hl.noneFixed': '尚无文件确定的金额',
    'hl.unsetEligible': ({ n }) => `符合 ${n} 项资金支持，但文件未规定金额`,
    'hl.noneYet': '尚无确定符合的措施',
    'hl.more': '另可能最高',
    'hl.moreNote': '待确认，或由主管部门酌情决定；未计入上面的金额。',
    'hl.unset': ({ n }) => `${n} 项资金支持文件未规定金额`,
    'hl.services': ({ n }) => `${n} 项服务、场地或渠道支持`,
    'hl.national': ({ n }) => `${n} 项文件所指的国家或市级政策`,
    'hl.undetermined': ({ n }) => `${n} 项金额取决于尚未回答的问题`,
    'hl.lapsed': ({ n }) => `${n} 项所属期限已过，未计入`,
    'hl.notIssued': ({ n }) => `${n} 项所属文件在评估日尚未发布，未计入`,
    'hl.nothingInForce': ({ date, n }) => `按评估日（${date}），没有仍在有效期内的措施适用：${n} 项措施所属文件或条款已失效或尚未发布，未计入。`,
    'hl.whileInForce': '这些文件在有效期内可能适用的措施（同样的回答，按当时日期评估）：',
    'hl.endedDoc': ({ region, n, when }) => `${region}：${n} 项（${when}）`,
    'hl.assessOn': ({ date }) => `按 ${date} 评估`,
    'hl.oldDocs': ({ docs }) => `以下按文件仍在执行估算，但${docs}的文件未载明有效期，也未找到推定其有效期的依据，可能已被后续政策取代：请先向主管部门确认。`,
    'hl.oldDoc': ({ region, issued, years }) => `${region}（发布于 ${issued}，已 ${years} 年）`,
    'when.issued': ({ date }) => `${date} 发布`,
    'when.ended': ({ date }) => `于 ${date} 结束`,
    'when.presumedEnded': ({ date }) => `推定于 ${date} 失效`,
    'docs.pageClaim': ({ claim }) => `来源页面另称：${claim}。`,
    'docs.later': ({ list }) => `其后：${list}。`,
    'hl.counts': ({ eligible, check }) => `符合 ${eligible} 项 · 值得核实 ${check} 项`,
    'money.once': ({ amount }) => `一次性 ${amount}`,
    'money.yearly': ({ amount }) => `每年 ${amount}`,
    'money.join': '、',
    'share.copy': '复制链接',
    'share.help': '链接把您的回答放在网址 # 之后；浏览器不会把 # 之后的部分发送给任何服务器。打开链接（离线也可）即恢复回答。请只分享给您信任的人。',
    'share.copied': '链接已复制。',
    'share.manual': '请复制下面的链接：',
    'share.label': '含回答的链接',
    'sec.eligible': ({ n }) => `符合条件（${n} 项）`,
    'sec.eligibleHelp': '条件均已满足。',
    'sec.check': ({ n }) => `值得核实（${n} 项）`,
    'sec.checkHelp': '可能符合，或虽符合但由主管部门酌情决定：回答标出的问题，或向受理部门核实。',
    'sec.lapsed': ({ n }) => `期限已过（${n} 项）`,
    'sec.lapsedHelp': '这些措施所属文件或条款的期限已过，未计入估算；请向主管部门确认是否有接续政策。',
    'sec.notEligible': ({ n }) => `不符合（${n} 项）`,
    'sec.showNotEligible': ({ n }) => `显示不符合的 ${n} 项`,
    'sec.hideNotEligible': ({ n }) => `隐藏不符合的 ${n} 项`,
    'sec.none': '根据目前的回答，没有符合或值得核实的措施。',
    'badge.eligible': '符合',
    'badge.discretionary': '符合 · 由主管部门决定',
    'badge.possible': '可能符合',
    'badge.lapsed': '期限已过',
    'badge.not_issued': '尚未发布',
    'badge.national': '国家或市级政策，按其自身条件认定',
    'badge.not_eligible': '不符合',
    'card.amount': '金额',
    'card.period': '发放方式',
    'card.answer': '回答后可确定：',
    'card.failed': '不满足：',
    'card.next': '下一步',
    'card.administrator': '受理部门',
    'card.adminImplied': '区科技主管部门（文件未指明受理部门，按文意推定）',
    'card.prepare': '准备材料',
    'card.evidence': ({ label }) => `证明材料：${label}`,
    'card.count': ({ label, n }) => `${label}:${n}`,
    'card.obligations': '获得后须遵守',
    'card.stacking': '叠加限制',
    'card.source': '依据',
    'card.why': '原文与我们的理解',
    'card.clause': ({ clause }) => `条款 ${clause}`,
    'card.amountQuote': '金额原文',
    'card.amountNote': '金额说明',
    'card.note': '我们的理解',
    'card.discretion': '原文措辞',
    'list.heading': '申报准备清单（全部符合项）',
    'list.help': '按受理部门汇总；每项材料后注明对应的措施。',
    'list.all': ({ n }) => `全部 ${n} 项`,
    'docs.heading': '文件时效',
    'cmp.heading': '各区比较',
    'cmp.help': '其他回答不变，把注册地和税收户管换成各区时的估算。',
    'cmp.label': '各区文件确定可得金额比较',
    'chart.currentLabel': ({ label }) => `${label}（当前所在地）`,
    'chart.secured': ({ amount }) => `文件确定 ${amount}`,
    'chart.unset': ({ n }) => `符合 ${n} 项，金额未定`,
    'chart.nothing': '尚无确定金额',
    'chart.counts': ({ eligible, possible, lapsed }) => `在有效期内：符合 ${eligible} 项 · 可能符合 ${possible} 项 · 已失效 ${lapsed} 项`,
    'cmp.validity': '各区文件的时效（国家、市级政策及张江示范区措施不计入各区）：',
    'cmp.docState': ({ region, state }) => `${region}：${state}`,
    'state.inForce': ({ until, basis }) => (until ? `在有效期内，${basis === 'presumed' ? '推定' : '所定'}至 ${until}` : '在有效期内'),
    'state.noEnd': ({ years }) => `未载明有效期，也未找到推定依据（已 ${years} 年）`,
    'print.stamp': ({ version, date }) => `科创政策自测 · 估算报告 · 目录版本 ${version} · 评估日期 ${date}`,
    'print.answers': '估算所依据的回答',

    'doc.region': '地区',
    'doc.issuer': '发布机关',
    'doc.number': '文号',
    'doc.date': '日期',
    'doc.validity': '有效期',
    'status.eligible': '符合条件',
    'status.possible': '可能符合',
    'status.not_eligible': '不符合',
    'status.lapsed': '期限已过',
    'status.not_issued': '尚未发布',
    'cond.met': '满足',
    'cond.not_met': '不满足',
    'cond.unknown': '待确认',
    'card.administratorCat': '主管部门',
    'card.ruleId': '规则编号',
    'card.nextSteps': '下一步',
    'card.applicantIs': ({ applicant }) => `申请主体：${applicant}`,
    'card.categoryIs': ({ category }) => `类别：${category}`,

    'amount.unset': '文件未规定金额',
    'amount.none': '非资金支持',
    'amount.cap': ({ max }) => `不超过 ${max}`,
    'amount.perItem': ({ value }) => `每项 ${value}`,
    'amount.perItemTotal': ({ total, value }) => `共 ${total}（每项 ${value}）`,
    'amount.formula': '按公式计算',
    'amount.undetermined': '金额取决于尚未回答的问题',
    'card.needs': '需回答：',
    'period.one_time': '一次性',
    'period.yearly': '每年',
    'period.this_year': '本年度',
    'period.yearlyYears': ({ years }) => `每年，连续 ${years} 年`,
    'period.per_item': '按项发放',

    'live.summary': ({ eligible, check }) => `符合 ${eligible} 项，值得核实 ${check} 项`,
    'footer.catalogue': '目录版本',
    'footer.build': '构建',
    'footer.note': '估算仅供参考，不构成任何主管部门的决定。',

    'cat.heading': '政策目录',
    'cat.intro': '下面是本工具使用的全部规则，按文件排列：每条规则都附有原文摘录、条款号、文件规定的金额和适用条件，便于对照原文核对。',
    'cat.contents': '文件',
    'cat.ruleCount': ({ n }) => `${n} 条规则`,
    'cat.filter': '筛选规则',
    'cat.filterHelp': '输入关键词（标题、原文、条件或规则编号）。',
    'cat.filterCount': ({ shown, total }) => `显示 ${shown}/${total} 条规则`,
    'cat.scope': '适用范围条件',
    'cat.conditions': '条件（须全部满足）',
    'cat.amountText': '金额（按文件）',
    'cat.obligationsAll': '全文件义务',
    'cat.stackingAll': '全文件叠加限制',
    'cat.noMatch': '没有匹配的规则。',
    'cat.backToTop': '回到顶部',
    'loading': '正在载入规则引擎……',
    'loadFailed': ({ error }) => `无法载入规则引擎：${error}。请重试。`,

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
    'app.tagline': 'Answer a few questions about your company and see at once which district S&T benefits it may claim, each with the text of the policy and what to prepare.',
    'page.title': 'Tech Policy Self-Check (科创政策自测)',
    'catalogue.pageTitle': 'Policy catalogue · Tech Policy Self-Check',
    'nav.label': 'Pages',
    'nav.catalogue': 'Policy catalogue',
    'nav.check': 'Back to the self-check',
    'nav.skipForm': 'Skip to the questionnaire',
    'nav.skipReport': 'Skip to the estimate',
    'nav.skipCatalogue': 'Skip to the catalogue',
    'lang.toggle': '中文',
    'lang.toggleLang': 'zh-CN',
    'lang.toggleLabel': '切换到中文',
    'noscript': 'This page needs JavaScript and WebAssembly.',

    'privacy.heading': 'Privacy',
    'privacy.statement': 'Your answers never leave this device: the rule engine runs in your browser and sends your answers to no server; the page uses no analytics and no third-party services.',
    'privacy.session': 'Your answers survive a reload of this page and are gone when you close this tab.',
    'settings.summary': 'Settings and data (assessment date, remembering, import and export)',
    'settings.date': 'Assessment date',
    'settings.dateHelp': 'The estimate applies the rules as they stand on this day; today by default.',
    'privacy.remember': 'Remember my answers on this device',
    'privacy.rememberHelp': 'When ticked, your answers are kept in this browser\'s local storage after you close the page; untick to delete them.',
    'privacy.clear': 'Clear my data',
    'privacy.export': 'Export answers',
    'privacy.import': 'Import answers',
    'privacy.importHelp': 'Choose a JSON file you exported before.',
    'privacy.print': 'Print report',
    'msg.cleared': 'The data kept on this device is cleared and the form is reset.',
    'msg.remembered': 'Your answers will be kept on this device until you untick this or clear your data.',
    'msg.forgotten': 'The answers kept on this device for later are deleted.',
    'msg.exported': ({ file }) => `Exported ${file} (in your downloads folder).`,
    'msg.imported': ({ n }) => `Imported ${plural(n, 'answer', 'answers')}.`,
    'msg.importInvalidJSON': ({ error }) => `Not imported: the file is not valid JSON (${error}).`,
    'msg.importNotObject': 'Not imported: the file must be a JSON object keyed by question id.',
    'msg.importTooLarge': 'Not imported: the file is too large (256 KB at most).',
    'msg.importErrors': 'Not imported: the answers in the file have these errors.',
    'msg.importFailed': ({ error }) => `Not imported: ${error}`,
    'msg.storageUnavailable': 'This browser does not allow local storage, so your answers cannot be remembered.',
    'msg.downloadLink': ({ file }) => `If the download did not start, download ${file} here`,
    'msg.restored': ({ n }) => `Restored ${plural(n, 'answer', 'answers')} from the link.`,

    'load.title': 'Loading the rule engine',
    'load.progress': ({ loaded, total }) => `${loaded} of ${total} MB downloaded`,
    'load.bytes': ({ loaded }) => `${loaded} MB downloaded`,
    'load.starting': 'Starting the rule engine…',
    'load.meanwhile': 'You can start answering; the estimate appears as soon as the engine is ready.',
    'load.waiting': 'The questions that matter for you appear here once the rule engine is ready.',
    'fail.network': 'The rule engine could not be downloaded: the network connection dropped or the server cannot be reached.',
    'fail.http': ({ detail }) => `The rule engine could not be downloaded: the server answered with an error (${detail}).`,
    'fail.unsupported': 'This browser does not support WebAssembly, which the rule engine needs. Use a recent Chrome, Edge, Firefox or Safari.',
    'fail.blocked': 'The rule engine did not run: a browser extension (an ad or script blocker) or a security setting may have blocked it. Allow this site and try again.',
    'fail.engine': 'The rule engine failed to start.',
    'fail.retry': 'Try again',
    'fail.disabled': 'Until the engine loads, printing, the link and export are unavailable; the answers you gave stay on this page.',
    'engineError': ({ error }) => `The rule engine failed: ${error}`,

    'flow.heading': 'Questionnaire',
    'flow.screenOf': ({ n, total }) => `Step ${n} of ${total}`,
    'flow.start': 'Organisation and location',
    'flow.startIntro': 'First what kind of organisation you are and where you are registered; after that, only questions that can change a result.',
    'flow.back': 'Back',
    'flow.next': 'Next',
    'flow.toResults': 'See the estimate',
    'flow.empty': 'With your answers so far, this step has no questions.',
    'flow.settled': 'No question left that could change a result: the estimate is settled.',
    'flow.open': ({ n }) => `${plural(n, 'question', 'questions')} left that could change a result:`,
    'flow.why': 'Why do we ask this?',
    'flow.whyList': 'This answer decides:',
    'flow.whyNone': 'No open measure waits on this question now; changing the answer still updates the estimate.',
    'flow.whyWait': 'Shown once the rule engine is ready.',
    'flow.progress': ({ answered, shown }) => `${answered} of ${shown} answered`,
    'form.yes': 'Yes',
    'form.no': 'No',
    'form.unsure': 'Not sure',
    // questions22: the size class the standard gives, shown under the size questions.
    'size.derived': ({ cls }) => `Under the national SME size standard (工信部联企业〔2011〕300号), the company is ${cls}`,
    'size.smallMicro': 'small or micro',
    'size.medium': 'medium-sized',
    'size.large': 'large (not an SME)',
    'size.open': 'not settled yet: an answer that could change it is missing',
    'form.choose': 'Choose',
    'form.multiHint': 'Tick all that apply; tick none if you don\'t know (left unanswered).',
    'unit.item': 'items',
    'unit.person': 'people',
    'unit.CNY': 'yuan',
    'err.number': 'Enter a number.',
    'err.date': 'Enter a full date.',
    'err.assessmentDate': 'The assessment date must be between 1990-01-01 and 2100-12-31; today is used for now.',

    'report.heading': 'Your estimate',
    'report.before': 'Your estimate appears here once you have said what kind of organisation you are and where you are registered.',
    'report.disclaimer': ({ n }) => `This is an estimate under ${n} policy documents, not a decision of any authority. Whether you receive support, and how much, is for the administering bodies to decide when they accept and review an application.`,
    'summary.link': 'See the estimate',
    'hl.heading': 'Summary',
    'hl.secured': 'The texts fix for you',
    'hl.noneFixed': 'No amount fixed by the texts yet',
    'hl.unsetEligible': ({ n }) => `You meet ${plural(n, 'funding measure', 'funding measures')} whose amount the documents do not set`,
    'hl.noneYet': 'No measure is certain yet',
    'hl.more': 'Possibly up to',
    'hl.moreNote': 'more, to confirm or at an official\'s discretion; not in the amount above.',
    'hl.unset': ({ n }) => `${plural(n, 'funding measure has', 'funding measures have')} no amount set by the documents`,
    'hl.services': ({ n }) => `${plural(n, 'service, space or channel measure', 'service, space or channel measures')}`,
    'hl.national': ({ n }) => `${plural(n, 'national or city measure', 'national or city measures')} the texts point to`,
    'hl.undetermined': ({ n }) => `${plural(n, 'amount depends', 'amounts depend')} on questions not yet answered`,
    'hl.lapsed': ({ n }) => `${plural(n, 'measure', 'measures')} from periods that have ended, not counted`,
    'hl.notIssued': ({ n }) => `${plural(n, 'measure', 'measures')} from documents not yet issued on the assessment date, not counted`,
    'hl.nothingInForce': ({ date, n }) => `On the assessment date (${date}) no measure in force applies: ${plural(n, 'measure belongs', 'measures belong')} to documents or clauses that have ended or were not yet issued, and are not counted.`,
    'hl.whileInForce': 'While in force, these documents offered measures your answers may meet (the same answers, assessed as of that time):',
    'hl.endedDoc': ({ region, n, when }) => `${region}: ${n} (${when})`,
    'hl.assessOn': ({ date }) => `Assess as of ${date}`,
    'hl.oldDocs': ({ docs }) => `This assumes the texts still apply, but ${docs}: the text states no period, no rule giving it one was found, and it may have been replaced. Check with the administering body first.`,
    'hl.oldDoc': ({ region, issued, years }) => `${region} (issued ${issued}, ${years} years ago)`,
    'when.issued': ({ date }) => `issued ${date}`,
    'when.ended': ({ date }) => `ended ${date}`,
    'when.presumedEnded': ({ date }) => `presumed ended ${date}`,
    'docs.pageClaim': ({ claim }) => `The source page also says: ${claim}.`,
    'docs.later': ({ list }) => `Later: ${list}.`,
    'hl.counts': ({ eligible, check }) => `${eligible} eligible · ${check} worth checking`,
    'money.once': ({ amount }) => `${amount} once`,
    'money.yearly': ({ amount }) => `${amount} a year`,
    'money.join': ' and ',
    'share.copy': 'Copy link',
    'share.help': 'The link carries your answers after the # in the address; browsers never send that part to any server. Opening the link (offline too) restores the answers. Share it only with people you trust.',
    'share.copied': 'Link copied.',
    'share.manual': 'Copy this link:',
    'share.label': 'Link with your answers',
    'sec.eligible': ({ n }) => `Eligible (${n})`,
    'sec.eligibleHelp': 'Every condition is met.',
    'sec.check': ({ n }) => `Worth checking (${n})`,
    'sec.checkHelp': 'Possibly eligible, or eligible but left to an official\'s discretion: answer the questions shown, or check with the administering body.',
    'sec.lapsed': ({ n }) => `Period ended (${n})`,
    'sec.lapsedHelp': 'The period of these measures\' document or clause has ended, so they are not counted; ask the administering body whether a successor policy applies.',
    'sec.notEligible': ({ n }) => `Not eligible (${n})`,
    'sec.showNotEligible': ({ n }) => `Show the ${n} not eligible`,
    'sec.hideNotEligible': ({ n }) => `Hide the ${n} not eligible`,
    'sec.none': 'With your answers so far, no measure is eligible or worth checking.',
    'badge.eligible': 'Eligible',
    'badge.discretionary': 'Eligible · at an official\'s discretion',
    'badge.possible': 'Possibly eligible',
    'badge.lapsed': 'Period ended',
    'badge.not_issued': 'Not yet issued',
    'badge.national': 'National or city programme: its own criteria decide',
    'badge.not_eligible': 'Not eligible',
    'card.amount': 'Amount',
    'card.period': 'Paid',
    'card.answer': 'Answer to decide:',
    'card.failed': 'Not met:',
    'card.next': 'What to do next',
    'card.administrator': 'Apply to',
    'card.adminImplied': 'the district S&T bureau (implied, not named in the text)',
    'card.prepare': 'Prepare',
    'card.evidence': ({ label }) => `Evidence: ${label}`,
    'card.count': ({ label, n }) => `${label}: ${n}`,
    'card.obligations': 'Obligations once received',
    'card.stacking': 'Stacking limits',
    'card.source': 'Source',
    'card.why': 'The text and our reading',
    'card.clause': ({ clause }) => `Clause ${clause}`,
    'card.amountQuote': 'Amount in the text',
    'card.amountNote': 'About the amount',
    'card.note': 'Our reading',
    'card.discretion': 'Words of the text',
    'list.heading': 'What to prepare (all eligible measures)',
    'list.help': 'Grouped by the body you apply to; each item names the measures it serves.',
    'list.all': ({ n }) => `all ${n} measures`,
    'docs.heading': 'How current the documents are',
    'cmp.heading': 'District comparison',
    'cmp.help': 'The estimate if the company were registered and tax-domiciled in each district, all other answers unchanged.',
    'cmp.label': 'Amount the texts fix, by district',
    'chart.currentLabel': ({ label }) => `${label} (your location)`,
    'chart.secured': ({ amount }) => `fixed by the texts: ${amount}`,
    'chart.unset': ({ n }) => `${n} eligible, amount not set`,
    'chart.nothing': 'no amount fixed yet',
    'chart.counts': ({ eligible, possible, lapsed }) => `In force: ${eligible} eligible · ${possible} possibly eligible · ${lapsed} lapsed`,
    'cmp.validity': 'How current each district\'s document is (national, city and Zhangjiang-zone measures are not counted as a district\'s):',
    'cmp.docState': ({ region, state }) => `${region}: ${state}`,
    'state.inForce': ({ until, basis }) => (until ? `in force, ${basis === 'presumed' ? 'presumed' : 'stated'} until ${until}` : 'in force'),
    'state.noEnd': ({ years }) => `no period stated and no rule giving one found (${years} years old)`,
    'print.stamp': ({ version, date }) => `Tech Policy Self-Check · estimate · catalogue ${version} · assessment date ${date}`,
    'print.answers': 'The answers this estimate is based on',

    'doc.region': 'Region',
    'doc.issuer': 'Issued by',
    'doc.number': 'Number',
    'doc.date': 'Date',
    'doc.validity': 'Validity',
    'status.eligible': 'Eligible',
    'status.possible': 'Possibly eligible',
    'status.not_eligible': 'Not eligible',
    'status.lapsed': 'Period ended',
    'status.not_issued': 'Not yet issued',
    'cond.met': 'Met',
    'cond.not_met': 'Not met',
    'cond.unknown': 'Unknown',
    'card.administratorCat': 'Administered by',
    'card.ruleId': 'Rule id',
    'card.nextSteps': 'What to do next',
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
    'period.this_year': 'for this year',
    'period.yearlyYears': ({ years }) => `every year for ${years} years`,
    'period.per_item': 'per item',

    'live.summary': ({ eligible, check }) => `${eligible} eligible, ${check} worth checking`,
    'footer.catalogue': 'Catalogue version',
    'footer.build': 'Build',
    'footer.note': 'The estimate is for guidance only and is no decision of any authority.',

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
    'loading': 'Loading the rule engine…',
    'loadFailed': ({ error }) => `The rule engine could not be loaded: ${error}. Try again.`,

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

// English number formatting, made on first use: creating an Intl.NumberFormat
// loads the locale's data, 10-15 ms of the page's main thread during a cold
// start, which a Chinese page (the default) never needs.
let enFormat = null;
const enNumber = {
  format(n) {
    enFormat ||= new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
    return enFormat.format(n);
  },
};

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
