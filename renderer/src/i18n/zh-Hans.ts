import type { Messages } from './en';

/** 简体中文界面文字。 */
export const zhHans: Messages = {
  attract_title: '微信支付绑不上银行卡？',
  attract_subtitle: '几步找到原因，按步骤解决',
  attract_tap: '轻触屏幕开始',

  language_title: '请选择语言',

  back: '返回',
  start_over: '重新开始',
  language_switch: '语言',
  safety_line: '本机绝不会要求您输入密码、银行卡号或验证码。',
  scroll_more: '向下查看更多',
  loading: '正在加载…',

  cause_first: '最可能的原因',
  cause_first_of: '最可能的原因（第 1 个，共 {total} 个）',
  cause_next_of: '下一个可能的原因（第 {n} 个，共 {total} 个）',

  fixer_customer: '您可以自己解决',
  fixer_counter: '银行柜台可以帮您解决',
  fixer_issuer: '需要您的发卡银行处理',
  fixer_wechat_pay: '需要微信支付客服处理',

  steps_heading: '请按以下步骤操作',
  step_done: '完成',
  step_number: '第 {n} 步',

  solved_question: '问题解决了吗？',
  solved_yes: '解决了，现在可以用了',
  solved_no: '还是不行',
  other_help: '其他帮助',

  handoff_counter: '去柜台办理',
  handoff_issuer: '致电发卡银行',
  handoff_hotline: '联系微信支付客服（95017）',
  handoff_retry_later: '我稍后再试',

  staff_note: '员工提示',

  outcome_resolved_title: '已经可以用了，办理完成',
  outcome_resolved_body: '现在可以在微信支付中使用这张银行卡了。感谢您的耐心。',
  outcome_counter_title: '请到柜台办理',
  outcome_counter_teller: '柜员会为您办理',
  outcome_detail: '具体怎么做',
  outcome_counter_bring: '请携带',
  outcome_issuer_title: '请拨打银行卡背面的客服电话',
  outcome_hotline_title: '请联系微信支付客服 95017',
  outcome_hotline_where: '也可以在微信里找到客服',
  outcome_hotline_path: '我 → 服务 → 钱包 → 帮助中心／客服。不同版本的微信，名称可能略有不同。',
  outcome_retry_later_title: '请先暂停重试',
  finish: '结束',

  bring_id_card: '身份证',
  bring_bank_card: '这张银行卡',
  bring_phone: '您的手机',
  bring_passport: '护照',

  out_of_order_title: '本机暂时无法使用。',
  out_of_order_body: '请到柜台咨询。',
  error_code: '故障代码：{code}',
};
