// Prints the four Lighthouse scores of each report as a Markdown table (the README quotes it), then every audit that
// cost a page points; exits 1 when a score is below the goal of issue 16 (95).
import { readFileSync } from 'node:fs';

const goal = 95;
const categories = ['performance', 'accessibility', 'best-practices', 'seo'];
const reports = process.argv.slice(2).map(arg => {
  const [name, file] = arg.split('=');
  return { name, report: JSON.parse(readFileSync(file, 'utf8')) };
});
if (reports.length === 0) {
  console.error('usage: node scores.mjs name=report.json ...');
  process.exit(2);
}
const first = reports[0].report;
console.log(`\nLighthouse ${first.lighthouseVersion}, ${first.configSettings.formFactor} preset (${first.configSettings.throttlingMethod} throttling), ` +
  `${first.environment.hostUserAgent.match(/HeadlessChrome\/[0-9.]+/)?.[0] ?? 'Chromium'}, ${new Date(first.fetchTime).toISOString().slice(0, 10)}\n`);
console.log('| page | performance | accessibility | best practices | SEO |');
console.log('|---|---|---|---|---|');
let below = 0;
const losses = [];
for (const { name, report } of reports) {
  const path = new URL(report.finalDisplayedUrl ?? report.finalUrl).pathname + new URL(report.finalDisplayedUrl ?? report.finalUrl).search;
  const scores = categories.map(id => {
    const score = report.categories[id]?.score;
    const shown = score == null ? 'n/a' : Math.round(score * 100);
    if (score == null || Math.round(score * 100) < goal) below++;
    return shown;
  });
  console.log(`| ${name} \`${path}\` | ${scores.join(' | ')} |`);
  for (const id of categories) {
    for (const ref of report.categories[id]?.auditRefs ?? []) {
      const audit = report.audits[ref.id];
      if (ref.weight > 0 && audit.score !== null && audit.score < 1)
        losses.push(`${name}: ${id} ${audit.id} (${audit.displayValue ?? audit.score}) ${audit.title}${audit.explanation ? ': ' + audit.explanation : ''}`);
    }
  }
}
if (losses.length > 0) console.log('\nAudits that cost points:\n' + losses.map(l => '- ' + l).join('\n'));
if (below > 0) {
  console.log(`\n${below} score(s) below ${goal}.`);
  process.exit(1);
}
console.log(`\nEvery score is at least ${goal}.`);
