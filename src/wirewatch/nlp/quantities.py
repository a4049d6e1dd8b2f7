"""Quantities: value, normalised unit, approximator, bounds and the thing counted.

``approx`` is one of:
- ``exact`` ("101 soldiers"), ``approximate`` ("about 300"), ``estimated`` ("an estimated 15,000"),
- ``more_than`` ("over 600", low = 600), ``at_least`` ("at least 5", low = 5),
- ``less_than`` ("fewer than 20", high = 20), ``at_most`` ("up to 30", high = 30),
- ``range`` ("between 10 and 12", "thousands of": low and high, value the low end or None).
``unit`` is a currency code (USD, GBP, EUR, ...), ``percent``, a physical unit (km, tonne, ...), or
None for counts of things; ``counted`` is the noun phrase counted ("troops", "North Korean soldiers"),
from the dependency parse.
Years, dates, times of day and ordinals are not quantities.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..model import Analysis, Quantity

WORD_NUMBERS: dict[str, float] = {w: float(i) for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen".split())}
WORD_NUMBERS.update({w: 10.0 * (i + 2) for i, w in enumerate(
    "twenty thirty forty fifty sixty seventy eighty ninety".split())})
WORD_NUMBERS.update({"dozen": 12, "a dozen": 12, "hundred": 100, "a hundred": 100, "thousand": 1000,
                     "a thousand": 1000, "million": 1e6, "a million": 1e6, "half a million": 5e5,
                     "billion": 1e9})
SCALES = {"thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "mn": 1e6, "billion": 1e9, "bn": 1e9, "b": 1e9,
          "trillion": 1e12, "tn": 1e12}
#: "thousands of" and friends: the range the plural implies, from one to ten of the unit (NewsQuant's
#: convention: "dozens" 12-120, "thousands" 1,000-10,000).
VAGUE = {"dozens": (12, 120), "scores": (40, 200), "hundreds": (100, 1000), "thousands": (1000, 10000),
         "tens of thousands": (10000, 100000), "hundreds of thousands": (100000, 1000000),
         "millions": (1e6, 1e7), "billions": (1e9, 1e10)}
CURRENCY_SYMBOLS = {"$": "USD", "us$": "USD", "hk$": "HKD", "a$": "AUD", "c$": "CAD", "s$": "SGD", "nz$": "NZD",
                    "rm": "MYR", "usd": "USD", "eur": "EUR", "gbp": "GBP", "inr": "INR", "rs": "INR", "ps": "GBP",
                    "£": "GBP", "€": "EUR", "¥": "JPY", "₩": "KRW", "₽": "RUB", "y=": "JPY",
                    "$us": "USD", "$a": "AUD", "$nz": "NZD", "$c": "CAD", "$s": "SGD", "$hk": "HKD"}
CURRENCY_CODES = frozenset(CURRENCY_SYMBOLS.values())
UNITS_FILE = Path(__file__).resolve().parent.parent / "data" / "units.tsv"


def load_units(path: Path = UNITS_FILE) -> tuple[dict[str, str], dict[str, str]]:
    """Units after a number from a tab-separated file: surface, normalised unit, ``i`` (any case) or ``c``.

    Returns (case-insensitive surface (lower) -> unit, exact-case surface -> unit).
    """
    folded: dict[str, str] = {}
    exact: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) < 2:
            continue
        case = parts[2].strip() if len(parts) > 2 else "i"
        if case == "c":
            exact[parts[0]] = parts[1].strip()
        else:
            folded[parts[0].lower()] = parts[1].strip()
    return folded, exact


UNITS_FOLDED, UNITS_EXACT = load_units()


def _unit_pattern() -> str:
    forms = [(re.escape(f), False) for f in UNITS_FOLDED] + [(re.escape(f), True) for f in UNITS_EXACT]
    forms.sort(key=lambda p: -len(p[0]))
    return "|".join(f"(?-i:{f})" if exact else f for f, exact in forms)


APPROX = [("an estimated", "estimated"), ("estimated", "estimated"), ("approximately", "approximate"),
          ("about", "approximate"), ("around", "approximate"), ("roughly", "approximate"), ("some", "approximate"),
          ("nearly", "approximate"), ("almost", "approximate"), ("close to", "approximate"),
          ("more than", "more_than"), ("over", "more_than"), ("above", "more_than"), ("upwards of", "more_than"),
          ("at least", "at_least"), ("no fewer than", "at_least"), ("a minimum of", "at_least"),
          ("fewer than", "less_than"), ("less than", "less_than"), ("under", "less_than"), ("below", "less_than"),
          ("up to", "at_most"), ("at most", "at_most"), ("as many as", "at_most"), ("a maximum of", "at_most")]

_NUMWORD = "|".join(sorted((re.escape(w) for w in WORD_NUMBERS), key=len, reverse=True))
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|(?<![\w.,])\.\d+"  # ".500" too
_SCALE = r"(?:thousand|million|billion|trillion|bn|tn|mn|m(?!\.\w)|k|b)\b"
_APPROX = "|".join(re.escape(a) for a, _ in sorted(APPROX, key=lambda p: -len(p[0])))
#: currency signs, and codes written right before the digits ("RM23.50", "USD1,700", "$US160", "Y=28,030")
_CUR = (r"(?:(?-i:US|HK|A|C|S|NZ)\s?\$|\$(?-i:US|HK|NZ|A|C|S)(?=\d)|\$|£|€|¥|₩|₽"
        r"|(?-i:RM|USD|EUR|GBP|INR|Rs\.?|PS|Y=)(?=\d))")
_VAGUE = "|".join(sorted((re.escape(v) for v in VAGUE), key=len, reverse=True))

QUANTITY = re.compile(
    rf"(?:(?P<approx>{_APPROX})\s+)?"
    rf"(?:between\s+(?P<lo>{_DIGITS})\s+and\s+(?=\S))?"
    rf"(?:(?P<cur>{_CUR})\s?)?"
    rf"(?P<neg>(?<![\w.,])[-−]|minus[- ]?)?"
    rf"(?P<num>{_DIGITS}|\b(?:{_NUMWORD})\b)"
    rf"(?:\s?(?P<scale>{_SCALE}))?"
    rf"(?:\s?(?:-to-|-|to|–)\s?{_CUR}?(?P<hi>{_DIGITS})(?:\s?(?P<hiscale>{_SCALE}))?)?"
    rf"(?:\s?[×x]\s?10(?:\^(?P<exp>[-−]?\d{{1,3}})|(?P<negexp>[-−]\d{{1,3}}))\b)?"  # "1.99×10−30", "x10^6"
    rf"(?:(?:\s?|-)(?P<unit>{_unit_pattern()})(?!\w))?",
    re.I,
)
FRACTION_PARTS = {"half": 2, "halves": 2, "third": 3, "quarter": 4, "fourth": 4, "fifth": 5, "tenth": 10}
#: "a third of", "two-thirds of", "one fourth of", "half the condos": a share, value the fraction
FRACTION_RE = re.compile(
    r"\b(?:(?P<n>an?|one|two|three|four)[- ](?P<d>half|third|quarter|fourth|fifth|tenth)s?|(?P<half>half))"
    r"(?=\s+(?:of|the|an?|its|their|his|her)\b)", re.I)
VAGUE_RE = re.compile(rf"\b(?P<vague>{_VAGUE})\s+of\b", re.I)
#: "a 35-year-old", "an 18-month-old": age, in NewsQuant's normal form.
AGE_AFTER = re.compile(r"[- ]?(?P<age>year|month|week|day)s?[- ]old\b", re.I)
#: "Jamie Armstrong, 25," — a person's age in apposition
AGE_APPOSITION = re.compile(r"\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)*, $")
#: "Nick Hague 44 has spent" — the same without commas: a full name, the age, a verb
AGE_NAME = re.compile(r"\b[A-Z][a-z]+\s+[A-Z][a-z]+ $")
AGE_VERB = re.compile(r"\s+(?:has|had|is|was|said|says|told|will|would|who)\b")
SENTENCE_END = re.compile(r"[.!?](?:\s|$)")
#: a number compared with an earlier count of the same thing: "460 vehicles ... compared with 63"
COMPARED_BEFORE = re.compile(r"\b(?:compared (?:with|to)|against|versus|vs\.?|and|from)\s+$", re.I)
LEVEL_BEFORE = re.compile(r"\b(?:to|at)\s+$", re.I)
#: "$58 per barrel", "$3,500 a month", "140 km/h": a rate after a unit.
#: not "$6.78 billion a year earlier"; "52,000 barrel-a-day" is a rate
PER_AFTER = re.compile(r"[\s-]*(?:(?:per|an?)[\s-]+(?P<word>[a-z]+)\b"
                       r"(?![\s-]+(?:earlier|ago|before|after|later|on|prior)\b)|/(?P<abbr>[a-z]+)\b)", re.I)
PER_ABBR = {"h": "hour", "hr": "hour", "s": "second", "sec": "second", "min": "minute", "d": "day", "yr": "year"}
TIME_WORDS = {"second", "minute", "hour", "day", "week", "month", "year", "night", "share", "barrel", "gallon",
              "litre", "liter", "tonne", "ton", "person", "head", "kilo", "kilogram", "gram", "ounce"}
NAME_LABELS = frozenset({"PRODUCT", "WORK_OF_ART", "ORG", "FAC", "EVENT", "LAW"})
TIME_PLURALS = frozenset(w + s for w in ("second", "minute", "hour", "day", "week", "month", "year", "decade",
                                          "century", "time") for s in ("", "s")) | {"centuries"}
RANGE_LEAD = re.compile(r"\b(?:between|from)\s+$", re.I)
RANGE_TO = re.compile(r"\s*(?:to|-|–)\s*", re.I)
RANGE_OR = re.compile(r"\s+or\s+", re.I)
RANGE_OR_TO = re.compile(r"\s+(?:or|to)\s+", re.I)
RANGE_HERE = re.compile(r"\s*")
#: a change, not a range, before "5% to 20%": "rose 5% to 20%", "up 5% to 20%"
CHANGE_BEFORE = re.compile(
    r"\b(?:r[io]se[ns]?|rising|f[ae]ll(?:s|en|ing)?|up|down|by|(?:increas|decreas|declin|climb|jump|gain|drop|slipp"
    r"|surg|plung|soar|tumbl|slump|edg|eas|add|shed|grow|grew|lost|los|cut|rais|lower|boost)\w*)\s+$", re.I)
RANGE_AND = re.compile(r"\s*and\s*", re.I)
MONTH_AFTER = re.compile(r"\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b\.?", re.I)
#: an index name: "S&P 500", "S&P/ASX 200"
INDEX_BEFORE = re.compile(r"[A-Z]+[&/][\w&/]* $")
NAME_BEFORE = re.compile(r"(?:[A-Za-z]|[A-Za-z]-|[A-Z]{2,}\.)$")  # "SF90", "TA-35", "ID.3"
TIME_AFTER = re.compile(r"\s?(?:am|pm|a\.m\.|p\.m\.|(?-i:GMT|UTC|EST|EDT|BST|CET))(?![a-z])", re.I)
#: a year of an era: "A.D. 1000", "300 BC"
ERA_BEFORE = re.compile(r"\b(?:A\.D\.|AD|B\.C\.|BC|BCE|CE)\s*$")
ERA_AFTER = re.compile(r"\s*(?:A\.D\.|AD|B\.C\.|BC|BCE|CE)\b")
#: "one" as a pronoun ("the same one", "this one") or a determiner before a number ("one 52,000 barrel-a-day")
ONE_PRONOUN_BEFORE = re.compile(r"\b(?:the|same|this|that|each|every|any|no|another|which)\s+$", re.I)
#: a capitalised word (not the sentence's first) right before a bare number, as in product and index names
PROPER_BEFORE = re.compile(r"[a-z,:;]\s+(?:[A-Z][\w&]*|[a-z]+[A-Z]\w*) $")
NAME_AFTER = re.compile(r"(?:\s+[A-Z]|\s*[.,;:)]?\s*$|[.,;:)](?:\s|$)|[’']s\b)")
MONTH_BEFORE = re.compile(r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s*$", re.I)


def _value(text: str) -> float | None:
    t = text.lower().replace(",", "")
    if t in WORD_NUMBERS:
        return float(WORD_NUMBERS[t])
    try:
        return float(t)
    except ValueError:
        return None


def _is_not_quantity(text: str, m: re.Match[str]) -> bool:
    num = m.group("num")
    before = text[max(0, m.start() - 12) : m.start()]
    after = text[m.end() : m.end() + 3]
    if re.fullmatch(r"(1[89]\d\d|20\d\d)", num) and not (m.group("cur") or m.group("unit") or m.group("scale")):
        return True  # a year
    if re.fullmatch(r"2[1-9]\d\d", num) and re.search(r"\b(?:by|in|until|till|before|after|since)\s+$", before, re.I) \
            and not (m.group("cur") or m.group("unit") or m.group("scale") or m.group("approx")):
        return True  # a future year: "by 2120"
    plain = not (m.group("cur") or m.group("unit") or m.group("scale") or m.group("approx"))
    if NAME_BEFORE.search(before) and plain:
        return True  # a model or index name: "SF90", "TA-35", "X-Pro3"
    if TIME_AFTER.match(text, m.end()) and plain:
        return True  # "10.45pm", "5 a.m."
    if plain and PROPER_BEFORE.search(before) and NAME_AFTER.match(text, m.end()):
        return True  # "iPhone 11 Pro", "the S&P 500.", "Big 12."
    if plain and (MONTH_AFTER.match(text, m.end()) or INDEX_BEFORE.search(before)):
        return True  # "on 9 May", "the S&P 500"
    if plain and (ERA_BEFORE.search(before) or ERA_AFTER.match(text, m.end())):
        return True  # "A.D. 1000", "300 BC"
    if plain and num.lower() == "one" and (ONE_PRONOUN_BEFORE.search(text[: m.start()])
                                           or re.match(r"\s+\d", text[m.end() :])):
        return True  # "the same one", "one 52,000 barrel-a-day refinery"
    if MONTH_BEFORE.search(before) and not m.group("cur"):
        return True  # "March 21"
    # ordinal, time of day; "one of the best screens" is a quantity too (NewsQuant counts it)
    return bool(re.match(r"(?:st|nd|rd|th)\b|:\d", after) or re.search(r"\d:$", before))


def _in_name(doc: Any, m: re.Match[str]) -> bool:
    """A bare number inside a named product, work or organisation ("Model 3 sedans", "The S&P 500 is up")."""
    if doc is None or m.group("cur") or m.group("unit") or m.group("scale") or m.group("approx"):
        return False
    span = doc.char_span(m.start("num"), m.end("num"), alignment_mode="expand")
    if span is None:
        return False
    ent = next((e for e in doc.ents if e.start <= span.start and span.end <= e.end), None)
    return ent is not None and ent.label_ in NAME_LABELS \
        and any(t.is_alpha and t.text[0].isupper() and t.lower_ != "the" for t in ent)


def _per(text: str, end: int, unit: str) -> tuple[str, int]:
    """A rate after a unit ("per barrel", "a month", "/h") becomes part of the unit."""
    m = PER_AFTER.match(text, end)
    if not m:
        return unit, end
    if m.group("abbr"):
        word = PER_ABBR.get(m.group("abbr").lower())
    else:
        word = m.group("word").lower()
        word = word[:-1] if word.endswith("s") and word[:-1] in TIME_WORDS else word
        if not text[m.start() : m.end()].strip().lower().startswith("per") and word not in TIME_WORDS:
            word = None
    return (f"{unit} per {word}", m.end()) if word else (unit, end)


def _counted(doc: Any, start: int, end: int, text: str) -> str | None:
    if doc is None:
        return None
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return None
    num = span[-1]
    noun = num.head if num.dep_ in ("nummod", "quantmod", "compound", "amod") and num.head.i > num.i else None
    if noun is None:
        nxt = doc[num.i + 1] if num.i + 1 < len(doc) else None
        if nxt is not None and (nxt.lower_ == "of" or (nxt.pos_ == "DET" and nxt.dep_ == "det")):
            # "two of Johnson's deputies", "dozens of Kia and Hyundai vehicles", "half the condos";
            # not "half of which are in California"
            for t in doc[nxt.i + (nxt.lower_ == "of") : nxt.i + 7]:
                if t.pos_ in ("NOUN", "PROPN") and not t.like_num:
                    noun = t
                    break
                modifier = t.pos_ in ("DET", "ADJ", "NUM", "PART", "CCONJ", "ADV", "PUNCT") \
                    or t.dep_ in ("poss", "amod", "compound", "punct")
                if not modifier or t.lower_ in ("which", "whom"):
                    break
            while noun is not None and noun.dep_ in ("compound", "amod", "nmod", "poss") and noun.head.i > noun.i:
                noun = noun.head
        elif nxt is not None and nxt.pos_ in ("NOUN", "PROPN", "ADJ"):
            noun = nxt if nxt.pos_ != "ADJ" else nxt.head
    if noun is None or noun.pos_ not in ("NOUN", "PROPN"):
        return None
    first = noun.i
    for child in noun.lefts:
        if child.i > num.i and child.dep_ in ("compound", "amod", "nmod", "npadvmod"):
            first = min(first, max(child.left_edge.i, num.i + 1))
    last = noun
    of = doc[noun.i + 1] if noun.i + 1 < len(doc) else None
    if of is not None and of.lower_ == "of" and noun.i > num.i and noun.pos_ == "NOUN" \
            and noun.lower_ not in TIME_PLURALS and of.i + 1 < len(doc) and doc[of.i + 1].pos_ == "NOUN":
        # "5,700 categories of products", "65 snaps of man coverage": the kind of thing counted
        pobj = next((t for t in of.children if t.dep_ == "pobj" and t.pos_ == "NOUN"), None)
        if pobj is not None and all(t.pos_ in ("NOUN", "ADJ") for t in doc[of.i + 1 : pobj.i + 1]):
            last = pobj
    return text[doc[first].idx : last.idx + len(last.text)]


def extract_quantities(text: str, doc: Any = None, stage: str = "quantities") -> list[Quantity]:
    out: list[Quantity] = []
    taken: list[tuple[int, int]] = []
    for m in VAGUE_RE.finditer(text):
        vague_low, vague_high = VAGUE[m.group("vague").lower()]
        counted = _counted(doc, m.start(), m.start() + len(m.group("vague")), text)
        out.append(Quantity(start=m.start(), end=m.end() - 3, text=text[m.start() : m.end() - 3], value=None,
                            stage=stage, approx="range", low=vague_low, high=vague_high, counted=counted))
        taken.append((m.start(), m.end()))
    for m in FRACTION_RE.finditer(text):
        if m.group("half"):
            share = 0.5
        else:
            n = m.group("n").lower()
            share = (1.0 if n in ("a", "an") else WORD_NUMBERS[n]) / FRACTION_PARTS[m.group("d").lower()]
        counted = _counted(doc, m.start(), m.end(), text)
        out.append(Quantity(start=m.start(), end=m.end(), text=m.group(0), value=share, stage=stage,
                            unit=None if counted else "fraction", approx="exact", counted=counted))
        taken.append((m.start(), m.end()))
    for m in QUANTITY.finditer(text):
        if not m.group("num") or any(m.start() < e and s < m.end() for s, e in taken):
            continue
        if _is_not_quantity(text, m) or _in_name(doc, m):
            continue
        value = _value(m.group("num"))
        if value is None:
            continue
        if m.group("neg"):
            value = -value
        exponent = m.group("exp") or m.group("negexp")
        if exponent:
            value *= 10.0 ** int(exponent.replace("−", "-"))
        scale = SCALES.get((m.group("scale") or "").lower(), 1.0)
        value *= scale
        unit = None
        if m.group("cur"):
            unit = CURRENCY_SYMBOLS.get(re.sub(r"[\s.]", "", m.group("cur").lower()), "USD")
        elif m.group("unit"):
            u = m.group("unit").strip()
            unit = UNITS_EXACT.get(u) or UNITS_FOLDED.get(u.lower(), u)
        approx = dict(APPROX).get((m.group("approx") or "").lower(), "exact")
        low: float | None = None
        high: float | None = None
        if m.group("lo"):
            low, high, approx = (_value(m.group("lo")) or 0) * scale, value, "range"
            value = low
        elif m.group("hi"):
            hi = _value(m.group("hi"))
            if hi is not None:
                hiscale = SCALES.get((m.group("hiscale") or "").lower(), scale)
                if not m.group("scale") and value <= hi:
                    value *= hiscale  # "$10 to $15 billion": the scale is shared
                low, high, approx = value, hi * hiscale, "range"
        if approx in ("more_than", "at_least"):
            low = value
        elif approx in ("less_than", "at_most"):
            high = value
        start, end = m.start(), m.end()
        while end > start and text[end - 1].isspace():
            end -= 1
        age = AGE_AFTER.match(text, end) if not unit else None
        if age:
            unit, end = f"{age.group('age').lower()} of age", age.end()
        elif not unit and approx == "exact" and value.is_integer() and 1 <= value <= 110 and (
                (AGE_APPOSITION.search(text[:start]) and re.match(r",\s+[a-z]", text[end:]))
                or (AGE_NAME.search(text[:start]) and AGE_VERB.match(text, end))):
            unit = "year of age"  # "Jamie Armstrong, 25, said", "Nick Hague 44 has spent"
        elif unit:
            unit, end = _per(text, end, unit)
        counted = None if unit else _counted(doc, start, end, text)
        if counted:
            at = text.find(counted, end)
            if 0 <= at <= end + 2:
                rate, _ = _per(text, at + len(counted), counted)  # "3,000 tests per day"
                counted = rate if rate != counted else counted
        out.append(Quantity(start=start, end=end, text=text[start:end], value=value, stage=stage, unit=unit,
                            approx=approx, low=low, high=high, counted=counted))
        taken.append((start, end))
    out.sort(key=lambda q: q.start)
    return _elided_units(text, _join_ranges(text, out, stage))


def _elided_units(text: str, found: list[Quantity]) -> list[Quantity]:
    """Units and counted nouns a sentence leaves out: a bare number after "to" or "at" in a sentence that moved
    by points is an index level in points ("The S&P 500 rose 64.06 points to 4,577.10"); a bare number compared
    with an earlier count counts the same thing ("460 cars ... compared with 63")."""
    seen_points = False
    counted: str | None = None
    last_end = 0
    for q in found:
        if SENTENCE_END.search(text, last_end, q.start):
            seen_points, counted = False, None
        last_end = q.end
        if q.unit == "point":
            seen_points = True
        elif seen_points and q.unit is None and q.counted is None and q.value is not None \
                and LEVEL_BEFORE.search(text[: q.start]):
            q.unit = "point"
        elif counted and q.unit is None and q.counted is None and q.value is not None \
                and COMPARED_BEFORE.search(text[: q.start]):
            q.counted = counted  # "460 vehicles have been stolen, compared with 63 last year"
        if q.unit is None and q.counted and q.counted.split()[-1].lower() not in TIME_PLURALS:
            counted = q.counted  # a count of things, not a span of time
    return found


def _join_ranges(text: str, found: list[Quantity], stage: str) -> list[Quantity]:
    """Two quantities of one unit make a range: "from $36,040 to $34,935", "between 5% and 6%",
    "15 per cent to 20 per cent" (the low end smaller, no change verb before: not "rose 5% to 20%"),
    "from 208 pounds to 193" (the unit shared), "from 450 sq ft up to 900 sq ft"; "three or four years".
    A bare number before "or" and a sum of money is money too ("about 8 or $9")."""
    out: list[Quantity] = []
    i = 0
    while i < len(found):
        q = found[i]
        nxt = found[i + 1] if i + 1 < len(found) else None
        if nxt is None or q.value is None or nxt.value is None:
            out.append(q)
            i += 1
            continue
        gap = text[q.end : nxt.start]
        lead = RANGE_LEAD.search(text[: q.start])
        up_to = nxt.approx == "at_most" and nxt.text.lower().startswith("up to")
        same_unit = not q.unit or (nxt.unit or "").startswith(q.unit)
        shared = bool(q.unit) and nxt.unit is None and not nxt.counted
        if q.approx == "exact" and (nxt.approx == "exact" or (up_to and lead is not None)) and (same_unit or shared):
            link: re.Pattern[str] | None
            if lead is not None:
                link = RANGE_AND if lead.group(0).strip().lower() == "between" else RANGE_TO
                if up_to and not gap.strip():
                    link = RANGE_HERE
            elif not q.unit:  # "three or four years": only a bare number before "or"; "one to two years"
                link = RANGE_OR if q.counted in (None, nxt.counted) else None
                if q.counted is None and q.value < nxt.value and not CHANGE_BEFORE.search(text[: q.start]):
                    link = RANGE_OR_TO
            elif q.unit == nxt.unit and q.value < nxt.value and not CHANGE_BEFORE.search(text[: q.start]):
                link = RANGE_TO
            else:
                link = None
            if link is not None and link.fullmatch(gap):
                start = lead.start() if lead is not None else q.start
                out.append(Quantity(start=start, end=nxt.end, text=text[start : nxt.end], value=q.value,
                                    stage=stage, unit=nxt.unit or q.unit, approx="range", low=q.value,
                                    high=nxt.value, counted=nxt.counted))
                i += 2
                continue
        if not q.unit and not q.counted and nxt.unit in CURRENCY_CODES and RANGE_OR.fullmatch(gap):
            q.unit = nxt.unit
        out.append(q)
        i += 1
    return out


class QuantityStage:
    """Finds quantities with their unit, approximator, bounds and counted noun."""

    name = "quantities"
    requires: tuple[str, ...] = ("nlp", "sentences")
    provides: tuple[str, ...] = ("quantities",)

    def __call__(self, analysis: Analysis) -> None:
        analysis.quantities = extract_quantities(analysis.text, analysis.nlp, self.name)
