## 问政监督：督办部门的每周清单、问政监督员的每月评分和月度报告

supervision-figures = { $name }：收到 { $received }，按时回复 { $on_time }，办结率 { $completion }，承诺兑现 { $kept }，满意度 { $satisfaction }，不满意 { $unsatisfied }，采纳 { $adopted }
supervision-form-intro = 📋 { $month } 问政监督评分：请按您在上月看到的答复，为下面每个部门打 1–5 分（5 分最好）。月度报告发出前可以改分。
supervision-scored = 已记录 { $score } 分，谢谢！
supervision-score-invalid = 这个评分无效，请点按钮评分。
supervision-score-closed = { $month } 的月度报告已经发出，不能再评分了。
supervision-not-supervisor = 抱歉，只有问政监督员可以评分。
supervision-report-title = 📊 { $office } { $month } 问政监督月度报告
supervision-score = 问政监督员评分：平均 { $average } 分（{ $count } 人评分）
supervision-score-none = 问政监督员评分：无人评分
supervision-weekly-title = 📮 { $office } 本周（{ $week }）红牌督办和催办通知的建言，共 { $count } 件：
supervision-weekly-none = 📮 { $office } 本周（{ $week }）没有红牌督办或催办通知的建言。
supervision-weekly-item = #{ $number }（{ $departments }）{ $card }，{ $since } 提出：{ $text } { $link }
supervision-promise-red = 承诺逾期红牌督办
