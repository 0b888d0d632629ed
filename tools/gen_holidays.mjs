// Writes the holiday calendars of data/calendars/ from maintained public sources:
//   npm date-holidays (England and Wales, US federal, Australia, South Korea's fixed,
//   lunar and Buddhist dates) and npm chinese-days (China's holidays and the working
//   weekends of the State Council's yearly notices).
// South Korea's three-day lunar holidays and substitute holidays are applied here from
// the Regulations on Holidays of Government Offices (관공서의 공휴일에 관한 규정, Art. 2
// and 3), because date-holidays lists the main day of Seollal and Chuseok only.
//
// Usage: npm install date-holidays@3.37.0 chinese-days@1.5.7 (in any folder), then
//   NODE_PATH=that/node_modules node tools/gen_holidays.mjs data/calendars [first] [last]
// Each file says which package version and which command wrote it, and the date.
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';

const require = createRequire(path.join(process.env.NODE_PATH || '.', 'x.js'));
const Holidays = require('date-holidays');
const chineseDays = require('chinese-days/dist/chinese-days.json');
const version = (name) => require(`${name}/package.json`).version;

const [outDir = 'data/calendars', firstArg = '2020', lastArg = '2035'] = process.argv.slice(2);
const FIRST = Number(firstArg);
const LAST = Number(lastArg);
const TODAY = process.env.GEN_DATE || new Date().toISOString().slice(0, 10);
const HOURS = 'mon-fri 09:00-17:00';

const iso = (d) => d.toISOString().slice(0, 10);
const addDays = (s, n) => iso(new Date(Date.parse(s + 'T00:00:00Z') + n * 86400000));
const weekday = (s) => new Date(s + 'T00:00:00Z').getUTCDay(); // 0 Sunday .. 6 Saturday

function years() {
  const out = [];
  for (let y = FIRST; y <= LAST; y++) out.push(y);
  return out;
}

// Public holidays of a date-holidays country (and region) as [date, name] pairs.
function publicHolidays(country, region) {
  const hd = region ? new Holidays(country, region) : new Holidays(country);
  const out = [];
  for (const y of years())
    for (const h of hd.getHolidays(y))
      if (h.type === 'public') out.push([h.date.slice(0, 10), h.name]);
  return out;
}

// Australia "national": the public holidays every state and territory keeps on that date.
function australiaNational() {
  const states = ['ACT', 'NSW', 'NT', 'QLD', 'SA', 'TAS', 'VIC', 'WA'];
  const sets = states.map((s) => new Map(publicHolidays('AU', s)));
  return [...sets[0]].filter(([d]) => sets.every((m) => m.has(d)));
}

// South Korea. date-holidays gives the day of Seollal and the first day of Chuseok (its
// eve); each is a three-day holiday (Art. 2: the day before, the day, the day after).
// A substitute holiday is the first following day that is no holiday and no Saturday or
// Sunday (Art. 3): for a Seollal or Chuseok day on a Sunday or on another holiday (since
// 2014); Children's Day on a Saturday, Sunday or another holiday (since 2014);
// Independence Movement Day, Liberation Day, National Foundation Day and Hangul Day
// likewise (since 2021-08-04); Buddha's Birthday and Christmas likewise (since
// 2023-05-04); Constitution Day, a public holiday again from 2026 in the source, likewise
// from 2026. The rule is applied here and checked against the substitute days
// date-holidays lists: a difference stops the script.
function korea() {
  const all = publicHolidays('KR');
  const main = all.filter(([, n]) => !n.includes('대체공휴일'));
  const days = new Map(); // date -> names of the holidays on it
  const add = (d, n) => days.set(d, [...(days.get(d) || []), n]);
  for (const [d, n] of main) {
    const first = n === '설날' ? addDays(d, -1) : d;
    for (let i = 0; i < (n === '설날' || n === '추석' ? 3 : 1); i++) add(addDays(first, i), n);
  }
  const since = { '설날': '2014-01-01', '추석': '2014-01-01', '어린이날': '2014-01-01',
    '3·1절': '2021-08-04', '광복절': '2021-08-04', '개천절': '2021-08-04', '한글날': '2021-08-04',
    '석가탄신일': '2023-05-04', '기독탄신일': '2023-05-04', '제헌절': '2026-01-01' };
  const substitutes = [];
  const dates = [...days.keys()].sort();
  for (const d of dates) {
    const names = days.get(d);
    // each holiday on the day that owes a substitute; several on one day owe one each
    // beyond the first (the day itself is still a holiday for one of them)
    const owing = names.filter((n) => {
      if (!since[n] || d < since[n]) return false;
      const lunar = n === '설날' || n === '추석';
      return weekday(d) === 0 || (!lunar && weekday(d) === 6) || names.length > 1;
    });
    const weekend = weekday(d) === 0 || weekday(d) === 6;
    const count = weekend ? owing.length : Math.max(0, owing.length - 1);
    for (let i = 0; i < count; i++) substitutes.push([d, owing[owing.length - 1 - i]]);
  }
  const taken = new Set(dates);
  const out = [];
  for (const [d, n] of substitutes) {
    let s = addDays(d, 1);
    while (taken.has(s) || weekday(s) === 0 || weekday(s) === 6) s = addDays(s, 1);
    taken.add(s);
    out.push([s, n + ' 대체공휴일']);
  }
  const listed = new Set(all.filter(([, n]) => n.includes('대체공휴일')).map(([d]) => d));
  const mine = new Set(out.map(([d]) => d));
  const diff = [...listed].filter((d) => !mine.has(d)).concat([...mine].filter((d) => !listed.has(d)));
  if (diff.length) throw new Error('KR substitute days differ from date-holidays: ' + diff.join(' '));
  const result = [];
  for (const d of dates) result.push([d, days.get(d).join(' / ')]);
  return result.concat(out).filter(([d]) => Number(d.slice(0, 4)) >= FIRST && Number(d.slice(0, 4)) <= LAST);
}

