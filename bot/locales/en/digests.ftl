## Daily digest (to the departments' officials)
digest-nothing-new = 📭 { $date }: nothing new today and nothing waiting for you.
digest-header = <b>📋 Daily digest { $date }</b> ({ $since } – { $until })
digest-new-heading = <b>🆕 New proposals ({ $count })</b>
digest-topic = <b>#{ $topic }</b> ({ $count })
digest-new-item = { $ref } { $text } — { $author } ({ $unit }), { $group }, { $time }, support { $supports }
digest-open-heading = <b>⏳ Open items ({ $count }, oldest first)</b>
digest-open-item = { $ref } { $text } — { $days ->
        [one] 1 day
       *[other] { $days } days
    } { $card }
digest-card-yellow = 🟨 yellow card
digest-card-red = 🟥 red card
digest-card-urge = 📮 urge notice
digest-promise = promised by { $date }
digest-drafts = <b>📝 { $count } drafts waiting for the leaders' review</b> (the deadline keeps running meanwhile)
digest-rating-heading = <b>⭐ Answered, waiting for a rating ({ $count })</b>
digest-rating-item = { $ref } { $text } — answered { $days ->
        [one] 1 day
       *[other] { $days } days
    } ago
digest-adopted-heading = <b>🏅 Newly adopted proposals ({ $count })</b>
digest-adopted-item = { $ref } { $text }
digest-groups-heading = <b>👥 Groups</b>
digest-group-item = { $title }: { $messages } messages, { $active } active, { $joins } joined, { $removals } removed, { $name_problems } without a real name
digest-undeliverable = ⚠️ Today's daily digest could not be sent to { $official }: they have not opened a private chat with me, or have blocked me. Please ask them to message me /start, or set digest.fallback_chat_id (the officials' group) in the configuration.

## Weekly department ranking
ranking-header = <b>🏆 Department ranking { $start } – { $end }</b> ({ $count } proposals)
ranking-no-proposals = No proposals were received in this period.
ranking-row = { $rank }. <b>{ $name }</b>: received { $received }, replied on time { $on_time }, finished { $answered } (completion { $completion }), median time to finish { $median }, promises kept { $kept }, satisfaction { $satisfaction }, unsatisfied { $unsatisfied }, adopted { $adopted }
ranking-days = { $days } d
ranking-method = <i>Method: proposals received in the period, with their handling as known when the ranking is made. On-time share = first reply (interim or final) within the deadline ÷ proposals replied to or past their deadline (those still within it count neither way); completion = finished by a final answer ÷ received; time to finish is the median over final answers; promises kept = finished by the promised date ÷ promises due or finished; satisfaction averages satisfied 1, basic 0.5, unsatisfied 0 over rated final answers. Order: on-time share, then shorter median, then satisfaction; equal values share a rank. Departments with fewer than { $min_items } proposals are listed apart, not ranked.</i>
ranking-unranked-heading = <b>Not ranked (fewer than { $min_items } proposals)</b>
ranking-unranked-row = { $name }: { $received }
ranking-satisfied-heading = <b>😊 Satisfied ({ $count })</b>
ranking-unsatisfied-heading = <b>😞 Unsatisfied ({ $count })</b>
ranking-list-item = { $number } { $snippet } — { $name }
ranking-chart-title = Department ranking { $start } – { $end }
ranking-chart-on-time = replied on time
ranking-chart-satisfaction = satisfaction
ranking-chart-empty = no department ranked in this period
digest-month = 📅 { $month } in figures: { $proposals } proposals, { $answered } answered, { $finished } of them closed; { $rated } answers rated, satisfaction { $satisfaction }.
