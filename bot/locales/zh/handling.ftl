## 限时办结：分派、转办、回复与办结告知、评价与整改、审核、采纳、黄牌警示 / 红牌督办 / 催办通知

handling-age = { $unit ->
    [days] { $count } 天
    [hours] { $count } 小时
    [minutes] { $count } 分钟
   *[seconds] { $count } 秒
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
    [1] 黄牌警示
    [2] 红牌督办
   *[3] 催办通知
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
    受理：/accept { $number }　回复进度：/progress { $number } 日期 内容　办结答复：/answer { $number } 答复内容
handling-unrouted =
    建言 #{ $number } 没有对应的部门，请指定承办部门：在与我的私聊中发送 /assign { $number } 部门编号。
    可选部门：{ $departments }
    { $text }
    { $link }
handling-no-private = { $departments }的工作人员 { $official } 还没有与我私聊，收不到建言通知。请提醒他们在 Telegram 中打开与我的对话并发送 /start。

handling-usage-accept = 用法：/accept 编号，例如 /accept 12
handling-usage-close = 用法：/close 编号，例如 /close 12
handling-usage-answer = 用法：/answer 编号 答复内容（办结告知，提出人将评价），例如 /answer 12 已纳入明年计划
handling-usage-progress = 用法：/progress 编号 日期 内容（阶段性回复，日期为承诺办结日期，格式 2026-12-20 或 12-20），例如 /progress 12 12-20 已受理，正在办理，预计 12 月 20 日前办结
handling-usage-adopt = 用法：/adopt 编号 [说明]，例如 /adopt 12 列入明年重点工作
handling-usage-reject = 用法：/reject 编号 理由，例如 /reject 12 不属于本市事权
handling-usage-merge = 用法：/merge 编号 目标编号，例如 /merge 12 9（把 #12 合并到 #9）
handling-usage-history = 用法：/history 编号，例如 /history 12
handling-usage-assign =
    用法：/assign 编号 部门编号 [理由]，例如 /assign 12 talent
    部门：{ $departments }
handling-not-official = 抱歉，这个命令只供部门工作人员使用。
handling-not-leader = 抱歉，只有承办部门的分管领导或群主或管理员可以这样做。
handling-bad-date = 「{ $date }」不是有效的日期。请写承诺办结的日期，例如 /progress { $number } 2026-12-20 内容，或 /progress { $number } 12-20 内容。

handling-refused-domain_error = 抱歉，建言 #{ $number } 现在不能这样办理。
handling-refused-changed = 建言 #{ $number } 刚刚被其他人办理过了。请用 /history { $number } 查看最新情况后再试。
handling-department = { $id }（{ $name }）
handling-refused-unknown_proposal = 没有编号为 #{ $number } 的建言，请检查编号。
handling-refused-not_your_department = 建言 #{ $number } 不由您的部门承办，您不能办理。如需转办，请联系群主或管理员。
handling-refused-not_moderator = 抱歉，只有承办部门或群主或管理员可以这样办理建言 #{ $number }。
handling-refused-not_leader = 抱歉，只有承办部门的分管领导或群主或管理员可以采纳建言 #{ $number }。
handling-refused-already_adopted = 建言 #{ $number } 已经被采纳过了。
handling-refused-promise_required = 请写明承诺办结的日期：/progress { $number } 日期 内容
handling-refused-promise_past = 承诺办结的日期不能早于今天。请重新填写：/progress { $number } 日期 内容
handling-refused-promise_not_later = 延期的日期须晚于原承诺的日期，并写明理由：/progress { $number } 新日期 理由
handling-refused-not_author = 只有提出这条建言的成员可以评价。
handling-refused-closed = 建言 #{ $number } 已办结，不能再办理。
handling-refused-terminal = 建言 #{ $number } 已不予受理或已合并，不能再办理。
handling-refused-already_accepted = 建言 #{ $number } 已经受理过了。可以回复办理进度：/progress { $number } 日期 内容，或办结答复：/answer { $number } 答复内容
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
handling-refused-text_required = 请写上内容：/answer { $number } 答复内容，或 /progress { $number } 日期 内容
handling-refused-invalid_rating = 这个评价无效，请点按钮评价。

handling-queue-empty = 您的部门目前没有待办建言。
handling-queue-title = 待办建言 { $count } 条（最早的在前）：
handling-queue-item = #{ $number } [{ $state }]{ $card } · 已等 { $age } — { $text }
handling-queue-promise = 承诺 { $date } 前办结
handling-queue-more = ……还有 { $count } 条。

handling-done-accept = 已受理建言 #{ $number }。请在期限内回复：/progress { $number } 日期 内容（阶段性回复），或 /answer { $number } 答复内容（办结答复）
handling-done-assign = 已将建言 #{ $number } 转办{ $department }，并通知了他们。
handling-done-answer = 已办结答复建言 #{ $number }，答复已发布到群里，提出人可以评价。
handling-done-progress = 已回复建言 #{ $number } 的办理进度，已发布到群里。请在 { $date } 前办结答复：/answer { $number } 答复内容
handling-done-adopt = 已采纳建言 #{ $number }，并在群里告知了提出人。
handling-done-reject = 已将建言 #{ $number } 标记为不予受理，并在群里告知了提出人。
handling-done-merge = 已将建言 #{ $number } 合并到 #{ $into }。
handling-done-close = 建言 #{ $number } 已办结。
handling-answer-not-posted = 回复已记录，但没能发布到群里（建言 #{ $number }）。请稍后检查机器人在群里的权限。

handling-answer =
    { $author }，您的建言 #{ $number } 已由{ $department }办结答复：
    { $text }
    请评价这次答复：
handling-answer-rework =
    { $author }，您的建言 #{ $number } 已由{ $department }整改后重新答复：
    { $text }
    请评价这次答复：
handling-progress =
    { $author }，{ $department }已回复您的建言 #{ $number }：
    { $text }
    承诺办结时间：{ $date } 前。办结后将在群里告知您。
handling-progress-extended =
    { $author }，{ $department }将您的建言 #{ $number } 的办结时间延至 { $date }。
    理由：{ $text }
handling-adopted = { $author }，您的建言 #{ $number } 已被采纳为优秀建言，谢谢您！
handling-adopted-note =
    { $author }，您的建言 #{ $number } 已被采纳为优秀建言，谢谢您！
    说明：{ $note }
handling-rejected =
    { $author }，您的建言 #{ $number } 不予受理。
    理由：{ $reason }
handling-merged = { $author }，您的建言 #{ $number } 与 #{ $into } 内容相近，已合并办理。
handling-rated = 谢谢您的评价！
handling-rate-expired = 这条答复已经不能评价了。
handling-reopened =
    建言 #{ $number } 的提出人对答复不满意，建言已退回您的部门整改。请整改后重新答复：/answer { $number } 答复内容
    { $text }
    { $link }
handling-rework-ask = 您对建言 #{ $number } 的答复不满意，建言已退回承办部门整改。您觉得还缺什么？可以直接回复我一句话（可不回复）。
handling-rework-reason =
    建言 #{ $number } 的提出人说明了不满意的原因：{ $reason }
    整改后请重新答复：/answer { $number } 答复内容
    { $link }
handling-rework-thanks = 谢谢，您的意见已转给承办部门（建言 #{ $number }）。
handling-rework-escalated =
    ⚠️ 建言 #{ $number }（{ $departments }）的提出人第 { $count } 次对答复不满意，请分管领导督促整改。
    { $text }
    { $link }

handling-office-none = 群主或管理员
handling-card-yellow =
    🟨 黄牌警示：建言 #{ $number }（{ $departments }）于 { $since } 提出，已超过 { $age }未答复。请尽快答复：/answer { $number } 答复内容，或先回复办理进度：/progress { $number } 日期 内容
    { $text }
    { $link }
handling-card-red =
    🟥 红牌督办：建言 #{ $number }（{ $departments }）于 { $since } 提出，已超过 { $age }未答复，{ $told ->
        [no] { $leaders ->
            [yes] 已告知分管领导，群主或管理员未能收到通知
           *[no] 群主或管理员未能收到通知
        }
       *[yes] { $leaders ->
            [yes] 已告知分管领导和群主或管理员
           *[no] 已告知群主或管理员
        }
    }。请立即办理：/answer { $number } 答复内容
    { $text }
    { $link }