function china() {
  const inRange = (d) => Number(d.slice(0, 4)) >= FIRST && Number(d.slice(0, 4)) <= LAST;
  const name = (v) => v.split(',')[1];
  const holidays = Object.entries(chineseDays.holidays).filter(([d]) => inRange(d))
    .map(([d, v]) => [d, name(v)]);
  const open = Object.entries(chineseDays.workdays).filter(([d]) => inRange(d))
    .map(([d, v]) => [d, name(v) + ' 调休上班']);
  return { holidays, open };
}

function write(file, head, tz, holidays, open = []) {
  const lines = [...head.map((l) => '# ' + l), `tz=${tz}`,
    `${HOURS}   # opening hours (the library's default): replace this line with yours`];
  const all = [...holidays.map(([d, n]) => [d, 'holiday', n]),
               ...open.map(([d, n]) => [d, 'open', n])];
  all.sort(([a, ka], [b, kb]) => (a < b ? -1 : a > b ? 1 : ka < kb ? -1 : 1));
  const seen = new Set();
  for (const [d, kind, n] of all) {
    if (seen.has(kind + d)) continue;
    seen.add(kind + d);
    lines.push(kind === 'open' ? `open ${d} 09:00-17:00   # ${n}` : `holiday ${d}   # ${n}`);
  }
  fs.writeFileSync(path.join(outDir, file), lines.join('\n') + '\n');
  console.log(file, all.length);
}

const cmd = `node tools/gen_holidays.mjs ${outDir} ${FIRST} ${LAST}`;
const prov = (src) => [`source: ${src}`, `generated by: ${cmd}, on ${TODAY}`];
const dh = `npm date-holidays ${version('date-holidays')}`;

write('gb-eng.cal', ['England and Wales: bank holidays ' + FIRST + '-' + LAST + ' (with substitute days',
  'and the one-off days the source knows: 2022-06-03, 2022-09-19, 2023-05-08).',
  ...prov(dh + ', country GB, region ENG, type public'),
  'Later one-off bank holidays (proclaimed by the Crown) must be added by hand.'],
  'Europe/London', publicHolidays('GB', 'ENG'));
write('us.cal', ['United States: federal holidays ' + FIRST + '-' + LAST + ' (5 U.S.C. 6103), with the',
  'Friday or Monday observed when one falls on a Saturday or Sunday. Federal only: no state days.',
  ...prov(dh + ', country US, type public'),
  'Time zone: America/New_York by default; a firm elsewhere changes the tz line.'],
  'America/New_York', publicHolidays('US'));
write('au.cal', ['Australia: the public holidays every state and territory keeps on the same date,',
  FIRST + '-' + LAST + ' (the intersection over ACT, NSW, NT, QLD, SA, TAS, VIC, WA).',
  ...prov(dh + ', country AU, each state, type public'),
  'Time zone: Australia/Sydney by default; a firm elsewhere changes the tz line.'],
  'Australia/Sydney', australiaNational());
write('au-nsw.cal', ['Australia, New South Wales: public holidays ' + FIRST + '-' + LAST + ' (with',
  'substitute days; not the August bank holiday, which binds banks only: add it for a bank).',
  ...prov(dh + ', country AU, region NSW, type public')],
  'Australia/Sydney', publicHolidays('AU', 'NSW'));
write('kr.cal', ['South Korea: public holidays ' + FIRST + '-' + LAST + ' (관공서의 공휴일에 관한 규정):',
  'three-day Seollal and Chuseok and the substitute holidays of Art. 3, computed by',
  'tools/gen_holidays.mjs from the main days of ' + dh + ' (country KR, type public).',
  'Not computable, so not included: election days and holidays the government designates',
  'at short notice (임시공휴일); add them with a holiday clause when announced.',
  `generated by: ${cmd}, on ${TODAY}`],
  'Asia/Seoul', korea());
const cn = china();
const cnLast = cn.holidays.reduce((m, [d]) => (d > m ? d : m), '0').slice(0, 4);
write('cn.cal', ['China: public holidays and the working weekends (调休上班) of the State Council',
  `General Office's yearly notices, ${FIRST}-${cnLast}. Years after ${cnLast} are NOT PUBLISHED in the`,
  'source: the notice comes out about a month before each year; nothing is guessed here, so',
  `this calendar has no holidays after ${cnLast}. Regenerate when the next notice is out.`,
  ...prov(`npm chinese-days ${version('chinese-days')} (State Council notices)`),
  'The working weekends use the calendar clause "open DATE HH:MM-HH:MM".'],
  'Asia/Shanghai', cn.holidays, cn.open);
