# 征求意见：帖子、提醒、结束、摘要和结论
consult-tag = 征求意见{ $number }
consult-background = 背景：{ $text }
consult-post =
    📣 征求意见 { $tag }
    话题：#{ $topic }
    { $question }
    { $background }
    截止时间：{ $closes }
    欢迎直接回复本消息发表意见，或在消息中带上 { $tag }。
consult-usage =
    用法：/consult 话题 截止 内容
    截止可以是时长（如 3d、12h）或日期（如 2026-12-31、12-31）。
    内容第一行是要征求意见的问题，其后各行是背景说明。
    如需附投票，另起一行写：投票：选项一 | 选项二 | 选项三
consult-refused = 抱歉，只有部门工作人员和本群管理员可以发起征求意见。
consult-error-usage = 请写明话题、截止时间和内容。
consult-error-bad_closes = 无法识别截止时间“{ $value }”：请写时长（如 3d、12h）或日期（如 2026-12-31、12-31）。
consult-error-too_soon = 截止时间“{ $value }”太近：征求意见至少持续 1 分钟。
consult-error-too_far = 截止时间“{ $value }”太远：征求意见最长 { $days } 天。
consult-error-topic_too_long = 话题太长：最多 { $limit } 个字。
consult-error-text_too_long = 内容太长（{ $length } 字）：问题和背景合计最多 { $limit } 字。
consult-error-poll_question_too_long = 投票的问题（内容第一行）长 { $length } 字：Telegram 要求 1–{ $limit } 字。
consult-error-poll_options_count = 投票有 { $count } 个选项：Telegram 要求 { $low }–{ $high } 个。
consult-error-poll_option_too_long = 投票选项“{ $option }…”太长：每个选项最多 { $limit } 字。
consult-error-poll_option_repeated = 投票选项有重复，请逐一写不同的选项。
consult-error-not_yours = 征求意见 #{ $number } 由其他工作人员发起，只有发起人可以发布结论。
consult-error-still_open = 征求意见 #{ $number } 尚未结束，结束后才能发布结论。
consult-error-already_concluded = 征求意见 #{ $number } 已经发布过结论。
consult-error-unknown = 征求意见 #{ $number } 还没有在群里发布。
consult-error-conclusion_empty = 请在编号后写上结论：/conclude { $number } 结论内容
consult-error-conclusion_too_long = 结论太长（{ $length } 字）：最多 { $limit } 字。
consult-which-group = 要在哪个群征求意见？请选择：
consult-group-chosen = 好的，正在发布。
consult-already-opened = { $tag } 已经发布过了。
consult-not-posted = 未能在「{ $group }」发布征求意见，请确认我在群里有发言权限后重试。
consult-not-pinned = 注意：未能置顶，请在群设置中为我开启“置顶消息”权限。
consult-no-poll = 注意：投票未能发出。
consult-opened = 已在「{ $group }」发布征求意见 { $tag }，截止 { $closes }。结束后您会收到意见汇总，之后用 /conclude { $number } 结论 发布结论。
consult-reminder = ⏰ 征求意见 { $tag } 将于 { $closes } 结束，目前已收到 { $count } 条意见。还没发表意见的朋友请抓紧：{ $question }
consult-closed = 征求意见已结束，共收到 { $count } 条意见。感谢大家参与！{ $tag }
consult-summary-title = 📊 征求意见 { $tag }「{ $question }」已结束，共收到 { $count } 条意见。
consult-summary-poll = 投票结果（{ $voters } 人参与）：
consult-summary-poll-option = • { $option }：{ $votes } 票
consult-summary-topic = 【{ $topic }】{ $count } 条
consult-summary-other = 其他
consult-author = { $name }（{ $unit }）
consult-summary-opinion = { $rank }. { $name }：{ $text }（👍 { $supports }）{ $link }
consult-summary-next = 请用 /conclude { $number } 结论 发布结论，结论将在群里置顶。
consult-conclude-usage = 用法：/conclude 编号 结论内容
consult-unknown = 没有编号为 { $number } 的征求意见。
consult-conclusion-in-review = 征求意见 #{ $number } 的结论已提交审核，审核通过后发布。
consult-conclusion =
    📌 征求意见 { $tag } 结论
    问题：{ $question }
    共收到 { $count } 条意见。
    { $text }
consult-conclusion-posted = 征求意见 #{ $number } 的结论已在群里发布并置顶。
consult-conclusion-not-posted = 征求意见 #{ $number } 的结论已记录，但未能在群里发布，请稍后重试或联系管理员。
consult-digest-title = 🗳 征求意见（{ $count } 项）：
consult-digest-line = • { $tag }「{ $group }」{ $question } — { $state }，{ $count } 条意见，截止 { $closes }
consult-state = { $state ->
    [open] 进行中
    [closed] 已结束，待发布结论
    [concluded] 已发布结论
   *[other] 草稿
}
