# Real names: a member's name must read "name-unit"

names-notice =
    Hello { $mention }! This group uses real names: your display name must read "name-unit", for example: { $example }.
    { $reason }
    Until then you can read but not post. Please change your Telegram display name by { $deadline } and then press "I have renamed" below; otherwise you will be removed from the group (you may rejoin with a proper name).
    How I keep and erase your name and unit: send /privacy to me in a private chat.
names-notice-register = You can also register your real name by sending "/iam NAME UNIT" to me in a private chat: { $link }
names-button-renamed = I have renamed
names-button-register = Register privately
names-example-name = 张三
names-example-unit = 海淀区

names-reason-empty = Your display name is empty.
names-reason-missing-separator = Your name has no separator: put one of these between your name and your unit: { $separators }
names-reason-missing-name = Your name is missing.
names-reason-missing-unit = Your unit or place is missing.
names-reason-name-too-short = Your name is too short: at least { $min } characters (now { $length }).
names-reason-name-too-long = Your name is too long: at most { $max } characters (now { $length }).
names-reason-unit-too-short = Your unit is too short: at least { $min } characters (now { $length }).
names-reason-unit-too-long = Your unit is too long: at most { $max } characters (now { $length }).
names-reason-unit-not-allowed = In this group the unit must be one of: { $units }
names-reason-invalid-characters = Your { $part ->
        [unit] unit
       *[name] name
    } contains an emoji, digits only or another character that cannot be used { $char }
names-reason-recheck = Renamed, waiting to be checked.

names-restored = Thank you, { $mention }! Your name now follows the real-name rule and you can post again.
names-restored-toast = Thank you, you can post again.
names-still-wrong = Your name does not comply yet: { $reason }
names-not-yours = This button is only for the member who was asked to rename.
names-already-ok = You are not restricted for your name; nothing to do.
names-try-later = I cannot check right now, please try again later.

names-removed-group = { $mention } did not change to a real name in time and was removed from the group. You are welcome to rejoin with a name like "name-unit".
names-removed-moderators = Removed { $mention } (ID { $user_id }) from "{ $group }" for not using a real name. Reason: { $reason }
names-tag-right-missing = I lack the "manage tags" right in "{ $group }", so I cannot show members' units as tags. Grant me that right if you want them shown.

names-list-header = Members without a real name ({ $count }):
names-list-item = • { $name } (ID { $user_id }): { $reason } Deadline: { $deadline }
names-list-more = …and { $count } more
names-list-empty = Every member follows the real-name rule.
names-no-deadline = none
names-exempted = { $name } is now exempt from the real-name rule.
names-exempt-usage = Reply to a message of the member to exempt (or to my notice about them) with /exempt.

names-iam-saved = Registered: { $name } ({ $unit }).{ $count ->
        [0] {""}
       *[other] {" "}You can post again in { $count } group(s).
    }
names-iam-bad = Registration failed: { $reason } Please send "/iam NAME UNIT", for example: /iam { $example }
names-iam-not-needed = No registration is needed here: change your Telegram display name to "name-unit", for example: { $example }.
names-iam-hint = Send "/iam NAME UNIT" to register your real name, for example: /iam { $example }
