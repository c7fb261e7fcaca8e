# Removing long-silent members, and the waiting list of join requests
pruning-warning =
    { $members }
    { $count ->
        [one] This member has
       *[other] These { $count } members have
    } not spoken in the group for a long time. The group removes long-silent members to free seats for people waiting to join.
    To stay, please say something in the group — anything will do — before { $deadline }.
pruning-warning-line = { $member } (silent for { $inactive })
pruning-days =
    { $n ->
        [one] 1 day
       *[other] { $n } days
    }
pruning-hours =
    { $n ->
        [one] 1 hour
       *[other] { $n } hours
    }
pruning-minutes =
    { $n ->
        [one] 1 minute
       *[other] { $n } minutes
    }
pruning-removed-notice = Removed { $member } from { $group }: silent for { $inactive }, last spoke { $last_active }, warned beforehand. They may ask to join again.
pruning-preview = { $group }, pruning preview: { $remove } to be removed, { $warn } to be warned.
pruning-preview-capacity = Capacity { $capacity }, { $reserve } seats kept free, { $count } members now.
pruning-preview-remove = To be removed (warned, still silent):
pruning-preview-warn = To be warned:
pruning-preview-line = • { $name } (id { $id }): silent for { $inactive }, last spoke { $last_active }
pruning-preview-more = …and { $n } more
pruning-preview-none = Nobody needs to be warned or removed now.
pruning-preview-hint = Send /prune now to do it.
pruning-done = Done: { $warned } warned, { $removed } removed.
pruning-request-approved = Your request to join “{ $group }” is approved. Welcome! The group uses real names: please name yourself “name-unit”, e.g. 张三-海淀区.
pruning-request-queued = “{ $group }” is full, so your request is on the waiting list, number { $position }. Requests are approved in order as seats free up. To hear from me when your turn comes, send /start here.
pruning-request-name-hint = Please note: your name “{ $name }” { $problem }. The group uses real names: before your turn, change your Telegram name to “name-unit”, e.g. 张三-海淀区, or the request cannot be approved.
pruning-request-admitted = A seat is free: your request to join “{ $group }” is approved. Welcome!
pruning-request-declined = Sorry: a seat in “{ $group }” is free, but your name “{ $name }” { $problem }, and the group uses real names, so this request could not be approved. Change your Telegram name to “name-unit” (e.g. 张三-海淀区) and ask to join again through the invite link.
pruning-name-problem =
    { $reason ->
        [missing_separator] has no separator (such as “-”) between name and unit
        [missing_unit] has no unit or place
        [missing_name] has no name
        [name_too_short] has a name that is too short
        [name_too_long] has a name that is too long
        [unit_too_short] has a unit that is too short
        [unit_too_long] has a unit that is too long
        [unit_not_allowed] has a unit that is not on the group's list
        [invalid_characters] contains symbols that names cannot carry
       *[other] does not read “name-unit”
    }
