// End-to-end checks of the people pages (people.html, people/ID.html):
// the directory's filter, photos and initials avatars, contact cards,
// accessibility and the phone width. Sites come as NAME=DIR:
//
//   people   a built site with person files and no photos (initials avatars)
//   photo    a built site whose person file has a photo (`orgsite init`'s)
//
// The last line is "N passed, N failed", as run.mjs prints it.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const artifacts = path.join(here, '..', '..', 'target', 'e2e');
fs.mkdirSync(artifacts, { recursive: true });
const sites = Object.fromEntries(process.argv.slice(2).map((a) => {
  const [name, dir] = a.split('=');
  return [name, path.resolve(dir)];
}));
for (const need of ['people', 'photo']) {
  if (!sites[need]) throw new Error(`people.mjs needs ${need}=DIR`);
}

let passed = 0;
let failed = 0;
async function check(name, fn) {
  try {
    await fn();
    passed++;
    console.log(`ok   ${name}`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${name}\n     ${String(e.message || e).split('\n').join('\n     ')}`);
  }
}
function assert(cond, msg) {
  if (!cond) throw new Error(msg);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic'],
});

async function open(dir, rel, width = 1280) {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console error: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
  await page.goto(pathToFileURL(path.join(dir, rel)).href, { waitUntil: 'load' });
  return { page, problems };
}

async function axe(page) {
  await page.addScriptTag({ path: path.join(here, 'node_modules', 'axe-core', 'axe.min.js') });
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
}

const visible = (page) => page.locator('.person-card:visible .person-name').allTextContents();

const people = sites.people;
await check('people: the directory lists every person file, each with an avatar', async () => {
  const { page, problems } = await open(people, 'people.html');
  const files = fs.readdirSync(path.join(people, 'people')).filter((f) => f.endsWith('.html'));
  const linked = await page.locator('.person-card .person-name a').count();
  assert(linked === files.length, `${linked} linked names, ${files.length} person pages`);
  const cards = await page.locator('.person-card').count();
  const avatars = await page.locator('.person-card .avatar').count();
  assert(avatars === cards, `${avatars} avatars for ${cards} people`);
  assert(problems.length === 0, problems.join('\n'));
  await page.screenshot({ path: path.join(artifacts, 'people-directory.png'), fullPage: true });
  await page.close();
});

await check('people: the filter box narrows the directory, ignoring case and accents, and says when nothing matches', async () => {
  const { page, problems } = await open(people, 'people.html');
  const all = await visible(page);
  assert(all.length > 2, `only ${all.length} people shown`);
  await page.fill('#people-filter', 'ABERG');
  const one = await visible(page);
  assert(one.length === 1 && one[0].includes('Åberg'), `for ABERG: ${JSON.stringify(one)}`);
  // Letter groups left empty are hidden with their heading.
  const groups = await page.locator('.people-group:visible').count();
  assert(groups === 1, `${groups} groups shown for one person`);
  assert(await page.locator('#people-none').isHidden(), 'the no-match note shows with a match');
  await page.fill('#people-filter', 'nobody-by-this-name');
  assert((await visible(page)).length === 0, 'people shown for a name nobody has');
  assert(await page.locator('#people-none').isVisible(), 'no note when nothing matches');
  await page.fill('#people-filter', '');
  assert((await visible(page)).length === all.length, 'clearing the box does not bring everyone back');
  assert(problems.length === 0, problems.join('\n'));
  await page.close();
});

await check('people: every person page loads, names its posts and links back to the directory', async () => {
  for (const f of fs.readdirSync(path.join(people, 'people')).filter((x) => x.endsWith('.html'))) {
    const { page, problems } = await open(people, `people/${f}`);
    const h1 = (await page.locator('h1').first().textContent()).trim();
    assert(h1.length > 0, `${f}: no heading`);
    const back = await page.locator('a[href="../people.html"]').count();
    assert(back > 0, `${f}: no link to the directory`);
    const vcf = await page.locator('a[href$=".vcf"]').first().getAttribute('href');
    const card = fs.readFileSync(path.resolve(people, 'people', vcf), 'utf8');
    assert(card.startsWith('BEGIN:VCARD\r\n') && card.includes(`FN:${h1}`), `${f}: ${vcf} is not ${h1}'s card`);
    assert(problems.length === 0, `${f}: ${problems.join('\n')}`);
    await page.close();
  }
});

for (const rel of ['people.html', 'people/mei-lin.html']) {
  await check(`people: axe-core finds no serious or critical violation on ${rel}`, async () => {
    const { page } = await open(people, rel);
    const v = await axe(page);
    await page.close();
    assert(v.length === 0, v.join('\n'));
  });
  await check(`people: ${rel} fits a 390 px screen (no sideways scrolling)`, async () => {
    const { page } = await open(people, rel, 390);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    await page.screenshot({ path: path.join(artifacts, `people-${path.basename(rel, '.html')}-390.png`), fullPage: true });
    await page.close();
    assert(width <= 390, `${rel} is ${width} px wide at 390 px`);
  });
}

const photo = sites.photo;
await check('photo: the person page and the directory show the photo thumbnails, loaded from file://', async () => {
  const pages = fs.readdirSync(path.join(photo, 'people')).filter((f) => f.endsWith('.html'));
  assert(pages.length > 0, 'no person page');
  for (const [rel, size] of [[`people/${pages[0]}`, 256], ['people.html', 96]]) {
    const { page, problems } = await open(photo, rel);
    const img = page.locator('img.avatar').first();
    const src = await img.getAttribute('src');
    assert(src && src.endsWith(`-${size}.jpg`), `${rel}: avatar ${src}, not the ${size} px thumbnail`);
    const natural = await img.evaluate((i) => i.complete && i.naturalWidth);
    assert(natural > 0 && natural <= size, `${rel}: the photo did not load (${natural} px wide)`);
    assert(problems.length === 0, `${rel}: ${problems.join('\n')}`);
    await page.screenshot({ path: path.join(artifacts, `photo-${path.basename(rel, '.html')}.png`) });
    await page.close();
  }
});

await check('photo: people.vcf holds the photo inline, never the original file', async () => {
  const card = fs.readFileSync(path.join(photo, 'people.vcf'), 'utf8');
  assert(card.replace(/\r\n /g, '').includes('PHOTO:data:image/jpeg;base64,'), 'no inline photo in people.vcf');
  const originals = fs.readdirSync(path.join(photo, 'people')).filter((f) => /\.(png|webp)$/i.test(f));
  assert(originals.length === 0, `originals copied: ${originals.join(', ')}`);
});

await browser.close();
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
