# The configured answer, as it is sent; an operator may override the frame here.
faq-answer = { $answer }
