start-private = 您好，{ $name }！我是建言群助手。我帮助群里的成员实名交流、提出建议，帮助有关部门按时答复。发送 /help 查看您可以使用的命令。
help-member =
    可用命令：
    /my — 查看我提出的建议
    /proposal 编号 — 查看一条建议
    /propose 内容 — 提出建议（也可以在群里发带话题标签的消息，例如 #人才）
    /iam 姓名 单位 — 登记实名（群里要求时）
    /report — 回复一条消息，提醒管理员处理
    /id — 显示本群和您的 ID
help-moderator =
    管理员命令（在群里使用）：
    /warn、/unwarn、/mute 时长、/unmute、/ban、/unban — 回复消息或附上用户 ID
    /names — 未实名成员；/exempt — 回复消息豁免实名要求
    /prune — 预览将被清退的成员；/prune now — 执行清退
help-official =
    部门工作人员命令（在与我的私聊中使用）：
    /queue — 待办建议
    /accept 编号、/answer 编号 内容、/assign 编号 部门、/reject 编号 理由、/merge 编号 目标编号、/close 编号、/history 编号
group-not-configured = 本群未配置建言群助手，我将退出本群。如需使用，请联系管理员在配置文件中添加本群（本群 ID：<code>{ $chat_id }</code>）。
refused-not-moderator = 抱歉，只有管理员可以使用这个命令。
error-generic = 抱歉，处理时出了问题，请稍后再试。
cmd-start = 开始使用
cmd-help = 查看可用命令
cmd-my = 我的建议
cmd-proposal = 查看一条建议：/proposal 编号
cmd-propose = 提出建议：/propose 内容
cmd-iam = 登记实名：/iam 姓名 单位
cmd-report = 回复一条消息，提醒管理员
cmd-warn = 警告（回复消息）
cmd-unwarn = 撤销一次警告
cmd-mute = 禁言：/mute 时长，如 2h
cmd-unmute = 解除禁言
cmd-ban = 移出并禁止再加入
cmd-unban = 解除封禁
cmd-names = 未实名的成员
cmd-exempt = 豁免实名要求（回复消息）
cmd-prune = 预览清退；/prune now 执行
cmd-queue = 我的待办建议
cmd-accept = 受理：/accept 编号
cmd-answer = 答复：/answer 编号 内容
cmd-assign = 转交：/assign 编号 部门
cmd-reject = 不予受理：/reject 编号 理由
cmd-merge = 合并：/merge 编号 目标编号
cmd-close = 办结：/close 编号
cmd-history = 办理记录：/history 编号
cmd-id = 显示本群和您的 ID（用于配置）
id-group = 本群（{ $title }）的 ID：<code>{ $chat_id }</code>
id-user = 您的用户 ID：<code>{ $user_id }</code>
id-user-anonymous = 您以匿名管理员身份发言，没有可显示的用户 ID；请在与我的私聊中发送 /id。
button-unknown = 这个按钮已失效。
