moderation-need-target = Reply to a message of the member concerned with this command, or give their user id after it, e.g. /ban 123456.
moderation-unknown-user = I cannot find user { $id }. Check the id, or reply to one of their messages instead.
moderation-protected = { $name } is a moderator and cannot be warned, muted or banned.
moderation-warned = { $name } has been warned ({ $count }/{ $limit }). Reason: { $reason }. Please follow the group rules: { $limit } warnings mean a mute.
moderation-warned-muted = { $name } has reached { $limit } warnings and is muted until { $until }; the warnings start over. Reason: { $reason }.
moderation-unwarned = One warning of { $name } taken back; they now have { $count }/{ $limit }.
moderation-muted = { $name } is muted for { $duration }, until { $until }.
moderation-unmuted = { $name } is no longer muted and may write again.
moderation-banned = { $name } has been removed from the group and may not rejoin. Reason: { $reason }.
moderation-unbanned = { $name } is no longer banned and may rejoin the group.
moderation-mute-refused = { $code ->
    [too_short] The mute "{ $value }" is too short: at least 30 seconds (Telegram treats shorter mutes as forever).
    [too_long] The mute "{ $value }" is too long: at most 366 days (Telegram treats longer mutes as forever).
   *[invalid] I cannot read the duration "{ $value }". Write a number and a unit, e.g. /mute 30m, /mute 2h, /mute 1d or /mute 1d12h.
}
moderation-failed = That did not work; please try again later.
moderation-failed-rights = That did not work: I lack an administrator right in this group. The moderators have been told.
moderation-flood-muted = { $name } is sending too many messages and is muted for { $duration }. Please write again later.
moderation-reason-none = none given
moderation-reason-banned-word = the message contained a banned word and was deleted
moderation-reason-flood = flooding
moderation-reason-warn-limit = too many warnings
moderation-report-how = Reply to the message you want to report, then send /report.
moderation-report-thanks = Thank you, the moderators have been told.
moderation-report-already = Thank you, this message has already been reported; the moderators will look at it.
moderation-report-notice =
    A member of "{ $title }" reported a message:
    Reported by: { $reporter }
    Written by: { $reported }
    Text: { $excerpt }
    Open: { $link }
moderation-rights-missing =
    In "{ $title }" I lack these administrator rights:
    { $rights }
    Please grant them in the group settings → Administrators; without them I cannot delete banned words, mute members, handle join requests or set member tags.
moderation-right-line = • { $label } ({ $right })
moderation-right-can_delete_messages = Delete messages
moderation-right-can_restrict_members = Ban and restrict members
moderation-right-can_invite_users = Invite users and approve join requests
moderation-right-can_manage_tags = Manage member tags
moderation-log = [{ $action }] { $subject }, by { $actor }, reason: { $reason }{ $until }
moderation-log-until = , until { $until }
moderation-the-bot = the bot (automatic)
moderation-action-warn = Warning
moderation-action-unwarn = Warning taken back
moderation-action-mute = Mute
moderation-action-unmute = Mute lifted
moderation-action-ban = Ban
moderation-action-unban = Ban lifted
moderation-action-delete = Message deleted
moderation-action-report = Report
correct-usage = Reply to the message to correct with /correct TEXT; add -d to delete the original too, e.g. /correct -d This is not true; rely on the official notice.
correct-too-long = The clarification is too long ({ $length } characters): at most { $limit }.
correct-already = This message has already been corrected.
correct-post =
    📢 Official clarification
    { $text }
correct-failed = The clarification could not be posted; please check that I may write in the group and try again.
correct-not-pinned = Note: the clarification is posted but could not be pinned (the "Pin messages" right is needed).
correct-not-deleted = Note: the original could not be deleted (the "Delete messages" right is needed).
correct-log = An official clarification was posted in "{ $title }" by { $moderator }: { $text } See: { $link }
correct-digest-title = 📢 Official clarifications ({ $count }):
correct-digest-line = • "{ $group }" { $text } { $link }
