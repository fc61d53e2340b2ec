// The privacy notice (隐私告知) a resident reads before submitting through the 解纷码. Its version is
// stored with each case; registration by a resident must carry the current one. A new text gets a
// new version.

export const PRIVACY_NOTICE = {
  version: '2026-01',
  zh: [
    '为办理您反映的矛盾纠纷，我们将收集您提交的手机号、姓名、身份证号（如填写）、地址、诉求描述、照片及位置。',
    '这些信息仅用于受理、分派、办理、回访您的诉求，以及依法进行的统计与监督；不会用于其他目的，也不会公开。',
    '手机号、身份证号和地址以国密算法加密保存，工作人员查看明文须说明理由并留痕。',
    '办理进展将以短信告知您。您可以随时通过手机号验证查看自己的诉求，在办结前可以补充材料或撤回。',
    '如对个人信息处理有疑问，可向受理您诉求的综治中心咨询。',
  ].join('\n'),
  en: [
    'To handle the dispute you report, we collect the phone number, name, ID number (if given), address, description, photos and location you submit.',
    'They are used only to register, route, handle and follow up your request, and for lawful statistics and oversight; never for anything else, and never published.',
    'Phone numbers, ID numbers and addresses are stored encrypted (SM4); staff must give a reason, which is logged, to see them in clear.',
    'You will be told of each step by SMS. You can see your own requests at any time after a phone check, add evidence or withdraw before conclusion.',
    'For questions about your personal data, ask the center handling your request.',
  ].join('\n'),
} as const;
