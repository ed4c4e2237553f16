import type { Messages } from './en';

/** 繁體中文介面文字。 */
export const zhHant: Messages = {
  attract_title: '微信支付綁不了銀行卡？',
  attract_subtitle: '幾步找出原因，按步驟解決',
  attract_tap: '輕觸螢幕開始',

  language_title: '請選擇語言',

  back: '返回',
  start_over: '重新開始',
  language_switch: '語言',
  safety_line: '本機絕不會要求您輸入密碼、銀行卡號或驗證碼。',
  scroll_more: '向下查看更多',
  loading: '載入中…',

  cause_first: '最可能的原因',
  cause_first_of: '最可能的原因（第 1 個，共 {total} 個）',
  cause_next_of: '下一個可能的原因（第 {n} 個，共 {total} 個）',

  fixer_customer: '您可以自行解決',
  fixer_counter: '銀行櫃檯可以幫您解決',
  fixer_issuer: '需要您的發卡銀行處理',
  fixer_wechat_pay: '需要微信支付客服處理',

  steps_heading: '請按以下步驟操作',
  step_done: '完成',
  step_number: '第 {n} 步',

  solved_question: '問題解決了嗎？',
  solved_yes: '解決了，現在可以用了',
  solved_no: '還是不行',
  other_help: '其他協助',

  handoff_counter: '到櫃檯辦理',
  handoff_issuer: '致電發卡銀行',
  handoff_hotline: '聯絡微信支付客服（95017）',
  handoff_retry_later: '我稍後再試',

  staff_note: '員工提示',

  outcome_resolved_title: '已經可以用了，辦理完成',
  outcome_resolved_body: '現在可以在微信支付中使用這張銀行卡了。感謝您的耐心。',
  outcome_counter_title: '請到櫃檯辦理',
  outcome_counter_teller: '櫃員會為您辦理',
  outcome_detail: '具體怎麼做',
  outcome_counter_bring: '請攜帶',
  outcome_issuer_title: '請撥打銀行卡背面的客服電話',
  outcome_hotline_title: '請聯絡微信支付客服 95017',
  outcome_hotline_where: '也可以在微信裡找到客服',
  outcome_hotline_path: '我 → 服務 → 錢包 → 幫助中心／客服。不同版本的微信，名稱可能略有不同。',
  outcome_retry_later_title: '請先暫停重試',
  finish: '結束',

  bring_id_card: '身份證',
  bring_bank_card: '這張銀行卡',
  bring_phone: '您的手機',
  bring_passport: '護照',

  out_of_order_title: '本機暫時無法使用。',
  out_of_order_body: '請到櫃檯查詢。',
  error_code: '故障代碼：{code}',
};
