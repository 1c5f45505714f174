"""半年一小结 and 年终一总评."""

from __future__ import annotations

from bot.i18n import N_

SUMMARY_USAGE = N_("用法：/summary half 生成半年一小结，/summary year 生成年终一总评。")
SUMMARY_PICK = {
    "sh": N_("生成哪个组织的半年一小结（本半年各季度对比）？"),
    "sy": N_("生成哪个组织的年终一总评（本年四个季度）？"),
}
SUMMARY_WORKING = N_("正在生成工作簿，请稍候…")
