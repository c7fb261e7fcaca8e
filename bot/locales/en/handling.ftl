## Handling within deadlines: routing, referral, replies and final answers, ratings and rework, review, adoption, yellow card / red card / urge notice

handling-age = { $unit ->
    [days] { $count ->
        [one] 1 day
       *[other] { $count } days
    }
    [hours] { $count ->
        [one] 1 hour
       *[other] { $count } hours
    }
    [minutes] { $count ->
        [one] 1 minute
       *[other] { $count } minutes
    }
   *[seconds] { $count ->
        [one] 1 second
       *[other] { $count } seconds
    }
}
handling-state = { $state ->
    [submitted] awaiting acceptance
    [accepted] in progress
    [answered] answered
    [closed] closed
    [rejected] not accepted
   *[merged] merged
}
handling-card-name = { $level ->
    [0] no card
    [1] yellow card
    [2] red card
   *[3] urge notice
}
handling-rating = { $rating ->
    [satisfied] Satisfied
    [basic] Mostly satisfied
   *[unsatisfied] Not satisfied
}
handling-bot = the bot

handling-author = { $name } ({ $unit })
handling-author-hidden = the author
handling-new =
    New proposal #{ $number } (topics: { $topics }) has been sent to { $departments }.
    From: { $author }
    { $text }
    { $link }
    Accept: /accept { $number }   Progress reply: /progress { $number } DATE TEXT   Final answer: /answer { $number } your answer
handling-unrouted =
    Proposal #{ $number } matches no department. Please assign it: send me privately /assign { $number } department-id.
    Departments: { $departments }
    { $text }
    { $link }
handling-no-private = { $official } of { $departments } has not opened a private chat with me and cannot receive proposals. Please ask them to open a chat with me in Telegram and send /start.

