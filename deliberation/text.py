"""One normalisation of user-written text, used by every rule that compares or measures it.

Members type names, units, banned words and FAQ keywords on phones with full-width input methods,
paste names carrying invisible characters, and sometimes write in traditional characters. A rule
that compared raw strings would be trivially evaded ("违\u200b禁词", "张三－海淀区") or would wrongly
refuse a compliant member, so every comparison goes through :func:`normalize` / :func:`fold`.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Zero-width characters and bidirectional controls change how a name looks, not what it says.
# Hangul fillers are added because they render blank and are the usual way to fake an empty name.
_INVISIBLE = (
    "\u200b\u200c\u200d\u2060\ufeff\u180e\u00ad\u2061\u2062\u2063\u2064"  # zero-width, soft hyphen
    "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c"  # bidi controls
    "\u115f\u1160\u3164\uffa0"  # Hangul fillers
)
_DROP_INVISIBLE = str.maketrans(dict.fromkeys(_INVISIBLE))
# str.translate costs a dict lookup per character (about 0.2 µs each, 30 µs for a 150-character
# message), while a compiled character class scans in about 1 µs. Almost no message carries
# invisible or traditional characters, so each translate runs only after a search found one.
_HAS_INVISIBLE = re.compile(f"[{_INVISIBLE}]").search

# Traditional -> simplified for the characters that occur in Chinese unit, office and place names
# (and the commonest surnames). Pairs of "traditional simplified". This is a deliberately compact
# table, not a converter: characters outside it are left as they are, and one-to-many cases
# (e.g. 乾/幹 -> 干) are not resolved by context. It exists so that a configured unit "海淀区" also
# matches a member who wrote "海澱區"; a full converter (OpenCC) would be a dependency too far.
_TRAD_SIMP_PAIRS = """
區区 縣县 鄉乡 鎮镇 廳厅 處处 會会 員员 國国 說说 華华 東东 門门 開开 發发 產产 業业 廣广 場场 園园
鄰邻 裡里 裏里 學学 書书 銀银 財财 稅税 務务 衛卫 環环 資资 經经 濟济 貿贸 運运 輸输 電电 網网 絡络
農农 專专 職职 機机 關关 聯联 組组 織织 協协 議议 團团 體体 黨党 綜综 執执 點点 戶户 營营 醫医 療疗
藥药 監监 劃划 鐵铁 橋桥 樑梁 隊队 臺台 灣湾 漢汉 陽阳 龍龙 鳳凤 齊齐 魯鲁 陝陕 晉晋 遼辽 蘇苏 黃黄
蘭兰 澱淀 豐丰 頭头 溝沟 懷怀 匯汇 滙汇 靜静 廟庙 閔闵 楊杨 寶宝 閘闸 萬万 島岛 嶼屿 嶺岭 峽峡 澗涧
灘滩 濱滨 淺浅 澤泽 湯汤 滬沪 瀋沈 閩闽 贛赣 粵粤 貴贵 雲云 寧宁 甯宁 內内 隴陇 肅肃 瓊琼 無无 錫锡
揚扬 連连 鄭郑 壽寿 慶庆 崑昆 烏乌 爾尔 撫抚 順顺 錦锦 蘆芦 問问 題题 舉举 辦办 號号 樓楼 層层 棟栋
單单 們们 來来 時时 間间 歲岁 紀纪 錄录 記记 證证 長长 師师 軍军 廠厂 礦矿 鋼钢 氣气 熱热 風风 車车
輛辆 軌轨 綫线 線线 級级 幹干 總总 屬属 轄辖 參参 檢检 審审 計计 統统 規规 設设 質质 認认 險险 費费
價价 標标 準准 採采 購购 買买 賣卖 貨货 訂订 託托 勞劳 動动 養养 殘残 婦妇 兒儿 僑侨 視视 聽听 報报
紙纸 傳传 藝艺 術术 圖图 館馆 齡龄 護护 範范 課课 試试 驗验 碼码 創创 數数 據据 訊讯 腦脑 態态 綠绿
漁渔 燈灯 興兴 樂乐 榮荣 誠诚 義义 禮礼 與与 為为 個个 對对 這这 後后 傑杰 偉伟 強强 劉刘 陳陈 張张
趙赵 孫孙 錢钱 馮冯 許许 韓韩 葉叶 鍾钟 鐘钟 蕭萧 盧卢 顧顾 龔龚 譚谭 賴赖 嚴严 鄧邓 蔣蒋 羅罗 謝谢
歐欧 陸陆 賈贾 閻阎 貝贝 龐庞 喬乔 聶聂 韋韦 鄒邹 馬马 吳吴 鄺邝 橫横 條条 莊庄 壩坝 塢坞 窪洼 崗岗
巖岩 陰阴 潁颍 滄沧 瀏浏 淶涞 灃沣 亞亚 億亿 兩两 邊边 側侧 臨临 遠远 訴诉 訟讼 編编 製制 檔档 災灾
應应 戰战 備备 實实 際际 辭辞 誌志 衆众 眾众 隸隶 違违 詞词 語语 觀观 測测 繪绘 調调 權权 責责 償偿 讓让 憲宪
"""


def _build_trad_simp() -> dict[str, str]:
    table: dict[str, str] = {}
    for pair in _TRAD_SIMP_PAIRS.split():
        traditional, simplified = tuple(pair)
        table[traditional] = simplified
    return table


TRAD_TO_SIMP: dict[str, str] = _build_trad_simp()
_TO_SIMPLIFIED = str.maketrans(TRAD_TO_SIMP)
_HAS_TRADITIONAL = re.compile(f"[{''.join(TRAD_TO_SIMP)}]").search


def normalize(text: str) -> str:
    """NFKC (full-width letters, digits and separators count as their ASCII forms), invisible and
    bidirectional control characters removed, any whitespace run folded to one space, stripped."""
    if _HAS_INVISIBLE(text):
        text = text.translate(_DROP_INVISIBLE)
    return " ".join(unicodedata.normalize("NFKC", text).split())


def fold(text: str) -> str:
    """The matching key: :func:`normalize` then casefold, so "ＨＡＩＤＩＡＮ" equals "haidian"."""
    return normalize(text).casefold()


@lru_cache(maxsize=256)
def match_form(text: str) -> str:
    """:func:`fold` then :func:`to_simplified`: what the banned-word and FAQ matchers compare.
    Both look at every group message; the second one finds the first one's result here."""
    return to_simplified(fold(text))


def to_simplified(text: str) -> str:
    """Map the traditional characters of :data:`TRAD_TO_SIMP` to simplified; others are kept."""
    return text.translate(_TO_SIMPLIFIED) if _HAS_TRADITIONAL(text) else text
