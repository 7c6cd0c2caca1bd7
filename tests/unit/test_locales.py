"""Every string exists in English, Korean and Japanese, with the same placeholders; code stays
code, each term has one rendering (reviews/locales.md), and the notation is one style."""
import re
import string
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest

from actlib.activations import REGISTRY
from ui.i18n import LANGS, catalogue

ROOT = Path(__file__).resolve().parents[2]
HANGUL = re.compile(r"[\uac00-\ud7a3]")
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")      # hiragana, katakana, kanji
PROSE = re.compile(r"[a-z]{4,}")       # an English word: names and formulas have none


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def needs_translation(text: str) -> bool:
    return bool(PROSE.search(re.sub(r"\{[^}]*\}", "", text)))


EN = catalogue("en")


def glossary_texts(lang: str) -> dict[str, str]:
    """The glossary page's texts (locales/glossary.toml) keyed like catalogue entries."""
    with open(ROOT / "locales" / "glossary.toml", "rb") as f:
        rows = tomllib.load(f)["term"]
    return {f"glossary.toml:{i}.{field}": row[lang][field]
            for i, row in enumerate(rows) for field in ("term", "definition")}


@pytest.mark.parametrize("lang", [lang for lang in LANGS if lang != "en"])
def test_same_keys_in_every_language(lang):
    other = catalogue(lang)
    assert sorted(set(EN) - set(other)) == [], f"missing in {lang}"
    assert sorted(set(other) - set(EN)) == [], f"only in {lang}"


@pytest.mark.parametrize("lang", [lang for lang in LANGS if lang != "en"])
def test_placeholders_match(lang):
    other = catalogue(lang)
    bad = [k for k in EN if k in other and placeholders(EN[k]) != placeholders(other[k])]
    assert bad == []


def test_korean_is_korean():
    ko = catalogue("ko")
    bad = [k for k, v in EN.items() if needs_translation(v) and not HANGUL.search(ko.get(k, ""))]
    assert bad == []


def test_japanese_is_japanese():
    ja = catalogue("ja")
    bad = [k for k, v in EN.items() if needs_translation(v)
           and (not JAPANESE.search(ja.get(k, "")) or ja.get(k) == v)]
    assert bad == []


def test_every_literal_key_used_in_code_exists():
    used = set()
    for path in [*ROOT.glob("views/*.py"), *ROOT.glob("ui/*.py"), ROOT / "app.py"]:
        used |= set(re.findall(r"""\bt\(\s*["']([a-z0-9_.]+)["']\s*[,)]""", path.read_text()))
    assert used, "found no t() calls"
    assert sorted(used - set(EN)) == []


def test_the_check_itself_catches_an_untranslated_value():
    assert needs_translation("Move the slider")
    assert not needs_translation("E[f(z)]") and not needs_translation("ReLU")


# --- Code identifiers are never translated -------------------------------------------------
# Derived, not copied: code-shaped spans of the English texts (Keras/PyTorch calls such as
# Dense(1, linear), nn.*/torch.*/np.* names, snake_case names, float32/float64, `spans`), the
# registry's display names and its parameter names. A registry name that is a plain English
# word (Sigmoid, Linear, Threshold) starts English sentences ("Sigmoid vanishes") and is then
# prose, which Korean and Japanese translate; elsewhere it is a name and stays. A parameter
# name that is also an English word (lower, upper, threshold) is code where it stands in a
# formula or a list of names: next to = ( ) + − / ^ ≤ ≥ < > , or a placeholder ("lower ≤
# upper", "βx = threshold", "(lower + upper)/2"), not in "a lower and an upper limit".
CODE_SPAN = re.compile(
    r"`[^`]+`"                                   # `code`
    r"|\b[A-Z]\w*\([^()]*\)"                     # Dense(6), Dense(1, linear), N(0, 1)
    r"|\b(?:nn|torch|np|F)\.[\w.]+(?:\([^()]*\))?"   # nn.ReLU, torch.nn.ELU(alpha=0.5), np.tanh
    r"|\b[a-z]+_[a-z_]+\b"                       # negative_slope, min_val
    r"|\bfloat(?:16|32|64)\b")
REGISTRY_NAMES = sorted({a.name for a in REGISTRY.values()}, key=len, reverse=True)
PLAIN_WORD = re.compile(r"[A-Z][a-z]+")
SENTENCE_START = re.compile(r"(?:^|[.:!?]\s+|\*\*)$")
# Threshold's parameter `value` is also the everyday word the English texts use in a dozen
# sentences, even before brackets ("the true value (e.g. …)"): as a word it is translated.
EVERYDAY_WORDS = {"value"}
PARAM_NAMES = sorted({p.name for a in REGISTRY.values() for p in a.params} - EVERYDAY_WORDS)
FORMULA_NEIGHBOUR = set("=()+−/^≤≥<>,{}")


