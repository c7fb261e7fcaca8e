## delibot export proposals: CSV headers (states, card levels and ratings use the handling words)

export-column-number = Number
export-column-group = Group
export-column-chat_id = Group ID
export-column-message_id = Message ID
export-column-created_at = Submitted at
export-column-author_id = Author ID
export-column-author_name = Author
export-column-author_unit = Unit
export-column-topics = Topics
export-column-text = Proposal
export-column-link = Link
export-column-state = State
export-column-supports = Supports
export-column-supporters = Supporter IDs
export-column-departments = Departments
export-column-answered_at = Answered at
export-column-answer_text = Answer
export-column-rating = Rating
export-column-card_level = Card
export-column-merged_into = Merged into
export-column-reject_reason = Reason for rejection
export-column-closed_at = Closed at
export-column-versions = Earlier versions
export-column-history = Handling history
