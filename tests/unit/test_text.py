import unicodedata

import pytest

from deliberation import text
from deliberation.text import TRAD_TO_SIMP, fold, normalize, to_simplified


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("张三－海淀区", "张三-海淀区"),  # full-width hyphen
        ("ＪＯＨＮ｜ＨＡＩＤＩＡＮ", "JOHN|HAIDIAN"),  # full-width letters and bar
        ("张\u200b三-海淀区", "张三-海淀区"),  # zero-width space
        ("张\u200d三\ufeff-海淀区", "张三-海淀区"),  # zero-width joiner, byte order mark
        ("张三\u202e-海淀区\u202c", "张三-海淀区"),  # right-to-left override
        ("\u2066张三\u2069 \u061c-海淀区", "张三 -海淀区"),  # isolates, Arabic letter mark
        ("  张三 \t\n  海淀区\u3000 ", "张三 海淀区"),  # whitespace runs, ideographic space
        ("\u200b\u200c\u2060", ""),
        ("\u3164\u3164", ""),  # Hangul fillers render blank
    ],
)
def test_normalize_makes_lookalike_text_equal_to_what_it_shows(raw, expected):
    assert normalize(raw) == expected


def test_fold_ignores_case_and_width_so_keywords_match_however_typed():
    assert fold("ＨａｉＤＩＡＮ  District") == fold("haidian district") == "haidian district"


def test_a_unit_written_in_traditional_characters_reads_as_simplified():
    assert to_simplified("海澱區") == "海淀区"
    assert to_simplified("市交通運輸局") == "市交通运输局"
    assert to_simplified("臺灣") == "台湾"


def test_characters_outside_the_table_are_kept_as_they_are():
    assert to_simplified("海淀区 Haidian 123") == "海淀区 Haidian 123"


def test_the_traditional_table_is_large_unambiguous_and_has_no_chains():
    pairs = text._TRAD_SIMP_PAIRS.split()
    assert len(TRAD_TO_SIMP) >= 150
    assert len(pairs) == len(TRAD_TO_SIMP), "a traditional character is listed twice"
    for traditional, simplified in TRAD_TO_SIMP.items():
        assert traditional != simplified
        assert simplified not in TRAD_TO_SIMP, f"{simplified} would need a second pass"
        assert unicodedata.category(traditional) == unicodedata.category(simplified) == "Lo"
