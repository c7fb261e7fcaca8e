# Personal data: /privacy, /mydata, /forget (private chat)
cmd-privacy = Personal data: what is kept, for how long
cmd-mydata = Export my personal data
cmd-forget = Erase my personal data
privacy-info =
    <b>Personal data</b>
    I keep: the name and unit you show in the group (the real-name rule needs them), when you last spoke (pruning inactive members needs it), your proposals and their handling, your opinions in consultations and the opinions you supported, your supports and ratings of answers, and moderators' warnings and mutes. I do not keep the text of ordinary messages.
    Why: so that proposals have an author and are answered on time, and the group keeps real names and order.
    How long: { $departed } after you leave a group, your name, unit and activity there are anonymised. These texts are kept for a set time each:
    { $kept }
    Send /mydata for a copy of everything I hold on you, and /forget to erase it. After an erasure your proposals and opinions stay in the group's record, shown as "a member" (with the unit if the group's policy says so); a ban or mute that is running stays until it ends.
privacy-kept-line = · { $kind }: { $days }
privacy-kind-proposal = text, answer and reasons of a finished proposal (from its last change)
privacy-kind-proposal_version = earlier texts of an edited proposal (from the edit)
privacy-kind-report = reports (ids only, no message text)
privacy-kind-moderation_evidence = the reasons moderators give
privacy-kind-sent_message = the text of my own notices (from sending)
privacy-kind-join_request = names on join requests (from the decision)
privacy-days =
    { $n ->
        [one] 1 day
       *[other] { $n } days
    }
privacy-mydata-summary =
    What I hold on you:
    · membership records: { $groups } groups
    · proposals: { $proposals } (with edits and handling)
    · supports: { $supports }
    · opinions in consultations: { $opinions }
    · warnings, mutes, bans: { $sanctions }
    · moderation records about you: { $audit }
    Everything is in the JSON file below.
privacy-mydata-caption = Your personal data (JSON)
privacy-forget-ask =
    Erase the personal data I hold on you?
    Your name, unit, activity and supports are removed. Your proposals and opinions stay, without your name. A ban or mute that is running stays until it ends.
    If you are still in a group and speak there, its real-name rule records the name you show then. This cannot be undone.
privacy-forget-yes = Erase
privacy-forget-no = Cancel
privacy-forget-not-yours = This button is not for you.
privacy-forget-cancelled = Cancelled; nothing was erased.
privacy-forget-done-short = Erased.
privacy-forget-done = Your personal data is erased ({ $groups } groups, { $proposals } proposals). Sanctions still running: { $kept }, until they end.
privacy-erased-log = A member's personal data was erased on request.
privacy-private-only = To see, export or erase your personal data, send /privacy, /mydata or /forget to me in a private chat.
privacy-a-member = a member
