// The batch page: checks a whole table of companies on this device. The
// file goes to a Web Worker (batch-worker.js) that runs the engine; this
// module only shows progress, errors and the result table, so the page stays
// responsive. Nothing is uploaded.

const TEXT = {
  zh: {
    appTitle: '科创政策自测', heading: '批量自测', toCheck: '返回自测', toCatalogue: '政策目录', lang: 'English',
    title: '批量自测 · 科创政策自测',
    intro: '一次检查多家企业：选择一个表格文件（CSV，每行一家企业，每列一个问题编号），逐行估算可申请的区级科技扶持。',
    privacy: '文件只在本设备上读取和处理：规则引擎在浏览器内运行，表格和结果都不会上传到任何服务器。',
    loading: '正在加载规则引擎……', loadFailed: (e) => `无法加载规则引擎：${e}`,
    inputHeading: '选择表格',
    format: '格式：UTF-8 的 CSV（逗号或制表符分隔），第一行为问题编号（可加 company 列写企业名称），可保留模板第二行的说明；日期写作 YYYY-MM-DD，多选项用 ; 分隔。也接受每行一个 JSON 对象的 JSON Lines。',
    template: '下载空白模板', templateLink: '如果下载没有开始，请点此下载模板',
    date: '评估日期', dateHelp: '所有行按这一天适用的规定估算；留空即按今天。', pick: '选择文件，或把文件拖到这里', cancel: '取消',
    parsing: '正在读取表格……',
    progress: (d, t) => `已估算 ${d.toLocaleString('zh-CN')} / ${t.toLocaleString('zh-CN')} 行`,
    cancelled: (d, t) => `已取消：估算了 ${d} / ${t} 行。`,
    error: (e) => `无法处理：${e}`,
    errorsHeading: '有错误的行', resultsHeading: '结果',
    errorsSummary: (n, rows) => `${rows} 行中有 ${n} 行有错误，未估算；其余各行照常估算。`,
    more: (n) => `另有 ${n} 个错误（见下载的结果表）。`,
    errorLine: (e) => `第 ${e.row} 行${e.column ? ', ' + e.column : ''}: ${e.message.zh}`, // as the CLI writes it
    summary: (ok, rows, date) => `估算了 ${ok} / ${rows} 行，评估日期 ${date}。`,
    download: '下载结果（CSV）', caption: '点击列标题排序。金额单位：元。计数与自测页相同：文件确定、由主管部门决定、可能符合、期限已过。',
    prev: '上一页', next: '下一页', page: (a, b, n) => `第 ${a}–${b} 行，共 ${n} 行`,
    footer: '估算仅供参考，不构成任何主管部门的决定。',
    cols: { row: '行号', company: '企业', district: '注册地', secured: '文件确定可得（一次性 / 每年）', possibly: '另可能最高（一次性 / 每年）', eligible: '文件确定', official: '由主管部门决定', possible: '可能符合', lapsed: '期限已过', lapsed_reason: '期限已过的原因', top: '主要措施' },
    failedRow: '有错误',
  },
  en: {
    appTitle: 'Tech Policy Self-Check', heading: 'Batch check', toCheck: 'Back to the self-check', toCatalogue: 'Policy catalogue', lang: '中文',
    title: 'Batch check · Tech Policy Self-Check',
    intro: 'Check many companies at once: pick a table (CSV, one company per row, one column per question id) and get each row\'s estimate of district S&T benefits.',
    privacy: 'The file is read and processed on this device only: the rule engine runs in your browser; neither the table nor the results are uploaded anywhere.',
    loading: 'Loading the rule engine…', loadFailed: (e) => `The rule engine could not be loaded: ${e}`,
    inputHeading: 'Pick a table',
    format: 'Format: UTF-8 CSV (comma- or tab-separated), a first row of question ids (add a company column for names), the template\'s second row may stay; dates YYYY-MM-DD, several choices separated by ;. JSON Lines (one answers object per line) also works.',
    template: 'Download the empty template', templateLink: 'If the download did not start, download the template here',
    date: 'Assessment date', dateHelp: 'Every row is assessed under the rules as they stand on this day; left empty, today.', pick: 'Pick a file, or drop it here', cancel: 'Cancel',
    parsing: 'Reading the table…',
    progress: (d, t) => `Estimated ${d.toLocaleString('en')} of ${t.toLocaleString('en')} rows`,
    cancelled: (d, t) => `Cancelled after ${d} of ${t} rows.`,
    error: (e) => `Could not process the file: ${e}`,
    errorsHeading: 'Rows with errors', resultsHeading: 'Results',
    errorsSummary: (n, rows) => `${n} of ${rows} rows have errors and were not estimated; the other rows ran.`,
    more: (n) => `${n} more errors (see the downloaded table).`,
    errorLine: (e) => `Row ${e.row}${e.column ? ', ' + e.column : ''}: ${e.message.en}`,
    summary: (ok, rows, date) => `Estimated ${ok} of ${rows} rows, assessed on ${date}.`,
    download: 'Download the results (CSV)', caption: 'Click a column heading to sort. Amounts in yuan. The counts are the self-check page\'s: fixed by the texts, an official decides, possibly eligible, period ended.',
    prev: 'Previous', next: 'Next', page: (a, b, n) => `Rows ${a}–${b} of ${n}`,
    footer: 'An estimate, not a decision of any authority.',
    cols: { row: 'Row', company: 'Company', district: 'Registered in', secured: 'Fixed by the texts (one-time / yearly)', possibly: 'Possibly more (one-time / yearly)', eligible: 'Fixed by the texts', official: 'An official decides', possible: 'Possibly eligible', lapsed: 'Period ended', lapsed_reason: 'Why the period ended', top: 'Top measures' },
    failedRow: 'error',
  },
};

