## delibot export proposals：CSV 表头（状态、警示督办等级、评价沿用办理中的用词）

export-column-number = 编号
export-column-group = 群组
export-column-chat_id = 群 ID
export-column-message_id = 消息 ID
export-column-created_at = 提出时间
export-column-author_id = 提出人 ID
export-column-author_name = 提出人
export-column-author_unit = 单位
export-column-topics = 话题
export-column-text = 建言内容
export-column-link = 链接
export-column-state = 状态
export-column-supports = 附议数
export-column-supporters = 附议人 ID
export-column-departments = 承办部门
export-column-answered_at = 答复时间
export-column-answer_text = 答复内容
export-column-rating = 评价
export-column-card_level = 警示督办等级
export-column-merged_into = 合并到
export-column-reject_reason = 不予受理理由
export-column-closed_at = 办结时间
export-column-versions = 修改记录
export-column-history = 办理记录
