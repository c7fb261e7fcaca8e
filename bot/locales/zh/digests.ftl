## 每日摘要（发给部门工作人员）
digest-nothing-new = 📭 { $date }：今日无新建言，也没有待办事项。
digest-header = <b>📋 每日摘要 { $date }</b>（{ $since } — { $until }）
digest-new-heading = <b>🆕 新建言（{ $count } 件）</b>
digest-topic = <b>#{ $topic }</b>（{ $count } 件）
digest-new-item = { $ref } { $text } — { $author }（{ $unit }），{ $group }，{ $time }，附议 { $supports }
digest-open-heading = <b>⏳ 待办（{ $count } 件，最早的在前）</b>
digest-open-item = { $ref } { $text } — 已等 { $days } 天 { $card }
digest-promise = 承诺 { $date } 前办结
digest-drafts = <b>📝 待分管领导审核的草稿 { $count } 件</b>（审核期间办理时限照常计算）
digest-card-yellow = 🟨 黄牌警示
digest-card-red = 🟥 红牌督办
digest-card-urge = 📮 催办通知
digest-rating-heading = <b>⭐ 已答复、待评价（{ $count } 件）</b>
digest-rating-item = { $ref } { $text } — 答复后 { $days } 天
digest-adopted-heading = <b>🏅 新采纳的优秀建言（{ $count } 件）</b>
digest-adopted-item = { $ref } { $text }
digest-groups-heading = <b>👥 群组动态</b>
digest-group-item = { $title }：发言 { $messages } 条，活跃 { $active } 人，入群 { $joins }，移出 { $removals }，未实名 { $name_problems } 人
digest-undeliverable = ⚠️ 今天的每日摘要无法发给 { $official }：对方还没有打开与我的私聊，或已屏蔽我。请提醒对方私聊我并发送 /start，或在配置中设置 digest.fallback_chat_id（部门工作群）。

## 每周部门办理排行
ranking-header = <b>🏆 部门办理排行 { $start } — { $end }</b>（共 { $count } 件建言）
ranking-no-proposals = 本期没有收到建言。
ranking-row = { $rank }. <b>{ $name }</b>：收到 { $received }，按时回复 { $on_time }，办结 { $answered }（办结率 { $completion }），办结用时中位数 { $median }，承诺兑现 { $kept }，满意度 { $satisfaction }，不满意 { $unsatisfied }，采纳 { $adopted }
ranking-days = { $days } 天
ranking-method = <i>统计口径：本期收到的建言，办理情况以排行生成时为准。按时回复率 = 期限内首次回复（阶段性回复或办结答复）÷ 已到期或已回复的建言（期限内未回复的不计）；办结率 = 已办结答复 ÷ 收到；用时取办结答复的中位数；承诺兑现 = 在承诺日期前办结 ÷ 已到期或已办结的承诺；满意度按 满意 1、基本满意 0.5、不满意 0 对已评价的办结答复取平均。排序：按时回复率高者在前，其次用时短者、满意度高者；数值相同者并列。本期建言少于 { $min_items } 件的部门不参与排名。</i>
ranking-unranked-heading = <b>未参与排名（少于 { $min_items } 件）</b>
ranking-unranked-row = { $name }：{ $received } 件
ranking-satisfied-heading = <b>😊 满意榜（{ $count } 件）</b>
ranking-unsatisfied-heading = <b>😞 不满意榜（{ $count } 件）</b>
ranking-list-item = { $number } { $snippet } — { $name }
ranking-chart-title = 部门办理排行 { $start } — { $end }
ranking-chart-on-time = 按时回复率
ranking-chart-satisfaction = 满意度
ranking-chart-empty = 本期没有参与排名的部门
digest-month = 📅 { $month } 月度小结：本月共收到建言 { $proposals } 件，已答复 { $answered } 件，其中已办结 { $finished } 件；{ $rated } 件答复已评价，满意度 { $satisfaction }。