def _in_formula(text: str, start: int, end: int) -> bool:
    before, after = text[:start].rstrip(), text[end:].lstrip()
    return bool(before and before[-1] in FORMULA_NEIGHBOUR
                or after and after[0] in FORMULA_NEIGHBOUR)


def code_identifiers(text: str) -> set[str]:
    """Every code identifier in an English value, placeholders replaced by {} first."""
    text = re.sub(r"\{[^}]*\}", "{}", text)
    found = set(CODE_SPAN.findall(text))
    for name in REGISTRY_NAMES:
        for m in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text):
            if not (PLAIN_WORD.fullmatch(name) and SENTENCE_START.search(text[:m.start()])):
                found.add(name)
    for name in PARAM_NAMES:                       # lowercase, as torch spells the argument
        if any(_in_formula(text, m.start(), m.end())
               for m in re.finditer(rf"(?<![\w-]){name}(?![\w-])", text)):
            found.add(name)
    return found


def translated_identifiers(en: dict, other: dict) -> dict[str, list[str]]:
    bad = {}
    for key, value in en.items():
        theirs = re.sub(r"\{[^}]*\}", "{}", other.get(key, ""))
        missing = sorted(i for i in code_identifiers(value) if i not in theirs)
        if missing:
            bad[key] = missing
    return bad


@pytest.mark.parametrize("lang", ["ko", "ja"])
def test_code_identifiers_are_never_translated(lang):
    assert translated_identifiers(EN, catalogue(lang)) == {}
    assert translated_identifiers(glossary_texts("en"), glossary_texts(lang)) == {}


def test_the_identifier_check_finds_what_the_review_found():
    # the review's example: gates.model_linear said "Dense(1, 선형)"
    assert translated_identifiers({"k": "One linear unit: Dense(1, linear)"},
                                  {"k": "선형 유닛 하나: Dense(1, 선형)"}) == {"k": ["Dense(1, linear)"]}
    assert code_identifiers("Lower clipping value (must stay below max_val)") == {"max_val"}
    assert code_identifiers("Leaky ReLU keeps a slope; lower ≤ upper") >= {"Leaky ReLU", "ReLU",
                                                                          "lower", "upper"}
    # a plain-word name opening a sentence is prose; the same name inside one is a name
    assert code_identifiers("Clipping at a lower and an upper limit; threshold θ") == set()
    assert code_identifiers("**Sigmoid vanishes:** after {n} layers") == set()
    assert code_identifiers("Linear layers collapse into one") == set()
    assert code_identifiers("Keras 2 puts Hardsigmoid at ±2.5") == {"Hardsigmoid"}
    # the derivation really reaches the registry and the Keras calls in en.toml
    everything = set().union(*map(code_identifiers, EN.values()))
    assert {"Dense(1, linear)", "Dense(1, sigmoid)", "negative_slope", "max_val", "threshold",
            "lower", "upper", "PReLU", "np.tanh", "float64"} <= everything


# --- Terminology: one rendering per term (reviews/locales.md, "Terminology to adopt") ---------
@dataclass(frozen=True)
class Term:
    en: str                       # regex over English values where the term occurs
    ko: str                       # the one Korean rendering (literal): every such value has it
    ja: str                       # the one Japanese rendering (literal)
    ko_not: tuple[str, ...] = ()  # regexes of the variants it replaced: never again in ko
    ja_not: tuple[str, ...] = ()
    keys: str = ""                # regex over keys the term applies to ("" = every key)
    allow: tuple[str, ...] = ()   # keys where a *_not variant is the right word (legends)


