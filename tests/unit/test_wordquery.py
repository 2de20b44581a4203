"""Plain words -> query tree: syllables required (as typed or folded), words
and pairs as boosts, function words optional, letter case never matters."""
from ingest.index import tree as Q
from ingest.vietnamese.abbreviations import curated
from search_app.search import wordquery


def _terms(node, out=None):
    out = [] if out is None else out
    if isinstance(node, (Q.Term, Q.Phrase)):
        out.append(node)
    for child in getattr(node, "parts", ()):
        _terms(child, out)
    return out


def test_letter_case_never_changes_the_tree():
    vocab = {("body_w", "lạc_sơn"): 3}
    freq = lambda f, t: vocab.get((f, t), 0)  # noqa: E731
    trees = {wordquery.build(q, curated(), freq).node
             for q in ("gương người tốt lạc sơn", "Gương người tốt Lạc Sơn", "GƯƠNG NGƯỜI TỐT LẠC SƠN")}
    assert len(trees) == 1


def test_every_syllable_is_required_as_typed_or_folded():
    wq = wordquery.build("biễn đảo", curated(), None)
    assert len(wq.required) == 2
    first = {(t.field, t.text) for t in _terms(wq.required[0])}
    assert {("body", "biễn"), ("body_f", "bien"), ("title_f", "bien")} <= first


def test_function_words_are_optional_and_index_words_are_boosts():
    vocab = {("body_w", "cao_phong"): 5}
    freq = lambda f, t: vocab.get((f, t), 0)  # noqa: E731
    wq = wordquery.build("trồng cam ở cao phong", curated(), freq)
    required = {t.text for n in wq.required for t in _terms(n) if t.field == "body" and isinstance(t, Q.Term)}
    assert required == {"trồng", "cam", "cao", "phong"}          # "ở" is not required
    boosts = {(t.field, t.text) for n in wq.boosts for t in _terms(n) if isinstance(t, Q.Term)}
    assert ("body_w", "cao_phong") in boosts                   # a word of the index
    assert ("body_w", "cam_ở") not in boosts                   # never an invented compound
    assert any(f == "body" and t == "ở" for f, t in boosts)


def test_only_function_words_are_required_when_nothing_else_is_typed():
    assert len(wordquery.build("của các", curated(), None).required) == 2


def test_a_pasted_paragraph_is_more_like_this():
    text = " ".join(f"từ{i}" for i in range(wordquery.MAX_REQUIRED + 5))
    wq = wordquery.build(text, curated(), None)
    assert wq.similar and isinstance(wq.node, Q.Or)
