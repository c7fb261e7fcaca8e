start-private = Hello, { $name }! I am the deliberation group assistant. I help members speak under their real names and put forward proposals, and help departments answer on time. Send /help to see what you can do.
help-member =
    Commands:
    /my — your proposals
    /proposal N — one proposal
    /propose TEXT — put forward a proposal (or post in the group with a topic hashtag, e.g. #人才)
    /iam NAME UNIT — register your real name (when the group asks for it)
    /report — reply to a message to alert the moderators
    /id — show this chat's id and yours
help-moderator =
    Moderator commands (in the group):
    /warn, /unwarn, /mute DURATION, /unmute, /ban, /unban — reply to a message or give a user id
    /names — members without a real name; /exempt — reply to exempt a member
    /prune — preview who would be removed; /prune now — remove them
help-official =
    Official commands (in your private chat with me):
    /queue — your open proposals
    /accept N, /answer N TEXT, /assign N DEPT, /reject N REASON, /merge N INTO, /close N, /history N
group-not-configured = This group is not configured for the deliberation assistant, so I am leaving. Ask an administrator to add it to the configuration (this group's id: <code>{ $chat_id }</code>).
refused-not-moderator = Sorry, only moderators can use this command.
error-generic = Sorry, something went wrong. Please try again later.
cmd-start = Get started
cmd-help = What you can do
cmd-my = My proposals
cmd-proposal = Show a proposal: /proposal N
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
cmd-answer = Answer: /answer N TEXT
cmd-assign = Refer: /assign N DEPT
cmd-reject = Reject: /reject N REASON
cmd-merge = Merge: /merge N INTO
cmd-close = Close: /close N
cmd-history = History: /history N
cmd-id = Show this chat's id and yours (for the configuration)
id-group = The id of this group ({ $title }): <code>{ $chat_id }</code>
id-user = Your user id: <code>{ $user_id }</code>
id-user-anonymous = You are posting as an anonymous administrator, so there is no user id to show; send /id in your private chat with me.
button-unknown = This button no longer works.
