# 个人信息：/privacy、/mydata、/forget（私聊使用）
cmd-privacy = 个人信息说明：保存什么、保存多久
cmd-mydata = 导出我的个人信息
cmd-forget = 删除我的个人信息
privacy-info =
    <b>个人信息说明</b>
    我保存：您在群里显示的姓名和单位（实名制需要）、最近发言时间（清退不活跃成员需要）、您提出的建言及其办理记录、您在征求意见中发表的意见和点赞、您的附议和对答复的评价、管理员对您的警告和禁言。群里的普通消息内容我不保存。
    为什么：让建言有人负责、按时办理，让群保持实名和秩序。
    保存多久：离开群 { $departed }后，您的姓名、单位和活动记录会被匿名化。以下文字有各自的保存期限：
    { $kept }
    发送 /mydata 可以导出我保存的全部个人信息；发送 /forget 可以删除。删除后您的建言和意见仍保留在群的记录中，但只显示为“一位成员”（按本群规定可能附单位）；正在执行的封禁或禁言在期满前仍然有效。
privacy-kept-line = · { $kind }：{ $days }
privacy-kind-proposal = 已办结建言的正文、答复和理由（自最后变更起）
privacy-kind-proposal_version = 建言修改前的旧文本（自修改起）
privacy-kind-report = 举报记录（只有编号，不含消息内容）
privacy-kind-moderation_evidence = 管理员处理时填写的理由
privacy-kind-sent_message = 我发出的通知的文字（自发送起）
privacy-kind-join_request = 入群申请中的姓名（自处理起）
privacy-days = { $n } 天
privacy-mydata-summary =
    我保存的您的个人信息：
    · 群成员记录：{ $groups } 个群
    · 建言：{ $proposals } 条（含修改和办理记录）
    · 附议：{ $supports } 次
    · 征求意见中的意见：{ $opinions } 条
    · 警告、禁言、封禁：{ $sanctions } 项
    · 与您有关的管理记录：{ $audit } 条
    完整内容见下面的 JSON 文件。
privacy-mydata-caption = 您的个人信息（JSON）
privacy-forget-ask =
    确定要删除我保存的您的个人信息吗？
    将删除：姓名、单位、活动记录和附议。您的建言和意见会保留，但不再显示您的姓名。正在执行的封禁或禁言在期满前仍然有效。
    如果您仍在群里并继续发言，群的实名制会再次记录您当时显示的名字。此操作无法撤销。
privacy-forget-yes = 确认删除
privacy-forget-no = 取消
privacy-forget-not-yours = 这个按钮不是给您的。
privacy-forget-cancelled = 已取消，什么也没有删除。
privacy-forget-done-short = 已删除。
privacy-forget-done = 已删除您的个人信息（涉及 { $groups } 个群、{ $proposals } 条建言）。仍在执行的处罚：{ $kept } 项，期满前有效。
privacy-erased-log = 一位成员的个人信息已按要求删除。
privacy-private-only = 个人信息的查询、导出和删除请私聊我使用 /privacy、/mydata、/forget。
privacy-a-member = 一位成员
