## Supervision: the supervising office's weekly list, the supervisors' monthly scores and the monthly report

supervision-figures = { $name }: received { $received }, replied on time { $on_time }, completion { $completion }, promises kept { $kept }, satisfaction { $satisfaction }, unsatisfied { $unsatisfied }, adopted { $adopted }
supervision-form-intro = 📋 Supervision scores for { $month }: please score each department below 1–5 (5 is best) on the answers you saw last month. You can change a score until the monthly report is made.
supervision-scored = Score { $score } recorded. Thank you!
supervision-score-invalid = That score is not valid. Please use the buttons.
supervision-score-closed = The report for { $month } has been made; it can no longer be scored.
supervision-not-supervisor = Sorry, only the appointed supervisors can score.
supervision-report-title = 📊 { $office }: supervision report for { $month }
supervision-score = Supervisors' score: { $average } on average ({ $count } scored)
supervision-score-none = Supervisors' score: nobody scored
supervision-weekly-title = 📮 { $office }: { $count } proposals at a red card or urged this week ({ $week }):
supervision-weekly-none = 📮 { $office }: no proposal at a red card or urged this week ({ $week }).
supervision-weekly-item = #{ $number } ({ $departments }) { $card }, made { $since }: { $text } { $link }
supervision-promise-red = red card for a promise overdue