handling-card-urge =
    📮 催办通知单（{ $office }）：建言 #{ $number }（{ $departments }）于 { $since } 提出，已超过 { $age }未答复，现予催办，请承办部门及分管领导立即办理：/answer { $number } 答复内容
    { $text }
    { $link }
handling-urge-copy =
    抄送：
    { $notice }
handling-promise-yellow =
    🟨 黄牌警示：建言 #{ $number }（{ $departments }）承诺 { $date } 前办结，期限已过仍未办结。请尽快办结答复：/answer { $number } 答复内容，或写明理由延期：/progress { $number } 新日期 理由
    { $text }
    { $link }
handling-promise-red =
    🟥 红牌督办：建言 #{ $number }（{ $departments }）承诺 { $date } 前办结，已逾期 { $age }，已告知分管领导和群主或管理员。请立即办结答复：/answer { $number } 答复内容
    { $text }
    { $link }

handling-draft-approve = 同意发布
handling-draft-return = 退回修改
handling-draft-review = { $kind ->
        [progress] 📝 待审核的阶段性回复（承诺 { $date } 前办结）
       *[answer] 📝 待审核的办结答复
    }：建言 #{ $number }（{ $departments }）
    { $text }
    —— 建言原文：{ $proposal }
    { $link }
handling-draft-sent = 您的部门需要审核：回复已作为草稿送分管领导审核（建言 #{ $number }），同意后才会发布到群里。
handling-draft-pending = 建言 #{ $number } 已有一份草稿在等待审核，请等分管领导处理后再提交。
handling-draft-gone = 这份草稿已经不存在了。
handling-draft-decided = 这份草稿（建言 #{ $number }）已经处理过了。
handling-draft-note-asked = 请在私聊中写明退回意见。
handling-draft-note = 请直接回复我一句话，写明退回修改的意见（建言 #{ $number } 的草稿）。
handling-draft-approved = 您为建言 #{ $number } 提交的草稿已审核同意，已发布到群里。
handling-draft-approved-done = 已同意发布（建言 #{ $number }）。
handling-draft-returned =
    您为建言 #{ $number } 提交的草稿被退回修改。
    意见：{ $note }
    修改后请重新提交：{ $command } ……
