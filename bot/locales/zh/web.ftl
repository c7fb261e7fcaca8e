## 公开网页：建言公开栏与督办视图

web-site-title = 建言公开栏
web-nav-proposals = 全部建言
web-nav-ranking = 办理排行
web-other-language = English
web-footer = { $policy ->
    [name_unit] 建言、办理过程与答复依规公开；提出人显示姓名和单位。
   *[unit] 建言、办理过程与答复依规公开；提出人只显示单位。
}
web-groups-title = 建言群
web-groups-lead = 群成员提出的建言、承办部门的办理过程和答复，都在这里公开。
web-group-count = 共 { $count } 件建言
web-empty = 暂无建言。
web-supports = 附议 { $count }
web-supports-label = 附议
web-pages = 分页
web-prev = 上一页
web-next = 下一页
web-page-of = 第 { $page } / { $pages } 页
web-proposals-title = 全部建言
web-filter-topic = 话题
web-filter-state = 状态
web-filter-department = 承办部门
web-filter-card = 督办
web-filter-search = 搜索
web-filter-apply = 筛选
web-any = 全部
web-found = 共找到 { $count } 件建言
web-proposal-title = 建言 #{ $number }
web-group = 建言群
web-author = 提出人
web-submitted = 提出时间
web-answer = 答复
web-rejected = 不予受理的理由
web-merged-into = 已合并到
web-history = 办理过程
web-step-submitted = 提出建言
web-step = { $action ->
    [accept] 受理
    [assign] 转办
    [answer] 答复
    [reject] 不予受理
    [merge] 合并
    [close] 办结
    [rate] 评价
    [reopen] 重新办理
   *[card] 督办提醒
}
web-ranking-title = 部门办理排行
web-period = { $period ->
    [week] 近 7 天
   *[month] 近 30 天
}
web-ranking-period = 统计期 { $start } — { $end }，共 { $count } 件建言
web-chart-title = 各部门按时答复率
web-chart-axis = 按时答复率
web-chart-caption = 按时答复率，{ $start } — { $end }
web-col-rank = 名次
web-col-department = 部门
web-col-received = 收到
web-col-answered = 已答复
web-col-on-time = 按时率
web-col-satisfaction = 满意度
web-col-number = 编号
web-col-card = 督办
web-col-days = 已等天数
web-col-act = 办理命令
web-col-text = 建言内容
web-ranking-none = 本期没有参与排名的部门。
web-unranked = 建言少于 { $min_items } 件、不参与排名的部门
web-satisfied-list = 满意榜（{ $count }）
web-unsatisfied-list = 不满意榜（{ $count }）
web-ranking-method = 统计口径：本期收到的建言，办理情况以页面生成时为准。按时率 = 按时答复 ÷ 已到期或已答复的建言（期限内未答复的不计）；满意度按 满意 1、基本满意 0.5、不满意 0 对已评价的建言取平均。排序：按时率高者在前，其次用时短者、满意度高者；数值相同者并列。本期建言少于 { $min_items } 件的部门不参与排名。
web-department-month = 近 30 天：收到 { $received } 件，已答复 { $answered } 件，按时率 { $on_time }，满意度 { $satisfaction }。
web-department-proposals = 本部门承办的建言（{ $count }）
web-error-title = { $code ->
    [404] 页面不存在
   *[other] 页面暂时打不开
}
web-error-text = { $code ->
    [404] 您要找的页面不存在，可能编号有误。
   *[other] 服务器出了点问题，请稍后再试。
}
web-app-button = 督办视图
web-app-title = 督办视图
web-app-loading = 正在读取……
web-app-denied = 无法确认您的身份，请从与机器人的私聊中重新打开。
web-app-empty = 目前没有超期未答复的建言。
web-app-open-in-telegram = 请在 Telegram 中，从与机器人的私聊里打开本页面。
web-app-csv = 导出 CSV
## 征求意见
web-nav-consultations = 征求意见
web-consultations-title = 征求意见
web-consultations-lead = 部门就群里关心的问题向成员征求意见；意见按话题汇总，截止后公布结论。
web-consultations-found = 共 { $count } 次征求意见
web-consultations-empty = 暂无征求意见。
web-consultation-title = 征求意见 #{ $number }
web-consultation-state = { $state ->
    [open] 征求中
    [closed] 已截止
   *[concluded] 已公布结论
}
web-consultation-closes = { $state ->
    [open] { $date } 截止
   *[other] 已于 { $date } 截止
}
web-consultation-opened = 发布时间
web-consultation-deadline = 截止时间
web-consultation-background = 背景
web-consultation-conclusion = 结论
web-opinions = { $count } 条意见
web-opinions-label = 意见
web-opinions-title = 收到的意见（{ $count }）
web-opinions-other = 其他
web-opinions-empty = 暂无意见。
web-opinion-supports = 赞同 { $count }
web-poll-title = 投票结果（{ $voters } 人参与）
web-poll-votes = { $votes } 票
