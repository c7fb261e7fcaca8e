## The public web pages: the proposal board and the supervision view

web-site-title = Proposal board
web-nav-proposals = All proposals
web-nav-ranking = Ranking
web-other-language = 中文
web-footer = { $policy ->
    [name_unit] Proposals, their handling and the answers are public; authors are shown by name and unit.
   *[unit] Proposals, their handling and the answers are public; authors are shown by their unit only.
}
web-groups-title = Groups
web-groups-lead = What members proposed, how the departments handled it and what they answered, in public.
web-group-count = { $count } proposals
web-empty = No proposals yet.
web-supports = { $count } supports
web-supports-label = Supports
web-pages = Pages
web-prev = Previous
web-next = Next
web-page-of = Page { $page } of { $pages }
web-proposals-title = All proposals
web-filter-topic = Topic
web-filter-state = State
web-filter-department = Department
web-filter-card = Card
web-filter-search = Search
web-filter-apply = Filter
web-any = Any
web-found = { $count } proposals found
web-proposal-title = Proposal #{ $number }
web-group = Group
web-author = Author
web-submitted = Submitted
web-answer = Answer
web-rejected = Reason for rejection
web-merged-into = Merged into
web-history = Handling
web-step-submitted = Submitted
web-step = { $action ->
    [accept] Accepted
    [assign] Referred
    [answer] Answered
    [reject] Rejected
    [merge] Merged
    [close] Closed
    [rate] Rated
    [reopen] Reopened
   *[card] Deadline card
}
web-ranking-title = Department ranking
web-period = { $period ->
    [week] Last 7 days
   *[month] Last 30 days
}
web-ranking-period = Period { $start } to { $end }, { $count } proposals
web-chart-title = Answered on time, by department
web-chart-axis = Share answered on time
web-chart-caption = Share answered on time, { $start } to { $end }
web-col-rank = Rank
web-col-department = Department
web-col-received = Received
web-col-answered = Answered
web-col-on-time = On time
web-col-satisfaction = Satisfaction
web-col-number = Number
web-col-card = Card
web-col-days = Days waiting
web-col-act = Command
web-col-text = Proposal
web-ranking-none = No department is ranked in this period.
web-unranked = Departments with fewer than { $min_items } proposals, not ranked
web-satisfied-list = Satisfied ({ $count })
web-unsatisfied-list = Not satisfied ({ $count })
web-ranking-method = Method: the proposals received in the period, with their handling as known when the page is made. On time = answered on time ÷ proposals answered or past their deadline (those still within it count neither way); satisfaction averages satisfied 1, mostly satisfied 0.5, not satisfied 0 over rated answers. Order: on-time share, then shorter time to answer, then satisfaction; equal values share a rank. Departments with fewer than { $min_items } proposals in the period are not ranked.
web-department-month = Last 30 days: { $received } received, { $answered } answered, { $on_time } on time, satisfaction { $satisfaction }.
web-department-proposals = Proposals referred to this department ({ $count })
web-error-title = { $code ->
    [404] Page not found
   *[other] Something went wrong
}
web-error-text = { $code ->
    [404] There is no such page; the number may be wrong.
   *[other] The server had a problem; please try again later.
}
web-app-button = Overdue view
web-app-title = Supervision view
web-app-loading = Loading…
web-app-denied = We could not confirm who you are; open this page again from your private chat with the bot.
web-app-empty = Nothing is overdue.
web-app-open-in-telegram = Open this page in Telegram, from your private chat with the bot.
web-app-csv = Export CSV
## Consultations
web-nav-consultations = Consultations
web-consultations-title = Consultations
web-consultations-lead = Departments ask the members about what concerns the group; opinions are gathered by topic, and a conclusion is published after the closing date.
web-consultations-found = { $count ->
    [one] 1 consultation
   *[other] { $count } consultations
}
web-consultations-empty = No consultations yet.
web-consultation-title = Consultation #{ $number }
web-consultation-state = { $state ->
    [open] Open
    [closed] Closed
   *[concluded] Concluded
}
web-consultation-closes = { $state ->
    [open] closes { $date }
   *[other] closed { $date }
}
web-consultation-opened = Opened
web-consultation-deadline = Closing
web-consultation-background = Background
web-consultation-conclusion = Conclusion
web-opinions = { $count ->
    [one] 1 opinion
   *[other] { $count } opinions
}
web-opinions-label = Opinions
web-opinions-title = Opinions received ({ $count })
web-opinions-other = Other
web-opinions-empty = No opinions yet.
web-opinion-supports = { $count ->
    [one] 1 agrees
   *[other] { $count } agree
}
web-poll-title = Poll results ({ $voters } voted)
web-poll-votes = { $votes ->
    [one] 1 vote
   *[other] { $votes } votes
}
