# Consultations: the post, the reminder, the close, the summary and the conclusion
consult-tag = consult{ $number }
consult-background = Background: { $text }
consult-post =
    📣 Consultation { $tag }
    Topic: #{ $topic }
    { $question }
    { $background }
    Closes: { $closes }
    Reply to this message with your opinion, or put { $tag } in your message.
consult-usage =
    Usage: /consult TOPIC CLOSES TEXT
    CLOSES is a duration (3d, 12h) or a date (2026-12-31, 12-31).
    The first line of TEXT is the question; the lines after it are the background.
    For a poll, add a line: poll: option one | option two | option three
consult-refused = Sorry, only officials and this group's moderators can open a consultation.
consult-error-usage = Please give a topic, a closing time and the text.
consult-error-bad_closes = "{ $value }" is not a closing time: use a duration (3d, 12h) or a date (2026-12-31, 12-31).
consult-error-too_soon = "{ $value }" is too soon: a consultation lasts at least 1 minute.
consult-error-too_far = "{ $value }" is too far: a consultation lasts at most { $days } days.
consult-error-topic_too_long = The topic is too long: at most { $limit } characters.
consult-error-text_too_long = The text is too long ({ $length } characters): question and background together take at most { $limit }.
consult-error-poll_question_too_long = The poll's question (the first line) has { $length } characters: Telegram takes 1–{ $limit }.
consult-error-poll_options_count = The poll has { $count } options: Telegram takes { $low }–{ $high }.
consult-error-poll_option_too_long = The poll option "{ $option }…" is too long: at most { $limit } characters each.
consult-error-poll_option_repeated = Two poll options are the same; please give different options.
consult-error-not_yours = Consultation #{ $number } was opened by another official; only they can publish its conclusion.
consult-error-still_open = Consultation #{ $number } is still open; publish its conclusion once it has closed.
consult-error-already_concluded = Consultation #{ $number } already has its conclusion.
consult-error-unknown = Consultation #{ $number } was never posted in a group.
consult-error-conclusion_empty = Please write the conclusion after the number: /conclude { $number } TEXT
consult-error-conclusion_too_long = The conclusion is too long ({ $length } characters): at most { $limit }.
consult-which-group = In which group do you want to consult? Please choose:
consult-group-chosen = Fine, posting it now.
consult-already-opened = { $tag } has already been posted.
consult-not-posted = I could not post the consultation in "{ $group }"; please check that I may write there and try again.
consult-not-pinned = Note: I could not pin it; please give me the "Pin messages" right in the group's settings.
consult-no-poll = Note: the poll could not be sent.
consult-opened = Consultation { $tag } is posted in "{ $group }" and closes { $closes }. You will get the summary when it closes; then publish the conclusion with /conclude { $number } TEXT.
consult-reminder = ⏰ Consultation { $tag } closes { $closes }; { $count ->
        [one] 1 opinion
       *[other] { $count } opinions
    } so far. If you have not given yours yet, now is the time: { $question }
consult-closed = The consultation has closed: { $count ->
        [one] 1 opinion
       *[other] { $count } opinions
    } received. Thank you all! { $tag }
consult-summary-title = 📊 Consultation { $tag } "{ $question }" has closed: { $count ->
        [one] 1 opinion
       *[other] { $count } opinions
    } received.
consult-summary-poll = Poll results ({ $voters ->
        [one] 1 voter
       *[other] { $voters } voters
    }):
consult-summary-poll-option = • { $option }: { $votes ->
        [one] 1 vote
       *[other] { $votes } votes
    }
consult-summary-topic = [{ $topic }] { $count }
consult-summary-other = Other
consult-author = { $name } ({ $unit })
consult-summary-opinion = { $rank }. { $name }: { $text } (👍 { $supports }) { $link }
consult-summary-next = Publish the conclusion with /conclude { $number } TEXT; it will be pinned in the group.
consult-conclude-usage = Usage: /conclude NUMBER TEXT
consult-unknown = There is no consultation number { $number }.
consult-conclusion-in-review = The conclusion of consultation #{ $number } went to review; it is published once approved.
consult-conclusion =
    📌 Conclusion of consultation { $tag }
    Question: { $question }
    { $count ->
        [one] 1 opinion was received.
       *[other] { $count } opinions were received.
    }
    { $text }
consult-conclusion-posted = The conclusion of consultation #{ $number } is posted and pinned in the group.
consult-conclusion-not-posted = The conclusion of consultation #{ $number } is recorded but could not be posted; please try again later or ask a moderator.
consult-digest-title = 🗳 Consultations ({ $count }):
consult-digest-line = • { $tag } "{ $group }" { $question } — { $state }, { $count ->
        [one] 1 opinion
       *[other] { $count } opinions
    }, closes { $closes }
consult-state = { $state ->
    [open] open
    [closed] closed, conclusion pending
    [concluded] concluded
   *[other] draft
}