const PAGE = 100; // table rows shown at once: the DOM stays small whatever the file
const CHUNK = 200; // rows the worker estimates between two progress messages

const $ = (id) => document.getElementById(id);
let lang = new URLSearchParams(location.search).get('lang') === 'en' ? 'en' : 'zh';
const t = () => TEXT[lang];

const state = { rows: [], info: null, sort: { key: 'row', dir: 1 }, page: 0, csvURL: '', templateURL: '', busy: false };

const worker = new Worker(new URL('batch-worker.js', import.meta.url));

function applyLanguage() {
  document.documentElement.lang = lang === 'en' ? 'en' : 'zh-CN';
  document.title = t().title;
  for (const el of document.querySelectorAll('[data-t]')) {
    const v = t()[el.dataset.t];
    if (typeof v === 'string') el.textContent = v;
  }
  const toggle = $('lang-toggle');
  toggle.textContent = t().lang;
  toggle.lang = lang === 'en' ? 'zh-CN' : 'en';
  if (state.info) {
    renderErrors();
    renderTable();
  }
}

function show(el, on) { el.hidden = !on; }

function message(text) {
  $('message').textContent = text || '';
  show($('message'), Boolean(text));
}

function yuan(n) {
  return Number(n || 0).toLocaleString(lang === 'en' ? 'en' : 'zh-CN', { maximumFractionDigits: 2 });
}

function money(m) {
  return `${yuan(m.one_time)} / ${yuan(m.yearly)}`;
}

