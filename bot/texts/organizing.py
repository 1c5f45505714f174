"""What every organizer command shares: /help, the command menus, pickers, grants,
the audit log.
"""

from __future__ import annotations

from bot.i18n import N_
from bot.i18n import gettext as _

INVITATION_LINK_BUTTON = N_("🔗 邀请链接")
_ORGANIZER_HELP = N_(
    "组织者命令：\n"
    "/start_campaign 开启评议（向导）\n"
    "/campaigns 我管理的评议\n"
    "/status [编号] 参评进度与结果\n"
    "/close_campaign [编号] 关闭评议并发送汇总\n"
    "/export [编号] 导出 Excel 工作簿（上报版）\n"
    "/public [编号] 导出公示版（只含组织结果和党员汇总数）\n"
    "/suggestions 意见建议整改台账：状态、负责人、期限、答复\n"
    "/record 登记统计单数字（会议、走访、办实事等）\n"
    "/roster [组织] 查看党员名册；直接发送名册 .xlsx 即可导入\n"
    "/members 党员认领：每名党员一个认领链接\n"
    "/paper 下载纸质问卷汇总表；填好后直接发送即并入统计\n"
    "/roster_template 下载名册模板\n"
    "/test_campaign 开启测试评议（先试用全流程）\n"
    "/wipe_test 删除测试评议\n"
    "/cycle on|off 一季一评议：每季度自动开启评议\n"
    "/summary half|year 半年一小结 / 年终一总评 工作簿\n"
    "/help 本说明"
)
_APPRAISAL_HELP = N_(
    "民主评议：\n"
    "/commitments 公开承诺与践诺状态\n"
    "/comment 逐级点评（上级点评本组织，也可点评本组织党员）\n"
    "/commenters 指定谁点评谁（默认：书记点评支委，支委点评党员）\n"
    "/signature 点评署名：您的姓名和职务\n"
    "/review [编号] 支部审定：综合得分、建议等次，逐人审定\n"
    "/feedback [编号] 审定完成后，向每名党员私信反馈本人结果（每人一次）"
)
NOT_ALLOWED = N_("您没有执行此操作的权限。")
ORGANIZERS_BUTTON = N_(
    "这个按钮是给组织者用的（只在组织者与机器人的私聊中有效），按了没有任何改变。"
)


def organizer_help() -> str:
    """/help for an organizer (a super-organizer's adds ``SUPER_HELP``)."""
    return _(_ORGANIZER_HELP) + "\n\n" + _(_APPRAISAL_HELP)


SUPER_HELP = N_("\n\n管理员命令：\n/grant 生成组织者授权链接\n/revoke 撤销组织者\n/audit 审计日志")
ORGANIZER_COMMANDS = {
    "start_campaign": N_("开启评议（向导）"),
    "campaigns": N_("我管理的评议"),
    "status": N_("参评进度与结果"),
    "close_campaign": N_("关闭评议并发送汇总"),
    "export": N_("导出 Excel 工作簿"),
    "public": N_("导出公示版"),
    "suggestions": N_("意见建议整改台账"),
    "record": N_("登记统计单数字"),
    "roster": N_("查看党员名册"),
    "members": N_("党员认领情况与认领链接"),
    "roster_template": N_("下载名册模板"),
    "paper": N_("纸质问卷汇总表"),
    "test_campaign": N_("开启测试评议"),
    "wipe_test": N_("删除测试评议"),
    "cycle": N_("一季一评议（每季度自动开启）"),
    "summary": N_("半年一小结 / 年终一总评"),
    "commitments": N_("公开承诺与践诺"),
    "review": N_("支部审定（综合评定与等次）"),
    "feedback": N_("审定后向党员反馈结果"),
    "commenters": N_("指定逐级点评的点评人"),
    "signature": N_("点评署名（姓名和职务）"),
}
SUPER_COMMANDS = {
    "grant": N_("生成组织者授权链接"),
    "revoke": N_("撤销组织者"),
    "audit": N_("审计日志"),
}
CANCEL = N_("✖ 取消")
PREVIOUS_STEP = N_("⬅ 上一步")
NO_ORGANIZATIONS = N_(
    "还没有您可以管理的组织。请先发送名册 .xlsx 导入（/roster_template 下载模板）。"
)
NO_CAMPAIGNS = N_("还没有评议活动。发送 /start_campaign 开启一个。")
NO_OPEN_CAMPAIGNS = N_("没有进行中的评议。")
CAMPAIGN_ID_EXPECTED = N_("评议编号应为数字，例如 /status 3。发送 /campaigns 查看编号。")
PICK_CAMPAIGN = N_("请选择评议：")
PICK_ORGANIZATION = N_("请选择组织：")
REFRESH = N_("🔄 刷新")
GRANT_LINK = N_(
    "授权链接（仅可使用一次，7 天内有效）：\n{}\n\n"
    "请把它私下发给新的组织者；对方打开后即可管理「{}」及其下级组织。"
)
GRANT_ACCEPTED = N_("✅ 您已成为「{}」的组织者，可管理它及其下级组织。发送 /help 查看组织者命令。")
PICK_ORGANIZER = N_("「{}」的组织者（点击即撤销）：")
NO_ORGANIZERS = N_("「{}」还没有直接授权的组织者。")
REVOKED = N_("已撤销 {} 在「{}」的组织者权限。")
NOT_REVOKED = N_("该用户已不是「{}」的组织者。")
AUDIT_EMPTY = N_("审计日志为空。")
AUDIT_TITLE = N_("审计日志（最新在前）：")
