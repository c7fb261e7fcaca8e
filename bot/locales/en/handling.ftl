## Handling within deadlines: routing, officials' commands, answers and ratings, cards

handling-age = { $days ->
    [0] { $hours ->
        [0] { $minutes } min
       *[other] { $hours } h { $minutes } min
    }
   *[other] { $days } d { $hours } h
}
handling-state = { $state ->
    [submitted] submitted
    [accepted] in progress
    [answered] answered
    [closed] closed
    [rejected] rejected
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
    Accept: /accept { $number }   Answer: /answer { $number } your answer
handling-unrouted =
    Proposal #{ $number } matches no department. Please assign it: send me privately /assign { $number } department-id.
    Departments: { $departments }
    { $text }
    { $link }
handling-no-private = { $official } of { $departments } has not opened a private chat with me and cannot receive proposals. Please ask them to open a chat with me in Telegram and send /start.

handling-usage-accept = Usage: /accept NUMBER, e.g. /accept 12
handling-usage-close = Usage: /close NUMBER, e.g. /close 12
handling-usage-answer = Usage: /answer NUMBER TEXT, e.g. /answer 12 It is in next year's plan
handling-usage-reject = Usage: /reject NUMBER REASON, e.g. /reject 12 Not a city matter
handling-usage-merge = Usage: /merge NUMBER TARGET, e.g. /merge 12 9 (merges #12 into #9)
handling-usage-history = Usage: /history NUMBER, e.g. /history 12
handling-usage-assign =
    Usage: /assign NUMBER DEPARTMENT-ID [reason], e.g. /assign 12 talent
    Departments: { $departments }
handling-not-official = Sorry, this command is for department officials.

handling-refused-domain_error = Sorry, proposal #{ $number } cannot be handled this way now.
handling-refused-changed = Proposal #{ $number } was just handled by someone else. Please check /history { $number } and try again.
handling-department = { $id } ({ $name })
handling-refused-unknown_proposal = There is no proposal #{ $number }. Please check the number.
handling-refused-not_your_department = Proposal #{ $number } is not assigned to your department, so you cannot handle it. Ask a moderator to reassign it if needed.
handling-refused-not_moderator = Sorry, only the assigned department or a moderator can do this to proposal #{ $number }.
handling-refused-not_author = Only the member who made this proposal can rate the answer.
handling-refused-closed = Proposal #{ $number } is closed and cannot be handled any more.
handling-refused-terminal = Proposal #{ $number } was rejected or merged and cannot be handled any more.
handling-refused-already_accepted = Proposal #{ $number } has already been accepted. You can answer it: /answer { $number } your answer
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
handling-refused-text_required = Please write the answer: /answer { $number } your answer
handling-refused-invalid_rating = That rating is not valid. Please use the buttons.

handling-queue-empty = Your department has no open proposals.
handling-queue-title = { $count } open proposals (oldest first):
handling-queue-item = #{ $number } [{ $state }]{ $card } · waiting { $age } — { $text }
handling-queue-more = …and { $count } more.

handling-done-accept = Proposal #{ $number } accepted. Please answer it in time: /answer { $number } your answer
handling-done-assign = Proposal #{ $number } has been passed to { $department }; they have been told.
handling-done-answer = Proposal #{ $number } answered. The answer is posted in the group for the author to rate.
handling-done-reject = Proposal #{ $number } rejected; the author has been told in the group.
handling-done-merge = Proposal #{ $number } merged into #{ $into }.
handling-done-close = Proposal #{ $number } closed.
handling-answer-not-posted = The answer is recorded but could not be posted in the group (proposal #{ $number }). Please check the bot's rights there.

handling-answer =
    { $author }, { $department } has answered your proposal #{ $number }:
    { $text }
    Please rate this answer:
handling-rejected =
    { $author }, your proposal #{ $number } was not accepted.
    Reason: { $reason }
handling-merged = { $author }, your proposal #{ $number } is close to #{ $into } and will be handled together with it.
handling-rated = Thank you for your rating!
handling-rate-expired = This answer can no longer be rated.
handling-reopened =
    The author of proposal #{ $number } is not satisfied with the answer; it is back with your department. Please answer again: /answer { $number } your answer
    { $text }
    { $link }

handling-card-yellow =
    🟨 Yellow card: proposal #{ $number } ({ $departments }) has waited { $age } without an answer. Please answer soon: /answer { $number } your answer
    { $text }
    { $link }
handling-card-red =
    🟥 Red card: proposal #{ $number } ({ $departments }) has waited { $age } without an answer; { $told ->
        [no] the moderators could not be told
       *[yes] the moderators have been told
    }. Please handle it now: /answer { $number } your answer
    { $text }
    { $link }
handling-card-urge =
    ⚠️ Urge notice: proposal #{ $number } ({ $departments }) has still not been answered after { $age }. Please answer now: /answer { $number } your answer
    { $text }
    { $link }

handling-history-title = Proposal #{ $number } history ({ $state }): { $text }
handling-history-created = { $at } { $who }: made the proposal
handling-history-item = { $at } { $who }: { $what }
handling-step-assign = assigned to { $department }
handling-step-assign-why = assigned to { $department } ({ $detail })
handling-step-accept = accepted ({ $department })
handling-step-answer = answered ({ $department }): { $detail }
handling-step-reject = rejected, reason: { $detail }
handling-step-merge = merged into #{ $into }
handling-step-merge-why = merged into #{ $into } ({ $detail })
handling-step-close = closed ({ $department })
handling-step-rate = rated: { $detail }
handling-step-reopen = reopened: { $detail }
handling-step-card = { $detail } issued
