/** Plain-text renderings of an import and a verification, for the command line. */
import type { ImportedReport } from './schema.js';
import type { Finding, Verification } from './verify.js';

const show = (v: unknown) => (v === null || v === undefined ? '—' : String(v));

export function formatImportSummary(r: ImportedReport): string {
  const out: string[] = [];
  out.push(`Provider:   ${show(r.provider)}`);
  out.push(`Published:  ${show(r.published)}    Framework: ${show(r.framework)}`);
  out.push(`Overall:    ${show(r.overall.rating)}    Score: ${r.overall.score === null ? '—' : `${r.overall.score}/${show(r.overall.maxScore)}`}`);
  out.push(`Sample:     court ${show(r.caseSample.court)}, out-of-court ${show(r.caseSample.outOfCourt)}, resettlement ${show(r.caseSample.resettlement)}`);
  out.push('', 'Standards:');
  for (const s of r.standards) {
    const kqs = s.keyQuestions
      .map((k) => `${k.id} ${k.relevant !== null ? `${k.yes}/${k.relevant}` : ''}${k.percent !== null ? ` ${k.percent}%` : ''}`.replace(/ +/g, ' '))
      .join('; ');
    const disc = s.discretion?.applied ? ` [discretion${s.discretion.from ? ` from ${s.discretion.from}` : ''}]` : '';
    out.push(`  ${`${s.id} ${s.name}`.padEnd(48)} ${show(s.rating).padEnd(21)}${disc}`);
    if (kqs) out.push(`      ${kqs}${s.prompts.length ? `  (+${s.prompts.length} prompts)` : ''}`);
  }
  out.push('', `Recommendations: ${r.recommendations.length}`);
  for (const [i, rec] of r.recommendations.entries()) out.push(`  ${i + 1}. ${rec.addressee ? `[${rec.addressee}] ` : ''}${rec.text}`);
  out.push('', `Warnings: ${r.warnings.length}`);
  for (const w of r.warnings) out.push(`  ${w.line === null ? '' : `line ${w.line}: `}${w.message}`);
  return out.join('\n') + '\n';
}

const STATUS: Record<Finding['status'], string> = { agrees: 'agrees', explained: 'explained', disagrees: 'DISAGREES', unchecked: 'unchecked' };

export function formatVerification(v: Verification): string {
  const rows = v.findings.map((f) => [f.check, f.subject, f.published, f.computed, STATUS[f.status], f.reason]);
  const head = ['check', 'subject', 'published', 'computed', 'status', 'reason'];
  const widths = head.map((h, i) => Math.min(60, Math.max(h.length, ...rows.map((r) => r[i]!.length))));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd();
  const out = [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
  const n = (s: Finding['status']) => v.findings.filter((f) => f.status === s).length;
  out.push('', `${v.checked} of ${v.findings.length} items checked (${v.framework.version} framework): ${n('agrees')} agree, ${n('explained')} explained, ${n('disagrees')} disagree, ${n('unchecked')} unchecked`);
  return out.join('\n') + '\n';
}
