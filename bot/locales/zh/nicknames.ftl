# 实名制：群昵称须为「姓名-单位」

names-notice =
    { $mention }，您好！本群实行实名制，群内显示名称需为「姓名-单位」，例如：{ $example }。
    { $reason }
    在改好之前您暂时只能看、不能发言。请在 { $deadline } 前修改 Telegram 显示名称，改好后点击下方「我已改名」按钮；逾期未改将被移出本群（改好名字后可以重新加入）。
    我如何保存和删除您的姓名、单位：私聊我发送 /privacy。
names-notice-register = 也可以私聊我发送「/iam 姓名 单位」登记实名：{ $link }
names-button-renamed = 我已改名
names-button-register = 私聊登记实名
names-example-name = 张三
names-example-unit = 海淀区

names-reason-empty = 您的显示名称是空的。
names-reason-missing-separator = 名字里缺少分隔符：请在姓名和单位之间加上其中一个：{ $separators }
names-reason-missing-name = 名字里缺少姓名。
names-reason-missing-unit = 名字里缺少单位或地名。
names-reason-name-too-short = 姓名太短，至少需要 { $min } 个字（现在 { $length } 个）。
names-reason-name-too-long = 姓名太长，最多 { $max } 个字（现在 { $length } 个）。
names-reason-unit-too-short = 单位或地名太短，至少需要 { $min } 个字（现在 { $length } 个）。
names-reason-unit-too-long = 单位或地名太长，最多 { $max } 个字（现在 { $length } 个）。
names-reason-unit-not-allowed = 本群的单位需为以下之一：{ $units }
names-reason-invalid-characters = { $part ->
        [unit] 单位
       *[name] 姓名
    }中含有表情符号、数字或其他不能使用的字符 { $char }
names-reason-recheck = 已改名，等待核对。

names-restored = { $mention }，谢谢！您的名字已符合实名要求，发言权限已恢复。
names-restored-toast = 谢谢，已恢复您的发言权限。
names-still-wrong = 名字还不符合要求：{ $reason }
names-not-yours = 这个按钮只供被提醒的成员本人使用。
names-already-ok = 您目前没有因实名被限制，无需操作。
names-try-later = 暂时无法核对，请稍后再试。

names-removed-group = { $mention } 未在期限内改为实名，已被移出本群。改好名字（姓名-单位）后欢迎重新加入。
names-removed-moderators = 已将未实名成员 { $mention }（ID { $user_id }）移出「{ $group }」。原因：{ $reason }
names-tag-right-missing = 我在「{ $group }」没有「管理成员标签」权限，无法把成员的单位显示为标签。如需显示，请为我开启这项权限。

names-list-header = 未实名成员（{ $count } 人）：
names-list-item = • { $name }（ID { $user_id }）：{ $reason } 截止：{ $deadline }
names-list-more = ……另有 { $count } 人
names-list-empty = 目前没有未实名的成员。
names-no-deadline = 未定
names-exempted = 已豁免 { $name } 的实名要求。
names-exempt-usage = 请回复要豁免的成员的消息（或我对其发出的提醒）并发送 /exempt。

names-iam-saved = 已登记：{ $name }（{ $unit }）。{ $count ->
        [0] {""}
       *[other] 已恢复您在 { $count } 个群的发言权限。
    }
names-iam-bad = 登记未成功：{ $reason } 请按「/iam 姓名 单位」发送，例如：/iam { $example }
names-iam-not-needed = 这里的群不需要登记，请直接把 Telegram 显示名称改为「姓名-单位」，例如：{ $example }。
names-iam-hint = 请发送「/iam 姓名 单位」登记实名，例如：/iam { $example }
