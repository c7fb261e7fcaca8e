# 建言征集：识别、编号、附议、/my 与 /proposal
proposal-ack =
    已收到您的建言，编号第 { $number } 号。
    话题：{ $topics }
    赞同的成员请点击下方「附议」。
proposal-no-topics = 未标注（由群主或管理员分派）
proposal-support-button = 附议 ({ $count })
proposal-support-added = 您已附议第 { $number } 号建言。
proposal-support-withdrawn = 您已撤回对第 { $number } 号建言的附议。
proposal-support-own = 不能附议自己提出的建言。
proposal-support-members-only = 只有本群成员可以附议本群的建言。
proposal-support-closed = 第 { $number } 号建言已不再接受附议。
proposal-too-short = 建言内容太短，至少需要 { $min } 个字（话题标签和标点不计）。请补充具体内容后重新发送。
proposal-empty = 请在话题标签或 /propose 后写下建言内容，例如：#人才 建议设立青年人才公寓，降低租房成本
proposal-duplicate = 您在一天内已提交过相同内容的建言（第 { $number } 号），无需重复提交。可以请其他成员附议。
proposal-already = 这条消息已经是第 { $number } 号建言。
proposal-not-a-person = 只能把成员发的消息转为建言。
proposal-propose-usage = 用法：/propose 建言内容；管理员也可以回复一条消息发送 /propose，把它转为建言。
proposal-propose-in-group = 请在建言群里提出建言：发送带话题标签的消息（例如 #人才 建议……），或发送 /propose 建言内容。
proposal-my-none = 您还没有提出建言。在群里发送带话题标签的消息（例如 #人才 建议……）即可提出。
proposal-my-header = 您的建言（共 { $count } 条，显示最近 { $shown } 条）：
proposal-my-line = 第 { $number } 号 · { $topics } · { $state } · 附议 { $supports }
proposal-author = { $name }（{ $unit }）
proposal-author-hidden = （仅本群成员和承办部门可见）
proposal-show =
    建言第 { $number } 号（{ $state }）
    提出人：{ $author }
    话题：{ $topics }
    时间：{ $created }
    附议：{ $supports }
    原文：{ $link }

    { $text }
proposal-show-answer = 答复：{ $answer }
proposal-show-merged = 已合并到第 { $into } 号建言。
proposal-show-rejected = 不予受理的理由：{ $reason }
proposal-show-usage = 用法：/proposal 编号，例如 /proposal 12
proposal-unknown = 没有第 { $number } 号建言，请检查编号。
proposal-status-line = 进度：{ $state } · 承办：{ $departments }
proposal-status-unassigned = 待分派
proposal-status-card = 督办：{ $card }
proposal-status-answer = 答复：{ $link }
proposal-status-rating = 评价：{ $rating }
proposal-status =
    建言第 { $number } 号：{ $text }
    { $status }
proposal-status-usage = 用法：/status 编号，例如 /status 12
proposal-card-public = 建言 #{ $number } 已超过 { $waited }未答复，{ $departments }收到{ $card }。
proposal-waited = { $days ->
    [0] { $hours ->
        [0] { $minutes } 分钟
       *[other] { $hours } 小时
    }
   *[other] { $days } 天
}
follow-answer =
    您附议的建言 #{ $number } 已由{ $department }答复：
    建言：{ $proposal }
    答复：{ $answer }
    查看：{ $link }
follow-answer-author =
    您的建言 #{ $number } 已由{ $department }答复：
    建言：{ $proposal }
    答复：{ $answer }
    请在群里为答复评价：{ $link }
follow-turn-off = 不再接收附议建言的答复
follow-turn-on = 恢复接收附议建言的答复
follow-off = 好的，今后不再私信告诉您附议建言的答复。
follow-on = 好的，今后会私信告诉您附议建言的答复。
