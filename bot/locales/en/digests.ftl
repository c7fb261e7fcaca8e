## Daily digest (to the departments' officials)
digest-nothing-new = 📭 { $date }: nothing new today and nothing waiting for you.
digest-header = <b>📋 Daily digest { $date }</b> ({ $since } – { $until })
digest-new-heading = <b>🆕 New proposals ({ $count })</b>
digest-topic = <b>#{ $topic }</b> ({ $count })
digest-new-item = { $ref } { $text } — { $author } ({ $unit }), { $group }, { $time }, 👍 { $supports }
digest-open-heading = <b>⏳ Open items ({ $count }, oldest first)</b>
digest-open-item = { $ref } { $text } — { $days ->
        [one] 1 day
       *[other] { $days } days
    } { $card }
digest-card-yellow = 🟨 yellow card
digest-card-red = 🟥 red card
digest-card-urge = 🔔 urged
digest-rating-heading = <b>⭐ Answered, waiting for a rating ({ $count })</b>
digest-rating-item = { $ref } { $text } — answered { $days ->
        [one] 1 day
       *[other] { $days } days
    } ago
digest-groups-heading = <b>👥 Groups</b>
digest-group-item = { $title }: { $messages } messages, { $active } active, { $joins } joined, { $removals } removed, { $name_problems } real-name problems
digest-undeliverable = ⚠️ Today's daily digest could not be sent to { $official }: they have not opened a private chat with me, or have blocked me. Please ask them to message me /start, or set digest.fallback_chat_id (the officials' group) in the configuration.

## Weekly department ranking
ranking-header = <b>🏆 Department ranking { $start } – { $end }</b> ({ $count } proposals)
ranking-no-proposals = No proposals were received in this period.
ranking-row = { $rank }. <b>{ $name }</b>: received { $received }, answered { $answered }, on time { $on_time }, median time to answer { $median }, satisfaction { $satisfaction }
ranking-days = { $days } d
ranking-method = <i>Method: proposals received in the period, with their handling as known when the ranking is made. On-time share = answered on time ÷ proposals answered or past their deadline (those still within it count neither way); time to answer is the median over answered proposals; satisfaction averages satisfied 1, basic 0.5, unsatisfied 0 over rated proposals. Order: on-time share, then shorter median, then satisfaction; equal values share a rank. Departments with fewer than { $min_items } proposals are listed apart, not ranked.</i>
ranking-unranked-heading = <b>Not ranked (fewer than { $min_items } proposals)</b>
ranking-unranked-row = { $name }: { $received }
ranking-satisfied-heading = <b>😊 Satisfied ({ $count })</b>
ranking-unsatisfied-heading = <b>😞 Unsatisfied ({ $count })</b>
ranking-list-item = { $number } { $snippet } — { $name }
ranking-chart-title = Department ranking { $start } – { $end }
ranking-chart-on-time = answered on time
ranking-chart-satisfaction = satisfaction
ranking-chart-empty = no department ranked in this period
digest-month = 📅 { $month } in figures: { $proposals } proposals, { $answered } answered, { $finished } of them closed; { $rated } answers rated, satisfaction { $satisfaction }.
