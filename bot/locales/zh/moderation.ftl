moderation-need-target = 请回复要处理的成员的消息使用这个命令，或在命令后写上对方的用户 ID，例如 /ban 123456。
moderation-unknown-user = 找不到用户 { $id }。请确认 ID 是否正确，或回复对方的消息使用命令。
moderation-protected = { $name } 是群主或管理员，不能被警告、禁言或移出。
moderation-warned = { $name } 收到一次警告（{ $count }/{ $limit }）。原因：{ $reason }。请遵守群规，警告满 { $limit } 次将被禁言。
moderation-warned-muted = { $name } 的警告已满 { $limit } 次，禁言至 { $until }，警告次数清零。原因：{ $reason }。
moderation-unwarned = 已为 { $name } 撤销一次警告，现有警告 { $count }/{ $limit }。
moderation-muted = { $name } 已被禁言 { $duration }，至 { $until }。
moderation-unmuted = { $name } 已解除禁言，可以正常发言了。
moderation-banned = { $name } 已被移出本群并禁止再加入。原因：{ $reason }。
moderation-unbanned = 已解除对 { $name } 的封禁，对方可以重新加入本群。
moderation-mute-refused = { $code ->
    [too_short] 禁言时长“{ $value }”太短：至少 30 秒（Telegram 会把更短的禁言当作永久）。
    [too_long] 禁言时长“{ $value }”太长：最多 366 天（Telegram 会把更长的禁言当作永久）。
   *[invalid] 无法识别时长“{ $value }”。请写成数字加单位，例如 /mute 30m、/mute 2h、/mute 1d 或 /mute 1d12h。
}
moderation-failed = 操作没有成功，请稍后再试。
moderation-failed-rights = 操作没有成功：我在本群缺少所需的管理权限，已通知管理员。
moderation-flood-muted = { $name } 发言过于频繁，已被禁言 { $duration }。请稍后再发言。
moderation-reason-none = 未说明
moderation-reason-banned-word = 消息含有违禁词，已删除
moderation-reason-flood = 刷屏
moderation-reason-warn-limit = 警告次数已满
moderation-report-how = 请回复要报告的消息，再发送 /report。
moderation-report-thanks = 谢谢，已通知管理员处理。
moderation-report-already = 谢谢，这条消息已经有人报告过，管理员会处理。
moderation-report-notice =
    「{ $title }」有成员报告了一条消息：
    报告人：{ $reporter }
    发送人：{ $reported }
    内容：{ $excerpt }
    查看消息：{ $link }
moderation-rights-missing =
    我在「{ $title }」缺少以下管理权限：
    { $rights }
    请在群设置 → 管理员中为我开启，否则删除违禁消息、禁言、审核入群或设置成员标签将无法进行。
moderation-right-line = • { $label }（{ $right }）
moderation-right-can_delete_messages = 删除消息
moderation-right-can_restrict_members = 封禁和限制成员
moderation-right-can_invite_users = 邀请成员和审核入群申请
moderation-right-can_manage_tags = 管理成员标签
moderation-log = 【{ $action }】{ $subject }，执行：{ $actor }，原因：{ $reason }{ $until }
moderation-log-until = ，至 { $until }
moderation-the-bot = 机器人（自动）
moderation-action-warn = 警告
moderation-action-unwarn = 撤销警告
moderation-action-mute = 禁言
moderation-action-unmute = 解除禁言
moderation-action-ban = 封禁
moderation-action-unban = 解除封禁
moderation-action-delete = 删除消息
moderation-action-report = 报告
correct-usage = 请回复要澄清的消息，发送 /correct 澄清内容；加 -d 同时删除原消息，例如 /correct -d 此消息不实，正式通知以官方发布为准。
correct-too-long = 澄清内容太长（{ $length } 字）：最多 { $limit } 字。
correct-already = 这条消息已经澄清过了。
correct-post =
    📢 官方澄清
    { $text }
correct-failed = 澄清未能发布，请确认我在群里有发言权限后重试。
correct-not-pinned = 注意：澄清已发布，但未能置顶（需要“置顶消息”权限）。
correct-not-deleted = 注意：原消息未能删除（需要“删除消息”权限）。
correct-log = 「{ $title }」发布了官方澄清，执行：{ $moderator }。内容：{ $text } 查看：{ $link }
correct-digest-title = 📢 官方澄清（{ $count } 条）：
correct-digest-line = • 「{ $group }」{ $text } { $link }