const COLUMNS = [
  { key: 'row', value: (r) => r.row, text: (r) => String(r.row) },
  { key: 'company', value: (r) => r.company, text: (r) => r.company },
  { key: 'district', value: (r) => r.district, text: (r) => (r.errors ? t().failedRow : r.district) },
  { key: 'secured', value: (r) => (r.errors ? -1 : r.secured.one_time + r.secured.yearly), text: (r) => (r.errors ? '' : money(r.secured)), num: true },
  { key: 'possibly', value: (r) => (r.errors ? -1 : r.possibly_more.one_time + r.possibly_more.yearly), text: (r) => (r.errors ? '' : money(r.possibly_more)), num: true },
  { key: 'eligible', value: (r) => (r.errors ? -1 : r.eligible), text: (r) => (r.errors ? '' : String(r.eligible)), num: true },
  { key: 'official', value: (r) => (r.errors ? -1 : r.official), text: (r) => (r.errors ? '' : String(r.official)), num: true },
  { key: 'possible', value: (r) => (r.errors ? -1 : r.possible), text: (r) => (r.errors ? '' : String(r.possible)), num: true },
  { key: 'lapsed', value: (r) => (r.errors ? -1 : r.lapsed), text: (r) => (r.errors ? '' : String(r.lapsed)), num: true },
  { key: 'lapsed_reason', value: (r) => r.lapsed_reason || '', text: (r) => r.lapsed_reason || '' },
  { key: 'top', value: (r) => (r.top || []).join(lang === 'en' ? '; ' : '\uff1b'), text: (r) => (r.top || []).join(lang === 'en' ? '; ' : '\uff1b') },
];

function sortRows() {
  const col = COLUMNS.find((c) => c.key === state.sort.key);
  const dir = state.sort.dir;
  const collator = new Intl.Collator(lang === 'en' ? 'en' : 'zh-CN');
  state.rows.sort((a, b) => {
    const x = col.value(a);
    const y = col.value(b);
    const c = typeof x === 'number' ? x - y : collator.compare(x, y);
    return c * dir || a.row - b.row;
  });
}

function renderTable() {
  const head = $('results-head');
  head.replaceChildren();
  for (const col of COLUMNS) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.dataset.col = col.key;
    th.className = `col-${col.key}${col.num ? ' num' : ''}`;
    const sorted = state.sort.key === col.key;
    th.setAttribute('aria-sort', sorted ? (state.sort.dir > 0 ? 'ascending' : 'descending') : 'none');
    const b = document.createElement('button');
    b.type = 'button';
    b.dataset.sort = col.key;
    b.textContent = t().cols[col.key] + (sorted ? (state.sort.dir > 0 ? ' ▲' : ' ▼') : '');
    b.addEventListener('click', () => {
      state.sort = { key: col.key, dir: sorted ? -state.sort.dir : (col.num ? -1 : 1) };
      state.page = 0;
      sortRows();
      renderTable();
    });
    th.append(b);
    head.append(th);
  }
  const body = $('results-body');
  const n = state.rows.length;
  const from = state.page * PAGE;
  const to = Math.min(n, from + PAGE);
  const frag = document.createDocumentFragment();
  for (let i = from; i < to; i++) {
    const r = state.rows[i];
    const tr = document.createElement('tr');
    tr.dataset.row = r.row;
    if (r.errors) tr.className = 'failed';
    for (const col of COLUMNS) {
      const td = document.createElement('td');
      td.className = `col-${col.key}${col.num ? ' num' : ''}`;
      td.textContent = col.text(r);
      tr.append(td);
    }
    frag.append(tr);
  }
  body.replaceChildren(frag);
  $('page-info').textContent = n ? t().page(from + 1, to, n) : '';
  $('prev').disabled = state.page === 0;
  $('next').disabled = to >= n;
}

function renderErrors() {
  const info = state.info;
  const list = $('errors-list');
  list.replaceChildren();
  show($('errors-section'), info.failed > 0);
  if (!info.failed) return;
  $('errors-summary').textContent = t().errorsSummary(info.failed, info.rows);
  const frag = document.createDocumentFragment();
  for (const e of info.errors.slice(0, 500)) {
    const li = document.createElement('li');
    li.dataset.row = e.row;
    li.dataset.column = e.column || '';
    li.textContent = t().errorLine(e);
    frag.append(li);
  }
  const more = info.errors.length - 500 + info.more_errors;
  if (more > 0) {
    const li = document.createElement('li');
    li.textContent = t().more(more);
    frag.append(li);
  }
  list.append(frag);
}

