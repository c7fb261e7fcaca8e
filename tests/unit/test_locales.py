"""Every text exists in Chinese and English, with the same placeholders."""

from __future__ import annotations

from pathlib import Path

from fluent.syntax import FluentParser, ast, visitor

from bot.i18n import LANGUAGES, LOCALES_DIR


class _Variables(visitor.Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()

    def visit_VariableReference(self, node: ast.VariableReference) -> None:
        self.names.add(node.id.name)
        self.generic_visit(node)


def _catalogue(lang: str) -> dict[str, tuple[str, set[str]]]:
    found: dict[str, tuple[str, set[str]]] = {}
    for path in sorted((LOCALES_DIR / lang).glob("*.ftl")):
        resource = FluentParser().parse(path.read_text(encoding="utf-8"))
        for entry in resource.body:
            assert not isinstance(entry, ast.Junk), f"{path}: cannot parse {entry.content[:60]!r}"
            if isinstance(entry, ast.Message):
                names = _Variables()
                names.visit(entry)
                assert entry.id.name not in found, f"{entry.id.name} defined twice in {lang}"
                found[entry.id.name] = (Path(path).name, names.names)
    return found


def test_every_key_exists_in_every_language_with_the_same_placeholders() -> None:
    catalogues = {lang: _catalogue(lang) for lang in LANGUAGES}
    zh, en = catalogues["zh"], catalogues["en"]
    assert zh, "no Chinese texts found"
    assert sorted(set(zh) - set(en)) == [], "missing in English"
    assert sorted(set(en) - set(zh)) == [], "missing in Chinese"
    differing = {k: (zh[k][1], en[k][1]) for k in zh if zh[k][1] != en[k][1]}
    assert differing == {}


def test_each_feature_keeps_its_texts_in_a_file_of_the_same_name_in_both_languages() -> None:
    zh_files = {p.name for p in (LOCALES_DIR / "zh").glob("*.ftl")}
    en_files = {p.name for p in (LOCALES_DIR / "en").glob("*.ftl")}
    assert zh_files == en_files
