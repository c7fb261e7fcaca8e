# The configured answer, as it is sent; an operator may override the frame here.
faq-answer = { $answer }
faq-answer-more =
    { $answer }
    More: { $link }
faq-usage =
    FAQ commands:
    /faq add KEYWORDS = ANSWER — add (keywords separated by commas or spaces; known keywords update the answer)
    /faq edit ID ANSWER — change an answer
    /faq list — this group's entries
    /faq remove ID — remove one
    /faq from N [KEYWORDS] — turn answered proposal N into an entry
faq-refused = Sorry, only this group's moderators and officials can manage the FAQ.
faq-in-group = Please use /faq in the group whose FAQ you want to manage.
faq-error-usage = That is not the format. Please write: /faq add KEYWORDS = ANSWER
faq-error-too_many_keywords = Too many keywords: at most { $limit } per entry.
faq-error-keyword_too_long = The keyword "{ $keyword }" is too long: at most { $limit } characters.
faq-error-answer_too_long = The answer is too long ({ $length } characters): at most { $limit }. Keep it short and link to the details.
faq-error-need_id = Please give the entry's number (see /faq list).
faq-error-unknown = This group has no FAQ entry { $id }.
faq-error-need_number = Please give the proposal's number: /faq from N
faq-error-unknown_proposal = This group has no proposal { $number }.
faq-error-not_answered = Proposal #{ $number } has no answer yet; it can become an entry once answered.
faq-error-need_keywords = Proposal #{ $number } has no topic; please give keywords: /faq from { $number } KEYWORDS
faq-added = FAQ entry #{ $id } added, keywords: { $keywords }.
faq-updated = FAQ entry #{ $id } updated, keywords: { $keywords }.
faq-edited = The answer of FAQ entry #{ $id } is changed.
faq-removed = FAQ entry #{ $id } removed.
faq-list-empty = This group's FAQ is empty. Add one with /faq add KEYWORDS = ANSWER.
faq-list-title = FAQ of "{ $title }" ({ $count }):
faq-list-line = #{ $id } { $keywords } — { $answer }