function start(file) {
  if (state.busy || !file) return;
  state.busy = true;
  performance.mark('batch:start');
  state.rows = [];
  state.info = null;
  state.page = 0;
  state.sort = { key: 'row', dir: 1 };
  if (state.csvURL) URL.revokeObjectURL(state.csvURL);
  state.csvURL = '';
  show($('download'), false);
  show($('results-section'), false);
  show($('errors-section'), false);
  message('');
  show($('progress-box'), true);
  $('progress').value = 0;
  $('progress').removeAttribute('value');
  $('progress-text').textContent = t().parsing;
  $('cancel').disabled = false;
  document.documentElement.dataset.batch = 'running';
  worker.postMessage({ type: 'run', file, date: $('assessment-date').value || '', lang, chunk: CHUNK });
}

function finish(stateName) {
  state.busy = false;
  $('cancel').disabled = true;
  document.documentElement.dataset.batch = stateName;
}

worker.addEventListener('message', (event) => {
  const msg = event.data;
  switch (msg.type) {
    case 'ready':
      show($('loading'), false);
      $('file').disabled = false;
      $('template').disabled = false;
      document.documentElement.dataset.ready = 'true';
      break;
    case 'failed':
      $('loading').textContent = t().loadFailed(msg.message);
      break;
    case 'parsed':
      state.info = msg.info;
      $('progress').max = Math.max(1, msg.info.rows);
      $('progress').value = 0;
      renderErrors();
      break;
    case 'progress':
      for (const r of msg.rows) state.rows.push(r);
      $('progress').value = msg.done;
      $('progress-text').textContent = t().progress(msg.done, msg.total);
      break;
    case 'done': {
      state.csvURL = URL.createObjectURL(msg.csv);
      const a = $('download');
      a.href = state.csvURL;
      a.download = `policycheck-batch-${state.info.assessment_date}.csv`;
      show(a, true);
      const failed = state.info.failed;
      $('results-summary').textContent = t().summary(state.info.rows - failed, state.info.rows, state.info.assessment_date);
      show($('results-section'), true);
      renderTable();
      show($('progress-box'), false);
      finish('done');
      performance.mark('batch:done');
      performance.measure('batch', 'batch:start', 'batch:done');
      break;
    }
    case 'cancelled':
      $('progress-text').textContent = t().cancelled(state.rows.length, state.info ? state.info.rows : 0);
      finish('cancelled');
      break;
    case 'error':
      show($('progress-box'), false);
      message(t().error(msg.message));
      finish('error');
      break;
    case 'template': {
      if (state.templateURL) URL.revokeObjectURL(state.templateURL);
      state.templateURL = URL.createObjectURL(msg.csv);
      const a = $('template-link');
      a.href = state.templateURL;
      a.download = `policycheck-template-${lang}.csv`;
      a.textContent = t().templateLink;
      show(a, true);
      a.click();
      break;
    }
    default:
  }
});

$('file').addEventListener('change', (e) => start(e.target.files[0]));
const drop = $('drop');
drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('dragging'); });
drop.addEventListener('dragleave', () => drop.classList.remove('dragging'));
drop.addEventListener('drop', (e) => {
  e.preventDefault();
  drop.classList.remove('dragging');
  if (!$('file').disabled && e.dataTransfer.files.length) start(e.dataTransfer.files[0]);
});
$('cancel').addEventListener('click', () => worker.postMessage({ type: 'cancel' }));
$('template').addEventListener('click', () => worker.postMessage({ type: 'template', lang }));
$('prev').addEventListener('click', () => { state.page = Math.max(0, state.page - 1); renderTable(); });
$('next').addEventListener('click', () => {
  if ((state.page + 1) * PAGE < state.rows.length) state.page++;
  renderTable();
});
$('lang-toggle').addEventListener('click', () => {
  lang = lang === 'en' ? 'zh' : 'en';
  applyLanguage();
});
applyLanguage();
