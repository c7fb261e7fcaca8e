# The configured answer, as it is sent; an operator may override the frame here.
faq-answer = { $answer }
faq-answer-more =
    { $answer }
    详情：{ $link }
faq-usage =
    问答库命令：
    /faq add 关键词 = 答案 — 添加（关键词用逗号或空格分隔；已有的关键词则更新答案）
    /faq edit 编号 答案 — 修改答案
    /faq list — 列出本群问答
    /faq remove 编号 — 删除
    /faq from 建言编号 [关键词] — 把已答复的建言加入问答库
faq-refused = 抱歉，只有本群管理员和部门工作人员可以管理问答库。
faq-in-group = 请在要管理问答库的群里使用 /faq。
faq-error-usage = 格式不对。请写成：/faq add 关键词 = 答案
faq-error-too_many_keywords = 关键词太多：每条最多 { $limit } 个。
faq-error-keyword_too_long = 关键词“{ $keyword }”太长：最多 { $limit } 个字。
faq-error-answer_too_long = 答案太长（{ $length } 字）：最多 { $limit } 字。答案应简短，可附链接说明详情。
faq-error-need_id = 请写上问答编号（用 /faq list 查看）。
faq-error-unknown = 本群没有编号为 { $id } 的问答。
faq-error-need_number = 请写上建言编号：/faq from 编号
faq-error-unknown_proposal = 本群没有编号为 { $number } 的建言。
faq-error-not_answered = 建言 #{ $number } 还没有答复，答复后才能加入问答库。
faq-error-need_keywords = 建言 #{ $number } 没有话题，请写上关键词：/faq from { $number } 关键词
faq-added = 已添加问答 #{ $id }，关键词：{ $keywords }。
faq-updated = 已更新问答 #{ $id }，关键词：{ $keywords }。
faq-edited = 已修改问答 #{ $id } 的答案。
faq-removed = 已删除问答 #{ $id }。
faq-list-empty = 本群问答库还是空的。用 /faq add 关键词 = 答案 添加。
faq-list-title = 「{ $title }」问答库（{ $count } 条）：
faq-list-line = #{ $id } { $keywords } — { $answer }
