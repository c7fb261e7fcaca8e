## 限时办结：分派、办理命令、答复与评价、黄牌红牌

handling-age = { $days ->
    [0] { $hours ->
        [0] { $minutes } 分钟
       *[other] { $hours } 小时 { $minutes } 分钟
    }
   *[other] { $days } 天 { $hours } 小时
}
handling-state = { $state ->
    [submitted] 待受理
    [accepted] 办理中
    [answered] 已答复
    [closed] 已办结
    [rejected] 不予受理
   *[merged] 已合并
}
handling-card-name = { $level ->
    [0] 无
    [1] 黄牌
    [2] 红牌
   *[3] 督办
}
handling-rating = { $rating ->
    [satisfied] 满意
    [basic] 基本满意
   *[unsatisfied] 不满意
}
handling-bot = 建言群助手

handling-author = { $name }（{ $unit }）
handling-author-hidden = 建言人
handling-new =
    新建言 #{ $number }（话题：{ $topics }）已交{ $departments }办理。
    提出人：{ $author }
    { $text }
    { $link }
    受理：/accept { $number }　答复：/answer { $number } 答复内容
handling-unrouted =
    建言 #{ $number } 没有对应的部门，请指定承办部门：在与我的私聊中发送 /assign { $number } 部门编号。
    可选部门：{ $departments }
    { $text }
    { $link }
handling-no-private = { $departments }的工作人员 { $official } 还没有与我私聊，收不到建言通知。请提醒他们在 Telegram 中打开与我的对话并发送 /start。

handling-usage-accept = 用法：/accept 编号，例如 /accept 12
handling-usage-close = 用法：/close 编号，例如 /close 12
handling-usage-answer = 用法：/answer 编号 答复内容，例如 /answer 12 已纳入明年计划
handling-usage-reject = 用法：/reject 编号 理由，例如 /reject 12 不属于本市事权
handling-usage-merge = 用法：/merge 编号 目标编号，例如 /merge 12 9（把 #12 合并到 #9）
handling-usage-history = 用法：/history 编号，例如 /history 12
handling-usage-assign =
    用法：/assign 编号 部门编号 [理由]，例如 /assign 12 talent
    部门：{ $departments }
handling-not-official = 抱歉，这个命令只供部门工作人员使用。

handling-refused-domain_error = 抱歉，建言 #{ $number } 现在不能这样办理。
handling-refused-changed = 建言 #{ $number } 刚刚被其他人办理过了。请用 /history { $number } 查看最新情况后再试。
handling-department = { $id }（{ $name }）
handling-refused-unknown_proposal = 没有编号为 #{ $number } 的建言，请检查编号。
handling-refused-not_your_department = 建言 #{ $number } 不由您的部门承办，您不能办理。如需转交，请联系管理员。
handling-refused-not_moderator = 抱歉，只有承办部门或管理员可以这样办理建言 #{ $number }。
handling-refused-not_author = 只有提出这条建言的成员可以评价。
handling-refused-closed = 建言 #{ $number } 已办结，不能再办理。
handling-refused-terminal = 建言 #{ $number } 已不予受理或已合并，不能再办理。
handling-refused-already_accepted = 建言 #{ $number } 已经受理过了。可以直接答复：/answer { $number } 答复内容
handling-refused-already_answered = 建言 #{ $number } 已经答复过了。
handling-refused-not_answered = 建言 #{ $number } 还没有答复。
handling-refused-already_rated = 您已经评价过这次答复了，谢谢。
handling-refused-already_assigned = 建言 #{ $number } 已经由这个部门承办了。
handling-refused-same_proposal = 不能把建言 #{ $number } 合并到它自己。
handling-refused-merge_target_closed = 合并的目标建言已经结束办理，请选择一条仍在办理中的建言。
handling-refused-merge_target_required = 请写明合并到哪一条建言：/merge { $number } 目标编号
handling-refused-unknown_department =
    没有这个部门。可选部门：{ $departments }
    用法：/assign { $number } 部门编号
handling-refused-reason_required = 请写明理由：/reject { $number } 理由
handling-refused-text_required = 请写上答复内容：/answer { $number } 答复内容
handling-refused-invalid_rating = 这个评价无效，请点按钮评价。

handling-queue-empty = 您的部门目前没有待办建言。
handling-queue-title = 待办建言 { $count } 条（最早的在前）：
handling-queue-item = #{ $number } [{ $state }]{ $card } · 已等 { $age } — { $text }
handling-queue-more = ……还有 { $count } 条。

handling-done-accept = 已受理建言 #{ $number }。请在期限内答复：/answer { $number } 答复内容
handling-done-assign = 已将建言 #{ $number } 转交{ $department }，并通知了他们。
handling-done-answer = 已答复建言 #{ $number }，答复已发布到群里，提出人可以评价。
handling-done-reject = 已将建言 #{ $number } 标记为不予受理，并在群里告知了提出人。
handling-done-merge = 已将建言 #{ $number } 合并到 #{ $into }。
handling-done-close = 建言 #{ $number } 已办结。
handling-answer-not-posted = 答复已记录，但没能发布到群里（建言 #{ $number }）。请稍后检查机器人在群里的权限。

handling-answer =
    { $author }，您的建言 #{ $number } 已由{ $department }答复：
    { $text }
    请评价这次答复：
handling-rejected =
    { $author }，您的建言 #{ $number } 不予受理。
    理由：{ $reason }
handling-merged = { $author }，您的建言 #{ $number } 与 #{ $into } 内容相近，已合并办理。
handling-rated = 谢谢您的评价！
handling-rate-expired = 这条答复已经不能评价了。
handling-reopened =
    建言 #{ $number } 的提出人对答复不满意，建言已退回您的部门重新办理。请再次答复：/answer { $number } 答复内容
    { $text }
    { $link }

handling-card-yellow =
    🟨 黄牌：建言 #{ $number }（{ $departments }）已 { $age } 未答复。请尽快答复：/answer { $number } 答复内容
    { $text }
    { $link }
handling-card-red =
    🟥 红牌：建言 #{ $number }（{ $departments }）已 { $age } 未答复，{ $told ->
        [no] 管理员未能收到通知
       *[yes] 已告知管理员
    }。请立即办理：/answer { $number } 答复内容
    { $text }
    { $link }
handling-card-urge =
    ⚠️ 督办：建言 #{ $number }（{ $departments }）已 { $age } 仍未答复，现予督办。请立即答复：/answer { $number } 答复内容
    { $text }
    { $link }

handling-history-title = 建言 #{ $number } 办理记录（{ $state }）：{ $text }
handling-history-created = { $at } { $who }：提出建言
handling-history-item = { $at } { $who }：{ $what }
handling-step-assign = 分派给{ $department }
handling-step-assign-why = 分派给{ $department }（{ $detail }）
handling-step-accept = 受理（{ $department }）
handling-step-answer = 答复（{ $department }）：{ $detail }
handling-step-reject = 不予受理，理由：{ $detail }
handling-step-merge = 合并到 #{ $into }
handling-step-merge-why = 合并到 #{ $into }（{ $detail }）
handling-step-close = 办结（{ $department }）
handling-step-rate = 评价：{ $detail }
handling-step-reopen = 重新办理：{ $detail }
handling-step-card = 发出{ $detail }