handling-draft-returned-done = 已退回修改，意见已转给经办人（建言 #{ $number }）。
handling-draft-void = 您为建言 #{ $number } 提交的草稿未能发布：{ $reason }

handling-history-title = 建言 #{ $number } 办理记录（{ $state }）：{ $text }
handling-history-created = { $at } { $who }：提出建言
handling-history-item = { $at } { $who }：{ $what }
handling-step-assign = 分派给{ $department }
handling-step-assign-why = 分派给{ $department }（{ $detail }）
handling-step-refer = 转办{ $department }
handling-step-refer-why = 转办{ $department }（{ $detail }）
handling-step-accept = 受理（{ $department }）
handling-step-answer = 办结答复（{ $department }）：{ $detail }{ $approval }
handling-step-answer-rework = 整改答复（{ $department }）：{ $detail }{ $approval }
handling-step-progress = 阶段性回复（{ $department }），承诺 { $date } 前办结：{ $detail }{ $approval }
handling-step-progress-extended = 延期至 { $date }（{ $department }），理由：{ $detail }{ $approval }
handling-step-approval = （{ $who } 审核同意）
handling-step-draft = 提交审核（{ $department }）：{ $detail }
handling-step-returned = 退回修改：{ $detail }
handling-step-adopt = 采纳为优秀建言{ $detail }
handling-step-rework_reason = 不满意的原因：{ $detail }
handling-step-escalated = 第 { $detail } 次不满意，已告知分管领导
handling-step-promise_card = 承诺逾期，发出{ $detail }
handling-step-reject = 不予受理，理由：{ $detail }
handling-step-merge = 合并到 #{ $into }
handling-step-merge-why = 合并到 #{ $into }（{ $detail }）
handling-step-close = 办结（{ $department }）
handling-step-rate = 评价：{ $detail }
handling-step-reopen = 重新办理：{ $detail }
handling-step-card = 发出{ $detail }
