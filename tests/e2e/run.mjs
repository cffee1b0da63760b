// End-to-end checks of built sites, each a folder given on the command line
// as NAME=DIR. Every check is listed with its result; the last line is
// "N passed, N failed". Screenshots go to target/e2e/.
//
//   node run.mjs example=../../target/e2e/sites/example synth=../../target/e2e/sites/synth english=... topunits=...
import fs from 'node:fs';
import path from 'node:path';
import http from 'node:http';
import vm from 'node:vm';
import { execFileSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const artifacts = path.join(root, 'target', 'e2e');
fs.mkdirSync(artifacts, { recursive: true });

const sites = Object.fromEntries(process.argv.slice(2).map((a) => {
  const [name, dir] = a.split('=');
  return [name, path.resolve(dir)];
}));

let passed = 0;
let failed = 0;
// E2E_ONLY=TEXT runs only the checks whose name holds TEXT (while working on them).
const only = process.env.E2E_ONLY;
async function check(name, fn) {
  if (only && !name.includes(only)) return;
  try {
    await fn();
    passed++;
    console.log(`ok   ${name}`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${name}\n     ${String(e && e.message || e).split('\n').join('\n     ')}`);
  }
}
function assert(cond, msg) {
  if (!cond) throw new Error(msg);
}

function files(dir, ext) {
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile() && e.name.endsWith(ext)) out.push(path.join(e.parentPath ?? e.path, e.name));
  }
  return out.sort();
}

// --- links: every internal href/src resolves; nothing is loaded from off the machine
function references(text) {
  const out = [];
  const re = /<([a-zA-Z]+)\b[^>]*?\s(href|src)="([^"]*)"/g;
  let m;
  while ((m = re.exec(text))) out.push({ tag: m[1].toLowerCase(), attr: m[2], url: m[3].replace(/&amp;/g, '&') });
  return out;
}
function checkLinks(dir) {
  const problems = [];
  let count = 0;
  for (const file of [...files(dir, '.html'), ...files(dir, '.svg')]) {
    const text = fs.readFileSync(file, 'utf8');
    for (const { tag, url } of references(text)) {
      const rel = path.relative(dir, file);
      if (/^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith('//')) {
        // A link a reader may follow is fine; a resource the page loads is not.
        if (tag !== 'a') problems.push(`${rel}: <${tag}> loads ${url} from off the machine`);
        continue;
      }
      if (url.startsWith('/')) problems.push(`${rel}: absolute path ${url}`);
      if (url === '' || url.startsWith('#')) continue;
      const target = path.resolve(path.dirname(file), decodeURIComponent(url.split(/[#?]/)[0]));
      if (!fs.existsSync(target)) problems.push(`${rel}: ${url} does not resolve`);
      count++;
    }
  }
  assert(count > 0, 'no links found');
  assert(problems.length === 0, problems.slice(0, 20).join('\n'));
}

// --- HTML validity: the Nu Html Checker, errors only
function checkHtml(dir) {
  const jar = path.join(here, 'node_modules', 'vnu-jar', 'build', 'dist', 'vnu.jar');
  const pages = files(dir, '.html');
  try {
    execFileSync('java', ['-jar', jar, '--errors-only', '--format', 'text', '--also-check-svg', ...pages, ...files(dir, '.svg')], { stdio: 'pipe' });
  } catch (e) {
    const out = (e.stdout?.toString() || '') + (e.stderr?.toString() || '');
    throw new Error(out.split('\n').slice(0, 30).join('\n'));
  }
}

// --- the search index as search.js sees it: { fields, entries }
function searchIndex(dir) {
  const sandbox = { window: {} };
  vm.runInNewContext(fs.readFileSync(path.join(dir, 'search-index.js'), 'utf8'), sandbox);
  return { fields: sandbox.window.ORGSITE_SEARCH_FIELDS, entries: sandbox.window.ORGSITE_SEARCH };
}

// --- a static server that serves DIR under /handbook/
function serve(dir) {
  const types = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.svg': 'image/svg+xml', '.js': 'text/javascript', '.json': 'application/json', '.ics': 'text/calendar', '.csv': 'text/csv', '.png': 'image/png', '.ico': 'image/x-icon' };
  const server = http.createServer((req, res) => {
    const url = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (!url.startsWith('/handbook/')) { res.writeHead(404); res.end(); return; }
    let file = path.join(dir, url.slice('/handbook/'.length));
    if (!file.startsWith(dir)) { res.writeHead(404); res.end(); return; }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    if (!fs.existsSync(file)) { res.writeHead(404); res.end('not found'); return; }
    res.writeHead(200, { 'content-type': types[path.extname(file)] || 'application/octet-stream' });
    res.end(fs.readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

// `setup(page)` runs before the page is loaded (to watch its requests).
async function openPage(browser, url, setup) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  if (setup) await setup(page);
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console error: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
  page.on('response', (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`); });
  await page.goto(url, { waitUntil: 'load' });
  return { page, problems };
}