TERMS = [
    Term(r"(?i)random seed", "난수 시드", "乱数シード", ko_not=("랜덤 시드", "무작위 시드"),
         ja_not=("ランダムシード",)),
    Term(r"\bcourse\b", "강의", "講義", ko_not=("강좌",), ja_not=("講座",)),
    Term(r"\bnet(?:work)?s?\b", "신경망", "ネット", ko_not=("네트워크",),
         ja_not=("ネット(?!ワーク)",), allow=("relu.built",)),          # ネット only in legends
    Term(r"(?i)zero-centred", "0 중심", "ゼロ中心", ko_not=("영점 중심",), ja_not=("零中心",)),
    Term(r"subgradient", "서브그래디언트", "劣勾配", ko_not=("부분 ?기울기",),
         ja_not=("サブグラディエント", "部分勾配")),
    Term(r"\bkinks?\b", "꺾인 점", "折れ点", ko_not=("꺾이는 점",), ja_not=("折れ曲がり点",)),
    Term(r"$^", "불연속(점프)", "不連続点（ジャンプ）", ko_not=("뛰어오", "끊긴 점", "끊김"),
         ja_not=("跳",)),                                  # jump: wording varies, variants don't
    Term(r"pre-activation", "사전 활성화 값", "活性化前の値", ko_not=("활성화 전 값",),
         ja_not=("前活性",)),
    Term(r"\bhinges?\b", "힌지", "ヒンジ", ko_not=("경첩",), ja_not=("蝶番",)),
    Term(r"$^", "죽은 유닛", "死んだユニット", ko_not=("죽은 뉴런",),
         ja_not=("死んだニューロン", "定数（死んだ）", "潰れ")),
    Term(r"constant", "상수", "定数", ko_not=("무너",), keys=r"relu\.(outcomes|why_constant|constant)$"),
    Term(r"convention", "관례", "規約", ko_not=("규약",), ja_not=("慣例",)),
    Term(r"\bparameters?\b", "매개변수", "パラメータ", ko_not=("파라미터",),
         keys=r"(explorer|compare|calculus|props|param)\.|gates\.bad_setting$"),
    Term(r"\bparameters?\b", "파라미터", "パラメータ", ko_not=("매개변수",),
         keys=r"relu\.|gates\.setup_line$"),
    Term(r"$^", "매개변수", "パラメータ", ja_not=("パラメーター", "媒介変数")),
    Term(r"trainable parameters", "학습 가능한 파라미터", "学習可能なパラメータ",
         ko_not=("학습 파라미터",), ja_not=("学習するパラメータ",)),
    Term(r"(?i)gradient (?:training|descent)", "경사 하강법", "勾配降下法", ko_not=("경사 학습",)),
    Term(r"\btooth\b|sawtooth", "톱니", "のこぎり歯", ja_not=("歯の関数",)),
    Term(r"clipping", "클리핑", "クリップ", ko_not=("자르는 값",), ja_not=("切り取り",)),
    Term(r"almost everywhere", "거의 모든 곳에서", "ほとんど至るところで",
         ja_not=("ほとんどの場所",)),
    Term(r"^no$", "아니요", "いいえ", ko_not=("아니오",)),
    Term(r"\bpicture\b", "이미지", "画像", ko_not=("그림",), keys=r"image\."),
    Term(r"scaled to \[0, 1\]", "[0, 1]로 조정", "スケーリング", ja_not=("揃え",)),
    Term(r"$^", "난수", "サンプリング", ja_not=(r"\) から引き", "で引く")),   # 引く = subtract
    Term(r"$^", "적용", "適用", ja_not=("ステップ関数をかけ",)),              # かける = multiply
    Term(r"\bsaturation\b", "포화", "飽和"),
    Term(r"\(vanishes\)", "소실", "消失"),
    Term(r"(?i)decision line", "결정 경계선", "決定境界"),
    Term(r"(?i)learning rate", "학습률", "学習率"),
    Term(r"(?i)\bepochs?\b", "에포크", "エポック"),
    Term(r"truncation", "절단 오차", "打ち切り誤差"),
    Term(r"round-off", "반올림 오차", "丸め誤差"),
    Term(r"forward difference|^forward:", "전진 차분", "前進差分"),
    Term(r"central difference|^central:", "중심 차분", "中心差分"),
    Term(r"(?i)backpropagation", "역전파", "逆伝播"),
    Term(r"(?i)hidden layers?\b", "은닉층", "隠れ層"),
    Term(r"(?i)activation functions?", "활성화 함수", "活性化関数"),
    Term(r"(?i)perceptron", "퍼셉트론", "パーセプトロン"),
    Term(r"(?i)threshold θ", "임계값", "しきい値"),
    Term(r"(?i)\blogits?\b", "로짓", "ロジット"),
    Term(r"(?i)overflow", "오버플로", "オーバーフロー"),
    Term(r"(?i)binary step", "이진 계단 함수", "ステップ関数"),
    Term(r"(?i)noise floor", "잡음 하한", "ノイズの下限"),
    Term(r"(?i)flat regions?", "평탄 구간", "平坦な区間"),
    Term(r"\bbias\b", "편향", "バイアス"),
    Term(r"(?i)^temperature", "온도", "温度"),
    Term(r"(?i)\bcharts?\b", "차트", "グラフ", ko_not=("3D 그림", "작은 그래프", "한 그래프")),
]


def _applies(term: Term, key: str) -> bool:
    return not term.keys or re.search(term.keys, key) is not None


