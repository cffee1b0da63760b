// Writes a synthetic handbook of about N positions (default 300) into a folder:
// units nested two deep, CJK titles, holders (some pending, some vacant),
// reports and targets on a share of positions. Deterministic.
import fs from 'node:fs';
import path from 'node:path';

const [, , out, nArg] = process.argv;
const N = Number(nArg || 300);
let seed = 42;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const pick = (xs) => xs[Math.floor(rand() * xs.length)];
const surnames = '王李張劉陳楊黃趙吳周徐孫馬朱胡郭何林羅高'.split('');
const given = '偉芳娜敏靜麗強磊軍洋勇艷傑娟濤明超秀霞平剛桂英華'.split('');
const person = () => pick(surnames) + pick(given) + (rand() < 0.5 ? pick(given) : '');
const unitsL1 = ['營運中心', '技術研發部', '市場營銷部', '財務部', '人力資源部', '客戶服務部'];
const teams = ['一組', '二組', '三組', '四組'];
const roles = ['專員', '助理', '分析師', '工程師', '顧問', '主任'];

fs.rmSync(out, { recursive: true, force: true });
fs.mkdirSync(path.join(out, 'content'), { recursive: true });
fs.writeFileSync(path.join(out, 'site.yaml'),
  'title: 合成測試組織\nlanguage: zh-Hant\nlevels: [總裁, 總監, 經理, 主管, 專員]\nchart: { front_depth: 3 }\n' +
  // Fewer than its positions: the search index leaves duties out and the
  // printed handbook comes in volumes, as on a large handbook.
  'search: { full_text_up_to: 100 }\nprint: { volumes_above: 100 }\n');
fs.writeFileSync(path.join(out, 'content', '_index.md'), '---\ntitle: 合成測試組織\n---\n端對端測試用的合成組織。\n');

let count = 0;
function position(dir, id, title, level, reportsTo, headcount) {
  count++;
  const holders = [];
  for (let i = 0; i < headcount; i++) {
    const r = rand();
    if (r < 0.55) holders.push(`  - ${person()}${count}`);
    else if (r < 0.7) holders.push(`  - { name: ${person()}${count}, status: pending }`);
  }
  const lines = ['---', `title: ${title}`, `level: ${level}`];
  if (reportsTo) lines.push(`reports_to: ${reportsTo}`);
  lines.push(`headcount: ${headcount}`);
  if (holders.length) lines.push('holders:', ...holders);
  lines.push(`scope: 負責${title}的日常工作`);
  if (reportsTo && rand() < 0.5) {
    lines.push('reports:', `  - { name: 工作日報, to: ${reportsTo}, every: day, by: "10:00" }`,
      `  - { name: 工作月報, to: ${reportsTo}, every: month, day: 2, by: "10:00" }`);
  }
  if (rand() < 0.3) lines.push('targets:', `  - { name: 有效電話, min: ${10 + Math.floor(rand() * 30)}, unit: 個, per: day }`);
  lines.push(`order: ${count}`, '---', '## 工作內容', '');
  for (let i = 0; i < 4; i++) lines.push(`- 負責${title}相關的第${i + 1}項工作，並按時向上級匯報進度。`);
  fs.writeFileSync(path.join(out, 'content', dir, `${id}.md`), lines.join('\n') + '\n');
}

position('', 'ceo', '總裁', '總裁', null, 1);
const perUnit = Math.max(1, Math.floor((N - 1) / unitsL1.length));
unitsL1.forEach((u, ui) => {
  const udir = `u${ui + 1}`;
  fs.mkdirSync(path.join(out, 'content', udir), { recursive: true });
  fs.writeFileSync(path.join(out, 'content', udir, '_unit.md'), `---\nname: ${u}\norder: ${ui + 1}\n---\n${u}的說明。\n`);
  const head = `${udir}-head`;
  position(udir, head, `${u}總監`, '總監', 'ceo', 1);
  let left = perUnit - 1;
  teams.forEach((t, ti) => {
    if (left <= 0) return;
    const tdir = path.join(udir, `${udir}-t${ti + 1}`);
    fs.mkdirSync(path.join(out, 'content', tdir), { recursive: true });
    fs.writeFileSync(path.join(out, 'content', tdir, '_unit.md'), `---\nname: ${u}${t}\norder: ${ti + 1}\n---\n`);
    const mgr = `${udir}-t${ti + 1}-mgr`;
    position(tdir, mgr, `${u}${t}經理`, '經理', head, 1);
    left--;
    const ics = Math.min(left, Math.ceil((perUnit - 1) / teams.length) - 1);
    for (let k = 0; k < ics; k++) {
      position(tdir, `${udir}-t${ti + 1}-ic${k + 1}`, `${t}${pick(roles)}${k + 1}`, '專員', mgr, 1 + Math.floor(rand() * 4));
      left--;
    }
  });
});
console.log(`generated ${count} positions in ${out}`);
