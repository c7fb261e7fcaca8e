start-private = 您好，{ $name }！我是建言群助手。我帮助群里的成员实名交流、提出建言，帮助有关部门按时答复。发送 /help 查看您可以使用的命令。
help-member =
    可用命令：
    /my — 查看我提出的建言
    /proposal 编号 — 查看一条建言
    /status 编号 — 一条建言现在的办理进度
    /propose 内容 — 提出建言（也可以在群里发带话题标签的消息，例如 #人才）
    /iam 姓名 单位 — 登记实名（群里要求时）
    /report — 回复一条消息，提醒群主或管理员处理
    /privacy — 个人信息说明；/mydata — 导出；/forget — 删除
    /id — 显示本群和您的 ID
help-moderator =
    群主或管理员命令（在群里使用）：
    /warn、/unwarn、/mute 时长、/unmute、/ban、/unban — 回复消息或附上用户 ID
    /names — 未实名成员；/exempt — 回复消息豁免实名要求
    /prune — 预览将被清退的成员；/prune now — 执行清退
    /adopt 编号 [说明] — 采纳为优秀建言（群里或私聊）
help-official =
    部门工作人员命令（在与我的私聊中使用）：
    /queue — 待办建言
    /accept 编号 — 受理
    /progress 编号 日期 内容 — 阶段性回复并承诺办结日期（再次发送即延期，须写明理由）
    /answer 编号 内容 — 办结答复（提出人将评价）
    /assign 编号 部门 — 转办；/reject 编号 理由 — 不予受理；/merge 编号 目标编号 — 合并；/close 编号 — 办结；/history 编号 — 办理记录
    /consult 话题 截止 内容 — 在群里或私聊中发起征求意见；/conclude 编号 结论 — 发布结论
    /faq add 关键词 = 答案、/faq list、/faq remove 编号、/faq from 建言编号 — 管理问答库
help-leader =
    分管领导（在与我的私聊中使用）：
    /adopt 编号 [说明] — 采纳为优秀建言
    /history 编号 — 办理记录
    需要审核的部门的回复会以草稿发给您：点「同意发布」或「退回修改」并写明意见。红牌督办和两次不满意的建言也会告知您。
help-supervisor =
    问政监督员：每月初我会私聊发给您评分表，请按上月看到的答复为每个部门打 1–5 分。
group-not-configured = 本群未配置建言群助手，我将退出本群。如需使用，请联系运维人员在配置文件中添加本群（本群 ID：<code>{ $chat_id }</code>）。
refused-not-moderator = 抱歉，只有群主或管理员可以使用这个命令。
error-generic = 抱歉，处理时出了问题，请稍后再试。
cmd-start = 开始使用
cmd-help = 查看可用命令
cmd-my = 我的建言
cmd-proposal = 查看一条建言：/proposal 编号
cmd-status = 一条建言的办理进度：/status 编号
cmd-propose = 提出建言：/propose 内容
cmd-iam = 登记实名：/iam 姓名 单位
cmd-report = 回复一条消息，提醒群主或管理员
cmd-warn = 警告（回复消息）
cmd-unwarn = 撤销一次警告
cmd-mute = 禁言：/mute 时长，如 2h
cmd-unmute = 解除禁言
cmd-ban = 移出并禁止再加入
cmd-unban = 解除封禁
cmd-names = 未实名的成员
cmd-exempt = 豁免实名要求（回复消息）
cmd-prune = 预览清退；/prune now 执行
cmd-queue = 我的待办建言
cmd-accept = 受理：/accept 编号
cmd-progress = 阶段性回复：/progress 编号 日期 内容
cmd-answer = 办结答复：/answer 编号 内容
cmd-adopt = 采纳：/adopt 编号 [说明]
cmd-assign = 转办：/assign 编号 部门
cmd-reject = 不予受理：/reject 编号 理由
cmd-merge = 合并：/merge 编号 目标编号
cmd-close = 办结：/close 编号
cmd-history = 办理记录：/history 编号
cmd-consult = 发起征求意见：/consult 话题 截止 内容
cmd-conclude = 发布征求意见结论：/conclude 编号 结论
cmd-faq = 管理问答库：/faq add|list|remove|from
cmd-correct = 官方澄清（回复消息）：/correct 内容
cmd-id = 显示本群和您的 ID（用于配置）
id-group = 本群（{ $title }）的 ID：<code>{ $chat_id }</code>
id-user = 您的用户 ID：<code>{ $user_id }</code>
id-user-anonymous = 您以匿名管理员身份发言，没有可显示的用户 ID；请在与我的私聊中发送 /id。
button-unknown = 这个按钮已失效。