handling-usage-accept = Usage: /accept NUMBER, e.g. /accept 12
handling-usage-close = Usage: /close NUMBER, e.g. /close 12
handling-usage-answer = Usage: /answer NUMBER TEXT (the final answer; the author rates it), e.g. /answer 12 It is in next year's plan
handling-usage-progress = Usage: /progress NUMBER DATE TEXT (an interim reply; DATE is the promised completion, 2026-12-20 or 12-20), e.g. /progress 12 12-20 Accepted and in progress, to be finished by 20 December
handling-usage-adopt = Usage: /adopt NUMBER [note], e.g. /adopt 12 One of next year's priorities
handling-usage-reject = Usage: /reject NUMBER REASON, e.g. /reject 12 Not a city matter
handling-usage-merge = Usage: /merge NUMBER TARGET, e.g. /merge 12 9 (merges #12 into #9)
handling-usage-history = Usage: /history NUMBER, e.g. /history 12
handling-usage-assign =
    Usage: /assign NUMBER DEPARTMENT-ID [reason], e.g. /assign 12 talent
    Departments: { $departments }
handling-not-official = Sorry, this command is for department officials.
handling-not-leader = Sorry, only a leader in charge of the department or a moderator can do this.
handling-bad-date = “{ $date }” is not a valid date. Please give the promised completion date, e.g. /progress { $number } 2026-12-20 TEXT or /progress { $number } 12-20 TEXT.

handling-refused-domain_error = Sorry, proposal #{ $number } cannot be handled this way now.
handling-refused-changed = Proposal #{ $number } was just handled by someone else. Please check /history { $number } and try again.
handling-department = { $id } ({ $name })
handling-refused-unknown_proposal = There is no proposal #{ $number }. Please check the number.
handling-refused-not_your_department = Proposal #{ $number } is not assigned to your department, so you cannot handle it. Ask a moderator to refer it if needed.
handling-refused-not_moderator = Sorry, only the assigned department or a moderator can do this to proposal #{ $number }.
handling-refused-not_leader = Sorry, only a leader in charge of the assigned department or a moderator can adopt proposal #{ $number }.
handling-refused-already_adopted = Proposal #{ $number } has already been adopted.
handling-refused-promise_required = Please give the promised completion date: /progress { $number } DATE TEXT
handling-refused-promise_past = The promised completion date cannot be before today. Please try again: /progress { $number } DATE TEXT
handling-refused-promise_not_later = An extension must promise a later date than before, with the reason: /progress { $number } NEW-DATE REASON
handling-refused-not_author = Only the member who made this proposal can rate the answer.
handling-refused-closed = Proposal #{ $number } is closed and cannot be handled any more.
handling-refused-terminal = Proposal #{ $number } was not accepted or was merged and cannot be handled any more.
handling-refused-already_accepted = Proposal #{ $number } has already been accepted. You can reply with progress: /progress { $number } DATE TEXT, or give the final answer: /answer { $number } your answer
handling-refused-already_answered = Proposal #{ $number } has already been answered.
handling-refused-not_answered = Proposal #{ $number } has not been answered yet.
handling-refused-already_rated = You have already rated this answer. Thank you.
handling-refused-already_assigned = Proposal #{ $number } is already with this department.
handling-refused-same_proposal = Proposal #{ $number } cannot be merged into itself.
handling-refused-merge_target_closed = The target proposal is no longer open. Please choose one that is still being handled.
handling-refused-merge_target_required = Please say which proposal to merge into: /merge { $number } TARGET
handling-refused-unknown_department =
    There is no such department. Departments: { $departments }
    Usage: /assign { $number } department-id
handling-refused-reason_required = Please give a reason: /reject { $number } REASON
handling-refused-text_required = Please write the text: /answer { $number } your answer, or /progress { $number } DATE TEXT
handling-refused-invalid_rating = That rating is not valid. Please use the buttons.

handling-queue-empty = Your department has no open proposals.
handling-queue-title = { $count } open proposals (oldest first):
handling-queue-item = #{ $number } [{ $state }]{ $card } · waiting { $age } — { $text }
handling-queue-promise = promised by { $date }
handling-queue-more = …and { $count } more.

handling-done-accept = Proposal #{ $number } accepted. Please reply in time: /progress { $number } DATE TEXT (an interim reply) or /answer { $number } your answer (the final answer)
handling-done-assign = Proposal #{ $number } has been referred to { $department }; they have been told.
handling-done-answer = Proposal #{ $number } answered and finished. The answer is posted in the group for the author to rate.
handling-done-progress = Your progress reply on proposal #{ $number } is posted in the group. Please give the final answer by { $date }: /answer { $number } your answer
handling-done-adopt = Proposal #{ $number } adopted; the author has been told in the group.
handling-done-reject = Proposal #{ $number } not accepted; the author has been told in the group.
handling-done-merge = Proposal #{ $number } merged into #{ $into }.
handling-done-close = Proposal #{ $number } closed.
handling-answer-not-posted = The reply is recorded but could not be posted in the group (proposal #{ $number }). Please check the bot's rights there.

handling-answer =
    { $author }, { $department } has answered your proposal #{ $number } and finished it:
    { $text }
    Please rate this answer:
handling-answer-rework =
    { $author }, { $department } has reworked your proposal #{ $number } and answers again:
    { $text }
    Please rate this answer:
handling-progress =
    { $author }, { $department } has replied to your proposal #{ $number }:
    { $text }
    Promised completion: by { $date }. You will be told here when it is finished.
handling-progress-extended =
    { $author }, { $department } has extended the completion of your proposal #{ $number } to { $date }.
    Reason: { $text }
handling-adopted = { $author }, your proposal #{ $number } has been adopted as an outstanding proposal. Thank you!
handling-adopted-note =
    { $author }, your proposal #{ $number } has been adopted as an outstanding proposal. Thank you!
    Note: { $note }
handling-rejected =
    { $author }, your proposal #{ $number } was not accepted.
    Reason: { $reason }
handling-merged = { $author }, your proposal #{ $number } is close to #{ $into } and will be handled together with it.
handling-rated = Thank you for your rating!
handling-rate-expired = This answer can no longer be rated.
handling-reopened =
    The author of proposal #{ $number } is not satisfied with the answer; it is back with your department for rework. Please answer again after the rework: /answer { $number } your answer
    { $text }
    { $link }
handling-rework-ask = You are not satisfied with the answer to proposal #{ $number }; it is back with the department for rework. What is still missing? Just reply to me in one message (optional).
handling-rework-reason =
    The author of proposal #{ $number } says what is missing: { $reason }
    Please answer again after the rework: /answer { $number } your answer
    { $link }
handling-rework-thanks = Thank you; the department has your comment (proposal #{ $number }).
handling-rework-escalated =
    ⚠️ The author of proposal #{ $number } ({ $departments }) is not satisfied for the { $count ->
        [2] second
       *[other] { $count }th
    } time; please see that the rework is done.
    { $text }
    { $link }

handling-office-none = the moderators
handling-card-yellow =
    🟨 Yellow card: proposal #{ $number } ({ $departments }), made { $since }, has waited more than { $age } without an answer. Please answer soon: /answer { $number } your answer, or reply with progress first: /progress { $number } DATE TEXT
    { $text }
    { $link }
handling-card-red =
    🟥 Red card: proposal #{ $number } ({ $departments }), made { $since }, has waited more than { $age } without an answer; { $told ->
        [no] { $leaders ->
            [yes] the leaders in charge were told, but the moderators could not be reached
           *[no] the moderators could not be reached
        }
       *[yes] { $leaders ->
            [yes] the leaders in charge and the moderators have been told
           *[no] the moderators have been told
        }
    }. Please handle it now: /answer { $number } your answer
    { $text }
    { $link }
handling-card-urge =
    📮 Urge notice ({ $office }): proposal #{ $number } ({ $departments }), made { $since }, has waited more than { $age } without an answer. The department and its leaders in charge are urged to handle it now: /answer { $number } your answer
    { $text }
    { $link }
handling-urge-copy =
    Copy:
    { $notice }
handling-promise-yellow =
    🟨 Yellow card: proposal #{ $number } ({ $departments }) was promised by { $date }; the date has passed without a final answer. Please give it: /answer { $number } your answer, or extend with a reason: /progress { $number } NEW-DATE REASON
    { $text }
    { $link }
handling-promise-red =
    🟥 Red card: proposal #{ $number } ({ $departments }) was promised by { $date } and is { $age } overdue; the leaders in charge and the moderators have been told. Please give the final answer now: /answer { $number } your answer
    { $text }
    { $link }

handling-draft-approve = Approve and publish
handling-draft-return = Send back
handling-draft-review = { $kind ->
        [progress] 📝 Progress reply to review (promised by { $date })
       *[answer] 📝 Final answer to review
    }: proposal #{ $number } ({ $departments })
    { $text }
    — The proposal: { $proposal }
    { $link }
handling-draft-sent = Your department's replies are reviewed: this one went to the leaders in charge as a draft (proposal #{ $number }) and is posted once approved.
handling-draft-pending = A draft for proposal #{ $number } is already waiting for review; please wait until the leaders have decided.
handling-draft-gone = This draft no longer exists.
handling-draft-decided = This draft (proposal #{ $number }) has already been decided.
handling-draft-note-asked = Please write your note in our private chat.
handling-draft-note = Please reply to me in one message with your note on the draft for proposal #{ $number }.
handling-draft-approved = Your draft for proposal #{ $number } was approved and is posted in the group.
handling-draft-approved-done = Approved and published (proposal #{ $number }).
handling-draft-returned =
    Your draft for proposal #{ $number } was sent back.
    Note: { $note }
    Please send it again when revised: { $command } …
handling-draft-returned-done = Sent back; the official has your note (proposal #{ $number }).
handling-draft-void = Your draft for proposal #{ $number } could not be published: { $reason }

handling-history-title = Proposal #{ $number } history ({ $state }): { $text }
handling-history-created = { $at } { $who }: made the proposal
handling-history-item = { $at } { $who }: { $what }
handling-step-assign = assigned to { $department }
handling-step-assign-why = assigned to { $department } ({ $detail })
handling-step-refer = referred to { $department }
handling-step-refer-why = referred to { $department } ({ $detail })
handling-step-accept = accepted ({ $department })
handling-step-answer = final answer ({ $department }): { $detail }{ $approval }
handling-step-answer-rework = answer after rework ({ $department }): { $detail }{ $approval }
handling-step-progress = progress reply ({ $department }), promised by { $date }: { $detail }{ $approval }
handling-step-progress-extended = extended to { $date } ({ $department }), reason: { $detail }{ $approval }
handling-step-approval = { " " }(approved by { $who })
handling-step-draft = sent for review ({ $department }): { $detail }
handling-step-returned = sent back: { $detail }
handling-step-adopt = adopted as an outstanding proposal{ $detail }
handling-step-rework_reason = what is missing: { $detail }
handling-step-escalated = unsatisfied for the { $detail }th time; the leaders were told
handling-step-promise_card = promise overdue: { $detail } issued
handling-step-reject = not accepted, reason: { $detail }
handling-step-merge = merged into #{ $into }
handling-step-merge-why = merged into #{ $into } ({ $detail })
handling-step-close = closed ({ $department })
handling-step-rate = rated: { $detail }
handling-step-reopen = reopened: { $detail }
handling-step-card = { $detail } issued
