# Proposals: recognition, numbers, support, /my and /proposal
proposal-ack =
    Thank you, your proposal is number { $number }.
    Topics: { $topics }
    Members who agree can press Support below.
proposal-no-topics = none (the moderators will assign it)
proposal-support-button = Support ({ $count })
proposal-support-added = You support proposal { $number }.
proposal-support-withdrawn = You withdrew your support for proposal { $number }.
proposal-support-own = You cannot support your own proposal.
proposal-support-members-only = Only members of the group can support its proposals.
proposal-support-closed = Proposal { $number } no longer takes support.
proposal-too-short = The proposal is too short: it needs at least { $min } characters (hashtags and punctuation do not count). Please add the details and send it again.
proposal-empty = Please write the proposal after the topic hashtag or /propose, for example: #talent Set up affordable flats for young professionals
proposal-duplicate = You already sent the same proposal today (number { $number }); there is no need to send it again. Ask other members to support it.
proposal-already = This message is already proposal { $number }.
proposal-not-a-person = Only a message written by a member can become a proposal.
proposal-propose-usage = Usage: /propose TEXT; moderators can also reply /propose to a message to turn it into a proposal.
proposal-propose-in-group = Please make proposals in the deliberation group: post a message with a topic hashtag (for example #talent ...), or send /propose TEXT there.
proposal-my-none = You have not made any proposals yet. Post a message with a topic hashtag in the group to make one.
proposal-my-header = Your proposals ({ $count } in all, the latest { $shown } shown):
proposal-my-line = No. { $number } · { $topics } · { $state } · { $supports } support
proposal-author = { $name } ({ $unit })
proposal-author-hidden = (shown only to the group's members and the departments handling it)
proposal-show =
    Proposal { $number } ({ $state })
    By: { $author }
    Topics: { $topics }
    Made: { $created }
    Support: { $supports }
    Message: { $link }

    { $text }
proposal-show-answer = Answer: { $answer }
proposal-show-merged = Merged into proposal { $into }.
proposal-show-rejected = Not accepted because: { $reason }
proposal-show-usage = Usage: /proposal N, for example /proposal 12
proposal-unknown = There is no proposal { $number }; please check the number.
proposal-status-line = Progress: { $state } · referred to { $departments }
proposal-status-unassigned = not yet referred
proposal-status-card = Card: { $card }
proposal-status-answer = Answer: { $link }
proposal-status-rating = Rating: { $rating }
proposal-status =
    Proposal { $number }: { $text }
    { $status }
proposal-status-usage = Usage: /status NUMBER, for example /status 12
proposal-card-public = Proposal { $number } has waited more than { $waited } for an answer: { $departments } received a { $card }.
proposal-waited = { $days ->
    [0] { $hours ->
        [0] { $minutes ->
            [one] 1 minute
           *[other] { $minutes } minutes
        }
        [one] 1 hour
       *[other] { $hours } hours
    }
    [one] 1 day
   *[other] { $days } days
}
follow-answer =
    Proposal #{ $number }, which you support, was answered by { $department }:
    Proposal: { $proposal }
    Answer: { $answer }
    See: { $link }
follow-answer-author =
    Your proposal #{ $number } was answered by { $department }:
    Proposal: { $proposal }
    Answer: { $answer }
    Please rate the answer in the group: { $link }
follow-turn-off = Stop telling me answers to proposals I support
follow-turn-on = Tell me answers to proposals I support again
follow-off = Fine: I will no longer tell you the answers to proposals you support.
follow-on = Fine: I will tell you the answers to proposals you support.
