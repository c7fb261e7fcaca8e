# 清退长期不发言的成员，以及入群申请的等候名单
pruning-warning =
    { $members }
    以上 { $count } 位成员已较长时间没有在群里发言。本群会清退长期不发言的成员，把名额留给排队等候的人。
    如想留在群里，请在 { $deadline } 之前在群里说句话，任何内容都可以。
pruning-warning-line = { $member }（已 { $inactive } 未发言）
pruning-days = { $n } 天
pruning-hours = { $n } 小时
pruning-minutes = { $n } 分钟
pruning-removed-notice = 已清退 { $member }（{ $group }）：已 { $inactive } 未发言，最后发言于 { $last_active }，此前已提醒。对方可以重新申请加入。
pruning-preview = { $group } 清退预览：将清退 { $remove } 人，将提醒 { $warn } 人。
pruning-preview-capacity = 名额上限 { $capacity } 人，预留 { $reserve } 个空位，目前 { $count } 人。
pruning-preview-remove = 将清退（已提醒，仍未发言）：
pruning-preview-warn = 将提醒：
pruning-preview-line = • { $name }（ID { $id }）：已 { $inactive } 未发言，最后发言于 { $last_active }
pruning-preview-more = ……另有 { $n } 人
pruning-preview-none = 目前没有需要提醒或清退的成员。
pruning-preview-hint = 发送 /prune now 立即执行。
pruning-done = 已执行：提醒 { $warned } 人，清退 { $removed } 人。
pruning-request-approved = 您加入“{ $group }”的申请已通过，欢迎！本群实行实名制，请使用“姓名-单位”格式的名字，例如 张三-海淀区。
pruning-request-queued = “{ $group }”目前已满员，您的申请已进入等候名单，排在第 { $position } 位。有空位时会按顺序通过。想在轮到您时收到通知，请在这里发送 /start。
pruning-request-name-hint = 请注意：您现在的名字“{ $name }”{ $problem }。本群实行实名制，请在轮到您之前把 Telegram 名字改为“姓名-单位”，例如 张三-海淀区，否则申请将不能通过。
pruning-request-admitted = 有空位了：您加入“{ $group }”的申请已通过，欢迎！
pruning-request-declined = 抱歉，“{ $group }”有空位了，但您的名字“{ $name }”{ $problem }。本群实行实名制，所以这次申请未能通过。请把 Telegram 名字改为“姓名-单位”（例如 张三-海淀区）后，再次通过邀请链接申请加入。
pruning-name-problem =
    { $reason ->
        [missing_separator] 缺少姓名和单位之间的分隔符（如“-”）
        [missing_unit] 缺少单位或小地名
        [missing_name] 缺少姓名
        [name_too_short] 中的姓名太短
        [name_too_long] 中的姓名太长
        [unit_too_short] 中的单位太短
        [unit_too_long] 中的单位太长
        [unit_not_allowed] 中的单位不在本群的单位名单里
        [invalid_characters] 含有不能用在名字里的符号
       *[other] 不符合“姓名-单位”的格式
    }