def _without_shared_titles(en: str, other: str) -> str:
    """The English value minus the “quoted” titles the translation cites verbatim: a paper
    title such as “Benefits of depth in neural networks” stays in English in every language,
    so its words ("networks") are not terms the translation has to render."""
    en = re.sub(r"\{[^}]*\}", "", en)      # a placeholder's name ({epochs}) is not a word shown
    return re.sub(r"“[^”]*”", lambda m: "" if m.group(0) in other else m.group(0), en)


@pytest.mark.parametrize("lang", ["ko", "ja"])
def test_each_term_has_its_one_rendering(lang):
    other = catalogue(lang)
    missing = [(key, getattr(term, lang)) for term in TERMS for key, value in EN.items()
               if _applies(term, key)
               and re.search(term.en, _without_shared_titles(value, other[key]))
               and getattr(term, lang) not in other[key]]
    assert missing == []


@pytest.mark.parametrize("lang", ["ko", "ja"])
def test_replaced_variants_do_not_come_back(lang):
    other = catalogue(lang)
    back = [(key, variant) for term in TERMS for variant in getattr(term, f"{lang}_not")
            for key, value in other.items()
            if _applies(term, key) and key not in term.allow and re.search(variant, value)]
    assert back == []


def test_every_adopted_rendering_is_used():
    for lang in ("ko", "ja"):
        text = "\n".join(catalogue(lang).values())
        assert [t.en for t in TERMS if getattr(t, lang) not in text] == [], lang


def test_the_glossary_shows_the_adopted_terms():
    """Each glossary row for a reviewed term names it as the pages do (locales/glossary.toml)."""
    with open(ROOT / "locales" / "glossary.toml", "rb") as f:
        rows = tomllib.load(f)["term"]
    checked, wrong = 0, []
    for row in rows:
        for term in TERMS:
            if term.keys or not re.search(term.en, row["en"]["term"]):
                continue                  # key-scoped terms depend on the page, not the word
            checked += 1
            wrong += [(row["en"]["term"], lang) for lang in ("ko", "ja")
                      if getattr(term, lang) not in row[lang]["term"]]
    assert wrong == []
    assert checked >= 30, checked         # the glossary really covers the terminology list


# --- Korean particles and Japanese notation ---------------------------------------------------
# A particle after a placeholder cannot know the value's last sound: always 이(가), 을(를), 은(는),
# (으)로. 이고/이며/입니다 after a number are the copula, not a particle.
BARE_PARTICLE = re.compile(r"\}\**(?:[은는가을를와과로]|으로|이(?![(고며다]))(?!\()")


def test_korean_particles_after_placeholders_take_both_forms():
    ko = catalogue("ko")
    assert {k: v for k, v in ko.items() if BARE_PARTICLE.search(v)} == {}
    assert BARE_PARTICLE.search("{value}는 지원하지") and BARE_PARTICLE.search("{value}로 정합니다")
    assert not BARE_PARTICLE.search("{value}은(는) {x}(으)로 {n}개 {right}이고 {s}입니다")


JA_CHARS = r"\u3040-\u30ff\u4e00-\u9fff"
JA_NOTATION = {
    "half-width colon (use ：)": re.compile(r":(?=\s|\*\*|$)"),
    "numeral touching Japanese (use a space: 4 点, 1 つ)":
        re.compile(rf"[{JA_CHARS}][0-9]|[0-9][{JA_CHARS}]"),   # not "}": a placeholder
        # filled with a counted phrase ("1000 エポック") takes its particle directly
    "kanji or kana numeral (use 1 つ, 2 つ)": re.compile(r"ひとつ|ふたつ|一つ|二つ|三つ"),
    "half-width question mark (use ？)": re.compile(rf"[{JA_CHARS}]\?"),
}


ENGLISH_QUOTE = re.compile(rf"“[^”{JA_CHARS}]*”")      # a quotation with no Japanese in it


@pytest.mark.parametrize("rule", list(JA_NOTATION))
def test_japanese_notation_is_one_style(rule):
    ja = catalogue("ja") | glossary_texts("ja")
    # A cited English title (“Dying ReLU and initialization: theory …”) keeps its own colon.
    ja = {k: ENGLISH_QUOTE.sub("", v) for k, v in ja.items()}
    assert {k: v for k, v in ja.items() if JA_NOTATION[rule].search(v)} == {}


def test_the_notation_rules_catch_the_reviewed_drift():
    found = {rule for rule, rx in JA_NOTATION.items()
             for old in ("例: 1, -10", "4点", "ひとつの層", "オーバーフロー?") if rx.search(old)}
    assert found == set(JA_NOTATION)