async function axe(page) {
  await page.addScriptTag({ path: path.join(here, 'node_modules', 'axe-core', 'axe.min.js') });
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic'],
});

for (const [name, dir] of Object.entries(sites)) {
  const pages = files(dir, '.html').map((f) => path.relative(dir, f));
  // A few hundred positions: load every page of the example, a sample of the rest.
  const sample = pages.length <= 40 ? pages : pages.filter((p, i) => !p.startsWith('positions/') || i % 25 === 0);

  await check(`${name}: every internal link and src resolves, nothing loads from off the machine`, () => checkLinks(dir));
  await check(`${name}: every page passes the Nu Html Checker`, () => checkHtml(dir));

  await check(`${name}: ${sample.length} pages load from file:// without errors`, async () => {
    const problems = [];
    for (const p of sample) {
      const { page, problems: pp } = await openPage(browser, pathToFileURL(path.join(dir, p)).href);
      await page.close();
      problems.push(...pp.map((x) => `${p}: ${x}`));
    }
    assert(problems.length === 0, problems.slice(0, 20).join('\n'));
  });

  const server = await serve(dir);
  const base = `http://127.0.0.1:${server.address().port}/handbook/`;
  await check(`${name}: ${sample.length} pages load over HTTP under /handbook/ without errors`, async () => {
    const problems = [];
    for (const p of sample) {
      const { page, problems: pp } = await openPage(browser, base + p.split(path.sep).map(encodeURIComponent).join('/'));
      await page.close();
      problems.push(...pp.map((x) => `${p}: ${x}`));
    }
    assert(problems.length === 0, problems.slice(0, 20).join('\n'));
  });

  await check(`${name}: clicking a box in the chart opens that position's page`, async () => {
    const { page } = await openPage(browser, base + 'index.html');
    const box = page.locator('svg a[href*="positions/"]').first();
    const href = await box.getAttribute('href');
    await box.click();
    await page.waitForLoadState('load');
    const want = decodeURIComponent(new URL(href, base).pathname);
    assert(decodeURIComponent(new URL(page.url()).pathname) === want, `clicked ${href}, landed on ${page.url()}`);
    const h1 = await page.locator('h1').first().textContent();
    const title = await box.evaluate((a) => a.querySelector('title')?.textContent || '').catch(() => '');
    assert(h1 && h1.trim().length > 0, 'no heading on the position page');
    await page.close();
    void title;
  });

  await check(`${name}: chart.html has its text alternative, one list item per position`, async () => {
    const { page } = await openPage(browser, pathToFileURL(path.join(dir, 'chart.html')).href);
    const items = await page.locator('.chart-outline a[href*="positions/"]').count();
    const boxes = files(path.join(dir, 'positions'), '.html').length;
    await page.close();
    assert(items === boxes, `${items} positions in the text alternative, ${boxes} position pages`);
  });

  await check(`${name}: the chart is reachable by keyboard`, async () => {
    const { page } = await openPage(browser, base + 'index.html');
    let inChart = false;
    for (let i = 0; i < 60 && !inChart; i++) {
      await page.keyboard.press('Tab');
      inChart = await page.evaluate(() => !!document.activeElement?.closest('svg'));
    }
    assert(inChart, 'Tab never reached a box of the chart');
    await page.close();
  });

  // --- first sight (issue 17): the top box of the chart inside the first
  // screen at a readable size, and no two labels on it overlapping.
  for (const p of ['index.html', 'chart.html']) {
    await check(`${name}: ${p} opens with its top box in view, text at least 11 px, no labels overlapping`, async () => {
      const { page } = await openPage(browser, pathToFileURL(path.join(dir, p)).href);
      const r = await page.evaluate(() => {
        const svg = document.querySelector('.chart-viewport svg, .chart svg');
        if (!svg) return { none: true };
        let top = null, topY = Infinity;
        for (const b of svg.querySelectorAll('a > .oc-box')) {
          const y = parseFloat(b.getAttribute('y'));
          if (y < topY - 0.5) { topY = y; top = b; }
        }
        if (!top) return { none: true };
        const box = top.getBoundingClientRect();
        const scale = box.width / parseFloat(top.getAttribute('width'));
        const frame = svg.parentElement.getBoundingClientRect();
        const vw = innerWidth, vh = innerHeight;
        const seen = (q) => q.width > 0 && q.right > Math.max(0, frame.left) && q.left < Math.min(vw, frame.right)
          && q.bottom > Math.max(0, frame.top) && q.top < Math.min(vh, frame.bottom);
        const labels = [];
        for (const t of svg.querySelectorAll('text')) {
          const q = t.getBoundingClientRect();
          if (seen(q) && getComputedStyle(t).display !== 'none') labels.push([q.left, q.top, q.right, q.bottom, t.textContent]);
        }
        labels.sort((a, b) => a[0] - b[0]);
        const overlaps = [];
        for (let i = 0; i < labels.length && overlaps.length < 5; i++) {
          for (let j = i + 1; j < labels.length && labels[j][0] < labels[i][2] - 1; j++) {
            // Text boxes are the font's whole height: lines of a box touch
            // by a pixel or two; a third of a line is one label over another.
            const v = Math.min(labels[i][3], labels[j][3]) - Math.max(labels[i][1], labels[j][1]);
            const h = Math.min(labels[i][3] - labels[i][1], labels[j][3] - labels[j][1]);
            if (v > h / 3) overlaps.push(`${labels[i][4]} / ${labels[j][4]}`);
          }
        }
        const inside = box.left >= Math.max(0, frame.left) - 1 && box.right <= Math.min(vw, frame.right) + 1
          && box.top >= Math.max(0, frame.top) - 1 && box.bottom <= vh + 1;
        return { inside, px: 12.5 * scale, overlaps, box: [box.left, box.top, box.right, box.bottom].map(Math.round) };
      });
      await page.close();
      if (r.none) return;
      assert(r.inside, `the top box at ${r.box} is not inside the first screen`);
      assert(r.px >= 11 - 0.05, `box text is ${r.px.toFixed(1)} px on screen`);
      assert(r.overlaps.length === 0, `labels overlap: ${r.overlaps.join('; ')}`);
    });
  }

  await check(`${name}: chart.html downloads a valid PNG of the chart (file://)`, async () => {
    const { page, problems } = await openPage(browser, pathToFileURL(path.join(dir, 'chart.html')).href);
    const [dl] = await Promise.all([
      page.waitForEvent('download', { timeout: 60000 }),
      page.click('button[data-export="png"]'),
    ]);
    const file = path.join(artifacts, `${name}-chart.png`);
    await dl.saveAs(file);
    await page.close();
    const head = fs.readFileSync(file).subarray(0, 24);
    assert(head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])), 'not a PNG');
    const w = head.readUInt32BE(16), h = head.readUInt32BE(20);
    assert(w > 100 && h > 100, `a ${w} x ${h} PNG`);
    assert(problems.length === 0, problems.join('\n'));
  });

  const positions = pages.filter((p) => p.startsWith('positions/'));
  const aPosition = name === 'example' ? 'positions/財富專員.html' : positions[Math.floor(positions.length / 2)];
  const aUnit = pages.find((p) => p.startsWith('units/'));
  const axePages = ['index.html', aPosition, 'staffing.html', aUnit, 'reporting.html', 'people.html', 'chart.html']
    .filter((p) => p && fs.existsSync(path.join(dir, p)));
  for (const p of axePages) {
    await check(`${name}: axe-core finds no serious or critical violation on ${p}`, async () => {
      const { page } = await openPage(browser, pathToFileURL(path.join(dir, p)).href);
      const v = await axe(page);
      await page.close();
      assert(v.length === 0, v.map((x) => `${x.impact} ${x.id}: ${x.help} (${x.nodes.length}× e.g. ${x.nodes[0]?.target})`).join('\n'));
    });
  }

  // --- search: the index loads on first use of the box, from file:// and
  // over HTTP under a sub-path; above search.full_text_up_to positions it
  // leaves duties out and the box says so (the synthetic site).
  const index = searchIndex(dir);
  const fullText = index.fields.includes('duties');
  const deep = name === 'example' ? 'positions/財富專員.html' : aPosition; // root is ../
  const deepUrl = base + deep.split(path.sep).map(encodeURIComponent).join('/');
  const probe = name === 'example' ? ['財富', '財富專員'] : (() => {
    const t = index.entries[Math.floor(index.entries.length / 2)][1];
    return [t, t];
  })();
  // A phrase only the duties hold: found with the full text, not without.
  const shapeProbe = 'looks after the shelf';
  const dutyProbe = { example: '客戶檔案', english: 'keeps the books', topunits: 'runs division', 'flat-top': shapeProbe, wide: shapeProbe, units: shapeProbe, 'long-titles': shapeProbe }[name] || '匯報進度';
  const isIndex = (u) => /\/search-index\.js$/.test(u);
  const resultTitles = (page) => page.locator('.search-results a .search-title').allTextContents();
  const formSays = (page, key) => page.getAttribute('form.search', `data-${key}`);

  await check(`${name}: a page load does not request search-index.js; focusing the box loads it (HTTP under /handbook/)`, async () => {
    const asked = [];
    const { page, problems } = await openPage(browser, deepUrl, (pg) => pg.on('request', (r) => { if (isIndex(r.url())) asked.push(r.url()); }));
    await page.waitForTimeout(500);
    assert(asked.length === 0, `requested on load: ${asked.join(', ')}`);
    assert(await page.evaluate(() => window.ORGSITE_SEARCH === undefined), 'the index is on the page before the box was used');
    await page.focus('#search-q');
    await page.waitForFunction(() => !!window.ORGSITE_SEARCH, null, { timeout: 5000 });
    assert(asked.length === 1 && asked[0] === base + 'search-index.js', `requested: ${asked.join(', ')}`);
    await page.close();
    assert(problems.length === 0, problems.join('\n'));
  });

  await check(`${name}: the index is not on a page loaded from file:// until the box is used`, async () => {
    const { page, problems } = await openPage(browser, pathToFileURL(path.join(dir, deep)).href);
    await page.waitForTimeout(300);
    assert(await page.evaluate(() => window.ORGSITE_SEARCH === undefined), 'the index is on the page before the box was used');
    await page.fill('#search-q', probe[0]);
    await page.locator('.search-results a').first().waitFor({ timeout: 5000 });
    const titles = await resultTitles(page);
    assert(titles.includes(probe[1]), `results for ${probe[0]}: ${JSON.stringify(titles)}`);
    const href = await page.locator('.search-results a').first().getAttribute('href');
    assert(href.startsWith('../positions/'), `result link ${href} from ${deep}`);
    const target = path.resolve(path.dirname(path.join(dir, deep)), decodeURIComponent(href.split('#')[0]));
    assert(fs.existsSync(target), `result link ${href} does not resolve`);
    await page.close();
    assert(problems.length === 0, problems.join('\n'));
  });

  await check(`${name}: the box says it is loading, then answers the query typed meanwhile (HTTP)`, async () => {
    const { page, problems } = await openPage(browser, deepUrl);
    await page.route('**/search-index.js', async (route) => {
      await new Promise((r) => setTimeout(r, 1000));
      await route.continue();
    });
    await page.fill('#search-q', probe[0]);
    const status = page.locator('.search-results .search-status');
    await status.waitFor({ timeout: 2000 });
    const loading = await formSays(page, 'loading');
    assert(loading && (await status.textContent()) === loading, `status: ${await status.textContent()}`);
    await page.locator('.search-results a').first().waitFor({ timeout: 5000 });
    const titles = await resultTitles(page);
    assert(titles.includes(probe[1]), `results for ${probe[0]}: ${JSON.stringify(titles)}`);
    assert((await status.count()) === 0, 'the loading message stayed');
    await page.close();
    assert(problems.length === 0, problems.join('\n'));
  });

  await check(`${name}: the box says so when the index cannot be loaded`, async () => {
    const { page } = await openPage(browser, deepUrl);
    await page.route('**/search-index.js', (route) => route.abort());
    await page.fill('#search-q', probe[0]);
    const failed = await formSays(page, 'failed');
    await page.locator('.search-results .search-status', { hasText: failed }).waitFor({ timeout: 5000 });
    assert((await page.locator('.search-results a').count()) === 0, 'results without an index');
    await page.close();
  });

  await check(`${name}: the search box works by keyboard: / focuses it, arrows move through results, Escape closes, Enter opens the first`, async () => {
    const { page, problems } = await openPage(browser, base + 'index.html');
    await page.keyboard.press('/');
    assert(await page.evaluate(() => document.activeElement?.id === 'search-q'), '/ did not focus the box');
    await page.keyboard.type(probe[0]);
    await page.locator('.search-results a').first().waitFor({ timeout: 5000 });
    await page.keyboard.press('ArrowDown');
    const first = await page.evaluate(() => document.activeElement?.closest('.search-results') ? document.activeElement.getAttribute('href') : null);
    assert(first && first.startsWith('positions/'), `ArrowDown focused ${first}`);
    await page.keyboard.press('Escape');
    assert(await page.locator('.search-results').isHidden(), 'Escape left the results open');
    await page.focus('#search-q');
    await page.keyboard.press('Enter');
    await page.waitForURL((u) => u.pathname.includes('/handbook/positions/'), { timeout: 5000 });
    const want = decodeURIComponent(new URL(first, base).pathname);
    assert(decodeURIComponent(new URL(page.url()).pathname) === want, `Enter opened ${page.url()}, first result ${first}`);
    await page.close();
    assert(problems.length === 0, problems.join('\n'));
  });

  await check(`${name}: the search ${fullText ? 'finds duties' : 'says duties are not searched'} (index fields: ${index.fields.join(', ')})`, async () => {
    const { page, problems } = await openPage(browser, pathToFileURL(path.join(dir, 'staffing.html')).href);
    await page.fill('#search-q', dutyProbe);
    await page.locator('.search-results li').first().waitFor({ timeout: 5000 });
    await page.waitForFunction(() => !document.querySelector('.search-results .search-status'), null, { timeout: 5000 });
    const found = (await page.locator('.search-results a').count()) > 0;
    const note = page.locator('.search-results .search-note');
    if (fullText) {
      assert(found, `nothing found for ${dutyProbe} in the duties`);
      assert((await note.count()) === 0, 'a titles-only note with a full-text index');
    } else {
      assert(!found, `${dutyProbe} found though duties are not in the index`);
      assert((await note.textContent()) === (await formSays(page, 'titles-only')), 'no titles-only note');
    }
    // With results, the note (if any) comes after them.
    await page.fill('#search-q', probe[0]);
    await page.locator('.search-results a').first().waitFor({ timeout: 5000 });
    assert((await note.count()) === (fullText ? 0 : 1), 'note with results');
    await page.screenshot({ path: path.join(artifacts, `${name}-search.png`), clip: { x: 0, y: 0, width: 1280, height: 760 } });
    await page.close();
    assert(problems.length === 0, problems.join('\n'));
  });

  if (name === 'example') {
    for (const [q, want] of [['財富專員', '財富專員'], ['財富', '財富專員'], ['王曦虹', '營銷總監']]) {
      await check(`${name}: the search box finds ${want} for ${q} (file://)`, async () => {
        const { page, problems } = await openPage(browser, pathToFileURL(path.join(dir, 'staffing.html')).href);
        await page.fill('#search-q', q);
        const first = page.locator('.search-results a').first();
        await first.waitFor({ timeout: 5000 });
        const titles = await page.locator('.search-results a').allTextContents();
        assert(titles.some((t) => t.includes(want)), `results for ${q}: ${JSON.stringify(titles)}`);
        const href = await page.locator('.search-results a', { hasText: want }).first().getAttribute('href');
        const target = path.resolve(dir, decodeURIComponent(href.split('#')[0]));
        assert(fs.existsSync(target), `result link ${href} does not resolve`);
        assert(problems.length === 0, problems.join('\n'));
        await page.close();
      });
    }
  }

  // print.html prints; when the handbook comes in volumes (print/UNIT.html),
  // print.html and the largest volume print.
  const volumes = fs.existsSync(path.join(dir, 'print'))
    ? fs.readdirSync(path.join(dir, 'print')).map((f) => `print/${f}`)
    : [];
  const largest = volumes.sort((a, b) => fs.statSync(path.join(dir, b)).size - fs.statSync(path.join(dir, a)).size)[0];
  for (const doc of ['print.html', ...(largest ? [largest] : [])]) {
    await check(`${name}: ${doc} prints with every position starting a page and no blank page`, async () => {
      const { page } = await openPage(browser, pathToFileURL(path.join(dir, doc)).href);
      const pdf = path.join(artifacts, `${name}-${doc.replace(/\//g, '-').replace(/\.html$/, '')}.pdf`);
      await page.pdf({ path: pdf, format: 'A4', printBackground: true });
      const titles = await page.locator('.print-position h1, article.position h1').allTextContents();
      const volumeLinks = await page.locator('table.volumes a').count();
      await page.close();
      const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { maxBuffer: 1 << 30 }).toString();
      const pages = text.split('\f').slice(0, -1);
      assert(pages.length > 2, `only ${pages.length} pages`);
      const blank = pages.map((p, i) => [p.trim().length, i + 1]).filter(([n]) => n === 0).map(([, i]) => i);
      assert(blank.length === 0, `blank pages: ${blank.join(', ')}`);
      if (doc === 'print.html' && volumes.length) {
        assert(volumeLinks === volumes.length, `print.html lists ${volumeLinks} volumes, print/ has ${volumes.length}`);
      } else {
        assert(titles.length > 0, `no position titles found in ${doc}`);
      }
      const starts = pages.map((p) => p.split('\n').map((l) => l.trim()).filter(Boolean).slice(0, 3).join(' '));
      const missing = titles.map((t) => t.trim()).filter((t) => !starts.some((s) => s.includes(t)));
      assert(missing.length === 0, `positions not starting a page: ${missing.slice(0, 10).join(', ')}`);
    });
  }

  // The reporting calendar on A4: every due time of every obligation
  // appears whole (a cut column printed "by 10:0").
  await check(`${name}: reporting.html prints every due time whole`, async () => {
    const org = JSON.parse(fs.readFileSync(path.join(dir, 'org.json'), 'utf8'));
    const times = (org.obligations || []).map((o) => o.by).filter(Boolean);
    const { page } = await openPage(browser, pathToFileURL(path.join(dir, 'reporting.html')).href);
    const pdf = path.join(artifacts, `${name}-reporting.pdf`);
    await page.pdf({ path: pdf, format: 'A4', printBackground: true });
    await page.close();
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { maxBuffer: 1 << 30 }).toString();
    // Each obligation is listed twice: by frequency and by recipient.
    const want = {};
    for (const t of times) want[t] = (want[t] || 0) + 2;
    const short = [];
    for (const [t, n] of Object.entries(want)) {
      const found = text.split(t).length - 1;
      if (found < n) short.push(`${t}: ${found} of ${n}`);
    }
    assert(short.length === 0, `due times cut or missing: ${short.join('; ')}`);
    const cut = text.match(/\d{1,2}:\d?(?![\d:])/g) || [];
    assert(cut.length === 0, `cut times: ${cut.slice(0, 10).join(', ')}`);
  });

  await check(`${name}: screenshots written to target/e2e/`, async () => {
    for (const [p, shot] of [['index.html', 'index'], [aPosition, 'position'], ['staffing.html', 'staffing']]) {
      const { page } = await openPage(browser, pathToFileURL(path.join(dir, p)).href);
      const file = path.join(artifacts, `${name}-${shot}.png`);
      // Chromium cannot capture a page hundreds of thousands of pixels
      // tall (the staffing table of 10,000 positions): the top of it then.
      const [width, height] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.scrollHeight]);
      const clip = height > 16000 ? { x: 0, y: 0, width, height: 16000 } : undefined;
      await page.screenshot({ path: file, fullPage: true, clip });
      await page.close();
      assert(fs.statSync(file).size > 10000, `${file} looks empty`);
    }
  });
  server.close();
}

await browser.close();
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
