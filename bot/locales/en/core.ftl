start-private = Hello, { $name }! I am the deliberation group assistant. I help members speak under their real names and put forward proposals, and help departments answer on time. Send /help to see what you can do.
help-member =
    Commands:
    /my — your proposals
    /proposal N — one proposal
    /status N — where a proposal stands now
    /propose TEXT — put forward a proposal (or post in the group with a topic hashtag, e.g. #人才)
    /iam NAME UNIT — register your real name (when the group asks for it)
    /report — reply to a message to alert the moderators
    /privacy — your personal data; /mydata — export it; /forget — erase it
    /id — show this chat's id and yours
help-moderator =
    Moderator commands (in the group):
    /warn, /unwarn, /mute DURATION, /unmute, /ban, /unban — reply to a message or give a user id
    /names — members without a real name; /exempt — reply to exempt a member
    /prune — preview who would be removed; /prune now — remove them
    /adopt N [NOTE] — adopt as an outstanding proposal (in the group or privately)
help-official =
    Official commands (in your private chat with me):
    /queue — your open proposals
    /accept N — accept
    /progress N DATE TEXT — an interim reply with the promised completion date (send again to extend, with the reason)
    /answer N TEXT — the final answer (the author rates it)
    /assign N DEPT — refer; /reject N REASON — not accept; /merge N INTO — merge; /close N — close; /history N — history
    /consult TOPIC CLOSES TEXT — open a consultation, in the group or here; /conclude N TEXT — publish its conclusion
    /faq add KEYWORDS = ANSWER, /faq list, /faq remove ID, /faq from N — the group's FAQ
help-leader =
    Leaders in charge (in your private chat with me):
    /adopt N [NOTE] — adopt as an outstanding proposal
    /history N — history
    Replies of departments under review come to you as drafts: press “Approve and publish” or “Send back” and write your note. Red cards and proposals rated unsatisfied twice are sent to you too.
help-supervisor =
    Supervisors: at the start of each month I send you a form privately; please score each department 1–5 on the answers you saw last month.
group-not-configured = This group is not configured for the deliberation assistant, so I am leaving. Ask the operator to add it to the configuration (this group's id: <code>{ $chat_id }</code>).
refused-not-moderator = Sorry, only moderators can use this command.
error-generic = Sorry, something went wrong. Please try again later.
cmd-start = Get started
cmd-help = What you can do
cmd-my = My proposals
cmd-proposal = Show a proposal: /proposal N
cmd-status = Where a proposal stands: /status N
cmd-propose = Put forward a proposal: /propose TEXT
cmd-iam = Register your real name: /iam NAME UNIT
cmd-report = Reply to a message to alert the moderators
cmd-warn = Warn (reply to a message)
cmd-unwarn = Take back a warning
cmd-mute = Mute: /mute DURATION, e.g. 2h
cmd-unmute = Lift a mute
cmd-ban = Remove and ban
cmd-unban = Lift a ban
cmd-names = Members without a real name
cmd-exempt = Exempt from the real-name rule (reply)
cmd-prune = Preview pruning; /prune now to do it
cmd-queue = My open proposals
cmd-accept = Accept: /accept N
cmd-progress = Progress reply: /progress N DATE TEXT
cmd-answer = Final answer: /answer N TEXT
cmd-adopt = Adopt: /adopt N [NOTE]
cmd-assign = Refer: /assign N DEPT
cmd-reject = Reject: /reject N REASON
cmd-merge = Merge: /merge N INTO
cmd-close = Close: /close N
cmd-history = History: /history N
cmd-consult = Open a consultation: /consult TOPIC CLOSES TEXT
cmd-conclude = Publish a consultation's conclusion: /conclude N TEXT
cmd-faq = The group's FAQ: /faq add|list|remove|from
cmd-correct = Official clarification (reply): /correct TEXT
cmd-id = Show this chat's id and yours (for the configuration)
id-group = The id of this group ({ $title }): <code>{ $chat_id }</code>
id-user = Your user id: <code>{ $user_id }</code>
id-user-anonymous = You are posting as an anonymous administrator, so there is no user id to show; send /id in your private chat with me.
button-unknown = This button no longer works.
