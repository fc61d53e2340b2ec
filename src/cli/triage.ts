import { DEFAULT_CATEGORIES } from '../core/workflow/case-model.js';
import { suggestTriage } from '../server/modules/triage/triage.service.js';
import { evaluateTriage } from '../server/modules/triage/triage-evaluation.js';
import { FRESH_FILE, readLabelled, triageModel } from '../server/modules/triage/triage-model.js';
import { segment } from '../server/modules/triage/segmenter.js';

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

/**
 * `yimen triage "TEXT"`: the suggested category and risk level of a description, with the words
 * and rules behind them (no database needed). `--evaluate` scores the shipped model on the
 * labelled texts instead.
 */
export async function triageCommand(text: string | undefined, opts: { json?: boolean; evaluate?: boolean }) {
  if (opts.evaluate) return evaluateCommand(opts);
  if (!text?.trim()) throw new Error('give the description to triage, e.g. yimen triage "老板拖欠工资…"');
  const s = suggestTriage({ description: text, at: new Date() });
  if (opts.json) {
    console.log(
      JSON.stringify({ category: s.category, confidence: s.confidence, risk: s.risk, reasons: s.reasons }),
    );
    return;
  }
  const name = DEFAULT_CATEGORIES.find((c) => c.code === s.category)?.zh ?? s.category;
  console.log(`category  ${s.category} (${name}), confidence ${s.confidence}`);
  console.log(`risk      ${s.risk}`);
  for (const r of s.reasons) {
    const params = 'params' in r && r.params ? ' ' + JSON.stringify(r.params) : '';
    const level = 'level' in r ? ` [${r.level}]` : '';
    console.log(`  ${r.rule}${level}: ${r.words.join('、') || '—'}${params}`);
  }
}

function evaluateCommand(opts: { json?: boolean }): void {
  const report = evaluateTriage(readLabelled(), triageModel(), segment, readLabelled(FRESH_FILE));
  if (opts.json) {
    console.log(JSON.stringify(report, null, 2));
    return;
  }
  const parts = [
    ['held-out', report.heldOut],
    ['fresh', report.fresh],
    ['train', report.train],
  ] as const;
  for (const [name, p] of parts) {
    if (!p) continue;
    console.log(
      `${name.padEnd(9)} ${String(p.texts).padStart(4)} texts  category ${pct(p.categoryAccuracy)}` +
        `  high-risk recall ${p.highRisk.flagged}/${p.highRisk.labelled} = ${pct(p.highRisk.recall)}` +
        `  false high ${p.falseHigh.flagged}/${p.falseHigh.labelled}  exact risk ${pct(p.riskExact)}`,
    );
  }
  console.log(`${report.msPerText} ms per text (segmentation, model and rules)`);
}
