// Open311 GeoReport v2 views of the domain: the category taxonomy as services (with group and
// keywords) and a case's state as open/closed with a note a stranger may read. Nothing here
// carries personal data: the notes name no person and quote no text a party wrote.
import type { CaseState, Outcome } from '../workflow/case-model.js';

export interface Bilingual {
  zh: string;
  en: string;
}

const GROUPS = {
  family: { zh: '婚姻家庭与邻里', en: 'Family and neighbors' },
  economic: { zh: '劳动与经济', en: 'Labor and economy' },
  land: { zh: '土地与环境', en: 'Land and environment' },
  accident: { zh: '事故与医疗', en: 'Accidents and health care' },
  other: { zh: '其他', en: 'Other' },
} as const satisfies Record<string, Bilingual>;

/** Group and search words of the default categories; a category added later falls in "other". */
const SERVICE_TAGS: Record<string, { group: keyof typeof GROUPS; keywords: string[] }> = {
  neighbor: { group: 'family', keywords: ['邻里', '噪音', '漏水', '通道', '相邻关系'] },
  marriage_family: { group: 'family', keywords: ['婚姻', '离婚', '赡养', '抚养', '继承', '家庭'] },
  labor: { group: 'economic', keywords: ['工资', '欠薪', '工伤', '劳动合同', '社保'] },
  property: { group: 'economic', keywords: ['物业', '物业费', '小区', '业主'] },
  consumer: { group: 'economic', keywords: ['消费', '退款', '商品', '服务质量'] },
  debt_contract: { group: 'economic', keywords: ['合同', '借款', '欠款', '债务'] },
  land: { group: 'land', keywords: ['土地', '宅基地', '承包', '山林', '地界'] },
  expropriation: { group: 'land', keywords: ['征地', '拆迁', '补偿', '安置'] },
  environment: { group: 'land', keywords: ['污染', '噪声', '排污', '扬尘'] },
  traffic: { group: 'accident', keywords: ['交通事故', '车辆', '赔偿'] },
  medical: { group: 'accident', keywords: ['医疗', '医院', '医患'] },
  damages: { group: 'accident', keywords: ['损害', '赔偿', '人身伤害', '财产损失'] },
};

export interface ServiceView {
  service_code: string;
  service_name: string;
  description: string;
  metadata: boolean;
  type: 'realtime';
  keywords: string;
  group: string;
}

/**
 * A category as an Open311 service. `metadata` is true for all: every service has the optional
 * `region` attribute that places the request.
 */
export function serviceOf(
  category: { code: string; name_zh: string; name_en: string },
  lang: 'zh' | 'en',
): ServiceView {
  const tags = Object.hasOwn(SERVICE_TAGS, category.code) ? SERVICE_TAGS[category.code] : undefined;
  const group = GROUPS[tags?.group ?? 'other'];
  const name = lang === 'en' ? category.name_en : category.name_zh;
  return {
    service_code: category.code,
    service_name: name,
    description:
      lang === 'en'
        ? `Report a dispute of the kind "${category.name_en}" to the governance center.`
        : `向综治中心反映“${category.name_zh}”类矛盾纠纷。`,
    metadata: true,
    type: 'realtime',
    keywords: [category.name_zh, ...(tags?.keywords ?? [])].join(','),
    group: group[lang],
  };
}

/** GeoReport status: closed once the case is concluded or has left the loop. */
export function open311Status(state: CaseState): 'open' | 'closed' {
  return state === 'registered' || state === 'assigned' || state === 'in_progress' ? 'open' : 'closed';
}

const STATE_NOTES: Record<CaseState, Bilingual> = {
  registered: { zh: '已登记，等待分流交办。', en: 'Registered; awaiting assignment.' },
  assigned: { zh: '已交办承办单位，等待受理。', en: 'Assigned to a unit; awaiting acceptance.' },
  in_progress: { zh: '承办单位正在办理。', en: 'Being handled by the responsible unit.' },
  concluded: { zh: '已办结，等待回访。', en: 'Concluded; a follow-up call will follow.' },
  followed_up: { zh: '已办结并回访。', en: 'Concluded and followed up.' },
  archived: { zh: '已办结归档。', en: 'Concluded and archived.' },
  withdrawn: { zh: '申请人已撤回。', en: 'Withdrawn by the applicant.' },
  declined: {
    zh: '不予受理，已告知其他解决途径。',
    en: 'Not accepted; the applicant was guided to another channel.',
  },
};

const OUTCOME_NOTES: Record<Outcome, Bilingual> = {
  mediated_agreement: { zh: '调解成功。', en: 'Settled by mediation.' },
  mediation_failed: {
    zh: '调解未成，已引导通过其他途径解决。',
    en: 'Mediation failed; guided to another channel.',
  },
  other_resolution: { zh: '已通过其他方式化解。', en: 'Resolved by other means.' },
};

/** The status note: the state, and for concluded cases the kind of outcome (never its summary). */
export function statusNote(state: CaseState, outcome: Outcome | null, lang: 'zh' | 'en'): string {
  const base = STATE_NOTES[state][lang];
  const closedWithOutcome =
    outcome && (state === 'concluded' || state === 'followed_up' || state === 'archived');
  return closedWithOutcome ? `${base}${lang === 'en' ? ' ' : ''}${OUTCOME_NOTES[outcome][lang]}` : base;
}
