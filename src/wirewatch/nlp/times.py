"""Time expressions, recognised by our own patterns and normalised TIMEX3-style.

Relative expressions are anchored on the publication date *and on the tense of their clause*:
"Saturday" in a past-tense report is the Saturday on or before publication; "on Sunday" under
"is scheduled to travel" is the next Sunday; "in November" in a past-tense clause is the most
recent November. Without a publication date, values stay partial (``XXXX-03-21``,
``XXXX-WXX-6`` for a Saturday) or, for purely relative expressions ("yesterday"), ``None`` with
``anchored=False``: never today's date.

Off-the-shelf parsers get news wrong here (dateparser sends "Saturday" a week back with
prefer-past and "in November" into the future), which is why this rule layer is ours.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from ..model import Analysis, TimeValue

MONTHS = {m: i + 1 for i, m in enumerate(
    "january february march april may june july august september october november december".split())}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})
MONTHS["sept"] = 9
WEEKDAYS = {d: i for i, d in enumerate(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])}
PARTS_OF_DAY = {"morning": "TMO", "afternoon": "TAF", "evening": "TEV", "night": "TNI"}
SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}
NUMBER_WORDS = {w: i for i, w in enumerate(
    ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"])}
NUMBER_WORDS.update({w: 10 * (i + 2) for i, w in enumerate(
    ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"])})
NUMBER_WORDS.update({"thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
                     "eighteen": 18, "nineteen": 19, "hundred": 100})
NUMBER_WORDS.update({"a": 1, "an": 1, "several": 3, "few": 3, "a few": 3, "couple": 2, "a couple of": 2})
UNITS = {"day": "D", "week": "W", "month": "M", "year": "Y", "decade": "DE", "century": "CE", "hour": "H",
         "minute": "MIN", "quarter": "Q"}
#: Quantities of unstated size: "several years", "a few days" are PXY, PXD in TimeML.
VAGUE_NUMBERS = frozenset({"several", "few", "a few", "some"})
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}

#: Lemmas in a clause (the governing verb, its auxiliaries and its heads) that make it future:
#: "will travel", "is scheduled to travel", "plans to visit", "is due to", "is set to", "expected to".
#: Word forms, not lemmas: the spaCy pipeline runs without its lemmatizer (it costs time and adds nothing else).
FUTURE_CUES = frozenset({"will", "shall", "'ll", "wo", "would", "scheduled", "schedule", "plans", "planned", "plan",
                         "planning", "due", "expected", "expects", "intends", "intend", "going", "supposed",
                         "upcoming", "aims", "preparing", "prepares", "effective"})
#: Dependents of the governing verb that belong to its own clause (its auxiliaries, infinitive marker, negation):
#: the tense of a verb's complement clause ("announced the plan", "said it intends") is not the verb's own.
_OWN_DEPS = frozenset({"aux", "auxpass", "neg", "prt", "advmod", "amod", "acomp"})

_MONTH = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"  # noqa: E501
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[89]\d\d|20\d\d)"
_WEEKDAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_NUM = (r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
        r"sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|"
        r"a few|a couple of|several|a|an)")
#: Modifiers TimeML keeps inside the span ("almost four years ago", "more than a decade").
_MOD = r"(?:(?:almost|nearly|about|around|roughly|some|more than|less than|over|under|at least|just)\s+)?"
#: In a duration TimeML annotators leave out "about", "almost" and "just" ("about five hours" is "five hours").
_DUR_MOD = r"(?:(?:nearly|around|roughly|some|more than|less than|over|under|at least)\s+)?"
_ORD = r"(?:first|second|third|fourth|last|1st|2nd|3rd|4th)"
_UNITS_PLURAL = r"(?:day|week|month|year|decade|hour|minute)s"
_UNIT = r"(?:day|week|month|year|decade|century|hour|minute)s?"

#: Patterns in priority order (longest, most specific first). Each names the rule that normalises it.
PATTERNS: list[tuple[str, re.Pattern[str]]] = [(name, re.compile(p, re.I)) for name, p in [
    ("iso", r"\b(\d{4})-(\d{2})-(\d{2})\b"),
    # a quarter or half named with its year: "the third quarter of 1984", "the 1988 third quarter",
    # "the first half of 1990", "the first two quarters of 1990"
    ("quarter_of_year", rf"\b(?:the\s+)?(?:fiscal\s+)?({_ORD})[\s-]+(?:fiscal\s+)?(quarter|half)\s+of\s+(?:fiscal\s+)?"
                        rf"({_YEAR})\b"),
    ("year_quarter", rf"\b(?:the\s+)?({_YEAR})\s+(?:fiscal\s+)?({_ORD})[\s-]+(quarter|half)\b"),
    ("halves_of_year", rf"\b(?:the\s+)?(first|last)\s+two\s+quarters\s+of\s+({_YEAR})\b"),
    # "this year's third quarter", "next year's first quarter", "last year's quarter"
    ("rel_year_quarter", rf"\b(this|last|next)\s+year's\s+(?:({_ORD})[\s-]+)?(?:fiscal\s+)?quarter\b"),
    # "the year-ago third quarter": the same quarter a year before
    ("year_ago_nth_quarter", rf"\bthe\s+(?:year-ago|year-earlier|year-before)\s+({_ORD})[\s-]+quarter\b"),
    # "the 1988 period" in a quarterly report is that year's quarter of the report
    ("year_period", rf"\bthe\s+({_YEAR})\s+(?:quarter|period)\b"),
    # "for the year ended June 30": a reporting period, a year long
    # "in February this year", "June last year"
    ("month_rel_year", rf"\b({_MONTH})\s+(this|last|next)\s+year\b"),
    ("year_ended", r"\bthe\s+(?:fiscal\s+)?(year)(?=\s+end(?:ed|ing)\b)"),
    ("current_year", r"\bthe\s+(?:current|full)\s+(?:fiscal\s+|calendar\s+)?year\b"),
    # "the latest period" of a quarterly report is the quarter just ended
    ("latest_period", r"\bthe\s+(?:latest|most recent)\s+period\b"),
    ("century", r"\b(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)[\s-]+century\b"),
    ("last_night", r"\blast\s+night\b"),
    # "every Thursday", "each July": a set of days or months
    ("set_named", rf"\b(?:every|each)\s+(?:({_WEEKDAY})|({_MONTH}))\b"),
    ("noon_weekday", rf"\b(noon|midnight)\s+({_WEEKDAY})\b"),
    # "5 1/2 hours", "two and a half years"
    ("fraction_duration", rf"\b{_DUR_MOD}({_NUM})(?:\s+1/2|\s+and\s+a\s+half)[\s-]+({_UNIT})\b"),
    ("clock_date", rf"\b(\d{{1,2}})(?::(\d{{2}}))?\s*([ap])\.?m\.?(?:\s+[A-Z]{{2,4}})?,?\s+({_MONTH})\s+({_DAY})\b"
                   rf"(?!,?\s*\d)"),
    ("clock_weekday", rf"\b(\d{{1,2}})(?::(\d{{2}}))?\s*([ap])\.?m\.?(?:\s+[A-Z]{{2,4}})?,?\s+({_WEEKDAY})\b"),
    ("mdy", rf"\b(?:{_WEEKDAY},?\s+)?({_MONTH})\s+({_DAY}),?\s+({_YEAR})\b"),
    ("dmy", rf"\b(?:{_WEEKDAY},?\s+)?({_DAY})\s+(?:of\s+)?({_MONTH}),?\s+({_YEAR})\b"),
    ("md", rf"\b(?:{_WEEKDAY},?\s+)?({_MONTH})\s+({_DAY})\b(?!\s*,?\s*\d)"),
    ("dm", rf"\b({_DAY})\s+(?:of\s+)?({_MONTH})\b(?!\s*,?\s*\d{{4}})"),
    ("my", rf"\b({_MONTH})\s+(?:of\s+)?({_YEAR})\b"),
    ("season_year", rf"\b(spring|summer|autumn|fall|winter)\s+(?:of\s+)?({_YEAR})\b"),
    ("year_ago_quarter", r"\bthe\s+(?:comparable\s+|same\s+)?(?:year-ago|year-earlier|year-before|comparable|same)\s+"
                         r"(?:quarter|period)\b|\bthe\s+(?:(?:same|corresponding|comparable)\s+)?(?:quarter|period)\s+"
                         r"(?:a\s+year\s+(?:ago|earlier)|last\s+year|of\s+last\s+year)\b"),
    # "a year-earlier loss": the same period a year back, as an adjective
    ("year_ago_adj", rf"\byear-(?:ago|earlier)\b(?!\s+{_NUM}\s+{_UNIT})"),
    ("ago", rf"\b{_MOD}({_NUM})\s+({_UNIT})\s+(?:ago|earlier)\b"),
    ("span", rf"\b(?:the\s+)?(?:past|last|next|coming|previous|first|final)\s+({_NUM}|few)\s+({_UNIT}|quarters)\b"),
    ("span_decade", r"\b(?:the\s+)?(?:past|last|next|coming)\s+(decade|century)\b"),
    ("rel_unit", r"\b(?:(?:early|late)\s+)?"
                 r"(this past|last|past|previous|this|next|coming|current|earlier this|later this)\s+"
                 r"(week|month|year|weekend|quarter|spring|summer|autumn|fall|winter)\b"),
    # "the third quarter" but "the [third-quarter] results"
    ("quarter", r"\b(?:the\s+(?=(?:fiscal\s+)?\w+\s+(?:fiscal\s+)?quarter))?(?:fiscal\s+)?"
                r"(first|second|third|fourth|1st|2nd|3rd|4th)[\s-]+(?:fiscal\s+)?quarter\b"),
    ("last_quarter", r"\bthe\s+(?:latest\s+|last\s+|past\s+|most recent\s+|just-ended\s+)?quarter\b"),
    ("rel_month", rf"\b(last|this|next)\s+({_MONTH})\b(?!\s+{_DAY})"),
    ("rel_weekday", rf"\b(last|next|this)\s+({_WEEKDAY})\b"),
    ("holiday", r"\b(?:(last|next|this)\s+)?(christmas(?:\s+day|\s+eve)?|new\s+year's\s+(?:day|eve)|"
                r"valentine's\s+day|halloween|easter(?:\s+sunday)?|thanksgiving(?:\s+day)?|election\s+day|"
                r"labor\s+day|memorial\s+day)\b(?!\s+(?:week|weekend|holiday|season|tree|shopping|sales))"),
    # "the summer", "the early summer", "in summer": the season of the year the clause's tense points to
    ("season", r"\b(?:the\s+)?(?:(?:early|late|mid)[\s-]+)?(spring|summer|autumn|winter)\b"
               r"(?!\s+(?:of|camp|olympics|games|storm|storms|session|school|solstice|wheat|months|weather|break))"),
    ("weekday", rf"\b({_WEEKDAY})(?:\s+(morning|afternoon|evening|night))?\b"),
    ("deictic", r"\b(today|yesterday|tomorrow|tonight|the day before yesterday|the day after tomorrow)\b"),
    ("present", r"\b(now|currently|current|at present|at the moment|nowadays|these days)\b"),
    # "previously", "formerly" and "soon" are adverbs of sequence, not time expressions, in TimeML
    # "in recent weeks", "in the coming years": stretches of unstated length (TimeML PXW, PXY)
    ("vague_stretch", r"\b(?:recent|coming)\s+(day|week|month|year)s\b"),
    ("past_ref", r"\b(recently|the past)\b"),
    ("future_ref", r"\b(the future)\b"),
    ("part_of_day", r"\b(this|that|yesterday|tomorrow)\s+(morning|afternoon|evening|night)\b"),
    ("decade", r"\b(?:the\s+)?((?:1[89]|20)\d)0s\b"),
    ("mid_month", rf"\b(?:mid|early|late)[\s-]({_MONTH})\b"),
    ("month", rf"\b(?:(?<=\bin )|(?<=\bsince )|(?<=\bduring )|(?<=\buntil )|(?<=\bby )|(?<=\bearly )|(?<=\blate )|(?<=\bof )|(?<=\bfrom )|(?<=\bfor ))({_MONTH})\b(?!\s+{_DAY})"),  # noqa: E501
    # years as read out in broadcast transcripts: "nineteen ninety-six", "the year two thousand"
    ("spoken_year", rf"\b(?:({_MONTH})\s+|the\s+(spring|summer|autumn|fall|winter)\s+of\s+)?"
                    r"(?:the\s+year\s+)?(?:nineteen\s+(twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
                    r"(?:[\s-](one|two|three|four|five|six|seven|eight|nine))?|the\s+year\s+(two thousand))\b"),
    ("year", rf"(?<![\d$£€.,])\b(?:fiscal\s+)?({_YEAR})\b(?![\d,.]?\d)(?!\s*(?:%|percent|troops|people))"),
    # ages ("6-year-old") are not time expressions
    # "the nine months" (of a report) keeps its article
    ("duration", rf"\b(?:the\s+(?!an?\b)(?=\S+\s+(?:\w+\s+)?{_UNITS_PLURAL}\b))?{_DUR_MOD}({_NUM}|\d+(?:\.\d+)?)"
                 rf"[\s-]+(?:(?:more|additional|straight|consecutive|trading|business)\s+)?({_UNIT})(?:[\s-]+long)?\b"
                 rf"(?![\s-]+old\b)"),
    ("vague_duration", r"\b(?:(?<=\bfor )|(?<=\bwithin )|(?<=\bover )|(?<=\btake )|(?<=\btook )|(?<=\bin ))"
                       r"(days|weeks|months|years|decades)\b"),
    ("weekend", r"\bthe weekend\b"),
    ("set", r"\b(every|each)\s+(day|week|month|year|quarter|hour)\b|\b(daily|weekly|monthly|annually|yearly|hourly)\b"),
    ("clock", r"\b(\d{1,2})(?::(\d{2}))?\s*([ap])\.?m\.?\b|\b(\d{1,2}):(\d{2})\b"),
]]


_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_SEASONS = ("spring", "summer", "autumn", "fall", "winter")

#: Words without which a rule cannot match (any one of them must be in the case-folded text):
#: most articles lack most of them, and a substring test costs far less than a scan by the rule.
#: A rule not listed is always tried.
RULE_CUES: dict[str, tuple[str, ...]] = {
    "iso": ("-",), "quarter_of_year": ("quarter", "half"), "year_quarter": ("quarter", "half"),
    "halves_of_year": ("quarters",), "rel_year_quarter": ("year's",), "year_ago_nth_quarter": ("quarter",),
    "year_period": ("quarter", "period"), "month_rel_year": ("year",), "year_ended": ("year",),
    "current_year": ("year",), "latest_period": ("period",), "century": ("century",), "last_night": ("night",),
    "set_named": ("every", "each"), "noon_weekday": ("noon", "midnight"), "fraction_duration": ("1/2", "half"),
    "season_year": _SEASONS, "year_ago_quarter": ("quarter", "period"), "year_ago_adj": ("year-",),
    "ago": ("ago", "earlier"), "span_decade": ("decade", "century"), "quarter": ("quarter",),
    "last_quarter": ("quarter",), "rel_weekday": _WEEKDAYS,
    "holiday": ("christmas", "year's", "valentine", "halloween", "easter", "thanksgiving", "election", "labor",
                "memorial"),
    "season": _SEASONS, "weekday": _WEEKDAYS, "deictic": ("today", "yesterday", "tomorrow", "tonight"),
    "present": ("now", "current", "present", "moment", "days"), "vague_stretch": ("recent", "coming"),
    "past_ref": ("recent", "past"), "future_ref": ("future",), "part_of_day": ("morning", "afternoon", "evening",
                                                                               "night"),
    "decade": ("0s",), "mid_month": ("mid", "early", "late"), "spoken_year": ("nineteen", "thousand"),
    "vague_duration": ("days", "weeks", "months", "years", "decades"), "weekend": ("weekend",),
    "set": ("every", "each", "daily", "weekly", "monthly", "annually", "yearly", "hourly"),
}


@dataclass
class _Found:
    start: int
    end: int
    rule: str
    match: re.Match[str]


def find_expressions(text: str) -> list[_Found]:
    """Non-overlapping candidate expressions, earlier rules winning on overlap."""
    taken: list[tuple[int, int]] = []
    found: list[_Found] = []
    folded = text.casefold()
    for rule, pattern in PATTERNS:
        cues = RULE_CUES.get(rule)
        if cues is not None and not any(cue in folded for cue in cues):
            continue
        for m in pattern.finditer(text):
            s, e = m.start(), m.end()
            if any(s < te and ts < e for ts, te in taken):
                continue
            if rule == "md" and m.group(1).lower().rstrip(".") == "may" and not m.group(1)[0].isupper():
                continue  # "may 3" is the modal verb before a number
            if rule == "month" and m.group(1).lower().rstrip(".") in {"may", "mar", "jan", "dec"} \
                    and not m.group(1)[0].isupper():
                continue
            if rule == "holiday" and not m.group(2)[0].isupper():
                continue
            if rule == "holiday" and " " not in m.group(2) and not m.group(1) \
                    and (text[max(0, s - 12):s].split()[-1:] or [""])[0].lower() not in _HOLIDAY_LEADS:
                continue
            if rule == "latest_period" and not _quarter_context(_Found(s, e, rule, m)):
                continue
            if rule == "season" and not m.group(0).lower().startswith(("the", "early", "late", "mid")) \
                    and (text[max(0, s - 12):s].split()[-1:] or [""])[0].lower() not in _HOLIDAY_LEADS | {"in"}:
                continue
            if rule == "weekday" and not m.group(1)[0].isupper() and m.group(1).lower() != m.group(1).lower():
                continue
            taken.append((s, e))
            found.append(_Found(s, e, rule, m))
    found.sort(key=lambda f: f.start)
    return found


def _num(word: str) -> float | None:
    word = word.lower()
    if word in NUMBER_WORDS:
        return NUMBER_WORDS[word]
    try:
        return float(word)
    except ValueError:
        return None


def _month(word: str) -> int:
    return MONTHS[word.lower().rstrip(".")[:4] if word.lower().startswith("sept") else word.lower().rstrip(".")[:3]]


def _day(word: str) -> int:
    return int(re.sub(r"\D", "", word))


def clause_tense(doc: Any, start: int, end: int) -> str:
    """``future``, ``past`` or ``present`` for the clause governing the characters ``start:end``."""
    if doc is None:
        return "present"
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return "present"
    tok = span.root
    verb = tok
    path = []
    for _ in range(4):
        if verb.pos_ in ("VERB", "AUX") or verb.head is verb:
            break
        verb = verb.head
        path.append(verb.lower_)
    # "effective Feb. 1", "postponed until Tuesday", "extended the deadline until Friday": the date lies ahead
    if "effective" in path or ("until" in path and {verb.lemma_.lower(), verb.lower_} & _DEFERRING):
        return "future"
    chain = [verb, *[c for c in verb.children if c.dep_ in _OWN_DEPS], verb.head,
             *[c for c in verb.head.children if c.dep_ in ("aux", "auxpass")]]
    if verb.head.head is not verb.head:
        chain.append(verb.head.head)
    lemmas = {t.lower_ for t in chain} | {t.lemma_.lower() for t in chain}
    if "had" in lemmas and not {"will", "would"} & lemmas:
        return "past"  # "had been scheduled to expire Friday": a plan of the past
    # "set" is future only as "is set to" / "set for"; "set Friday as the deadline" is a past act
    own = {t.lower_ for t in (verb, *[c for c in verb.children if c.dep_ in _OWN_DEPS])}
    # a past verb of its own ("announced Wednesday by ...") is not made future by the clause it hangs from
    # ("they would appeal the decision, announced Wednesday"), unless an infinitive "be" ties them
    done = verb.tag_ == "VBD" or (verb.tag_ == "VBN" and not any(c.lower_ == "be" for c in verb.children))
    if _set_to_future(verb) or own & FUTURE_CUES or (not done and lemmas & FUTURE_CUES) or _is_to_future(verb):
        return "future"
    if any(t.tag_ in ("VBD", "VBN") for t in (verb, verb.head)) or {"has", "had", "have", "was", "were"} & lemmas:
        return "past"
    return "present"


#: Verbs whose "until" date is a new deadline, ahead of the report ("postponed until Tuesday morning").
_DEFERRING = frozenset({"postpone", "postponed", "postpones", "delay", "delayed", "delays", "extend", "extended",
                        "extends", "defer", "deferred", "adjourn", "adjourned", "give", "gave", "given", "suspend",
                        "suspended", "recess", "recessed"})


def _set_to_future(verb: Any) -> bool:
    """'is set to meet', 'set for Friday' (a passive or infinitive 'set'), not the past act 'set a record'."""
    for tok in (verb, verb.head):
        if tok.lower_ == "set" and (any(c.dep_ in ("auxpass", "xcomp") for c in tok.children)
                                    or (tok.tag_ == "VBN" and any(c.lower_ == "for" for c in tok.children))):
            return True
    return False


def _is_to_future(verb: Any) -> bool:
    """'is to resume trading Tuesday': a form of 'be' with an infinitive states an arrangement."""
    head = verb.head
    return (verb.dep_ == "xcomp" and head.lower_ in ("is", "are", "'s", "'re")
            and any(c.lower_ == "to" and c.dep_ == "aux" for c in verb.children))


def _weekday_value(anchor: date | None, weekday: int, tense: str, shift: str | None = None) -> tuple[str, bool]:
    if anchor is None:
        return f"XXXX-WXX-{weekday + 1}", False
    delta = (anchor.weekday() - weekday) % 7
    if shift == "next" or (shift is None and tense == "future"):
        ahead = (weekday - anchor.weekday()) % 7 or (7 if shift == "next" else 0)
        if shift == "next" and ahead < 7 and tense != "future":
            ahead += 0
        return (anchor + timedelta(days=ahead)).isoformat(), True
    if shift == "last":
        delta = delta or 7
    elif shift is None and tense == "present" and 0 < (weekday - anchor.weekday()) % 7 <= 1:
        # a present-tense clause with tomorrow's weekday ("the vote is Tuesday") speaks of tomorrow
        return (anchor + timedelta(days=1)).isoformat(), True
    return (anchor - timedelta(days=delta)).isoformat(), True


#: How far a month-day date may sit on the "wrong" side of the publication date before tense overrides
#: nearness: reports of the coming weeks ("was moved to Dec. 7") and of the last weeks are common in both tenses.
SLACK = timedelta(days=62)


def _month_value(anchor: date | None, month: int, tense: str, slack: int = 1) -> tuple[str, bool]:
    if anchor is None:
        return f"XXXX-{month:02d}", False
    year = anchor.year
    if tense == "present":
        # no tense to go by: the nearest such month
        ahead = (month - anchor.month) % 12
        year = year + (anchor.month + ahead > 12) if ahead <= 6 else year - (month > anchor.month)
        return f"{year}-{month:02d}", True
    if tense == "future":
        if month < anchor.month:
            year += 1
    elif month > anchor.month + slack:
        # a past-tense clause naming next month speaks of a plan or deadline then ("guidelines to be
        # published in early November", "gave them until mid-November"), like SLACK for dates
        year -= 1
    return f"{year}-{month:02d}", True


def _md_value(anchor: date | None, month: int, day: int, tense: str) -> tuple[str, bool]:
    if anchor is None:
        return f"XXXX-{month:02d}-{day:02d}", False
    candidates = []
    for y in (anchor.year - 1, anchor.year, anchor.year + 1):
        try:
            candidates.append(date(y, month, day))
        except ValueError:
            continue
    if not candidates:
        return f"XXXX-{month:02d}-{day:02d}", False
    return _pick_date(anchor, candidates, tense).isoformat(), True


def _pick_date(anchor: date, candidates: list[date], tense: str) -> date:
    """Of the yearly recurrences of a date, the nearest, unless the clause's tense clearly points the other way."""
    ordered = sorted(candidates, key=lambda c: abs((c - anchor).days))
    best = ordered[0]
    if tense == "past" and best > anchor + SLACK:
        best = max((c for c in candidates if c <= anchor + SLACK), default=best)
    elif tense == "future" and best < anchor - SLACK:
        best = min((c for c in candidates if c >= anchor - SLACK), default=best)
    return best


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    """The n-th (1-based; -1 the last) such weekday of a month."""
    if n < 0:
        last = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
        return last - timedelta(days=(last.weekday() - weekday) % 7)
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))


def _easter(year: int) -> date:
    """Western Easter Sunday (the Gregorian computus)."""
    golden = year % 19
    century, rest = divmod(year, 100)
    epact = (19 * golden + century - century // 4 - (8 * century + 13) // 25 + 15) % 30
    weekday_shift = (2 * (century % 4) + 2 * (rest // 4) - epact - (rest % 4) + 32) % 7
    correction = (golden + 11 * epact + 22 * weekday_shift) // 451
    month, day = divmod(epact + weekday_shift - 7 * correction + 114, 31)
    return date(year, month, day + 1)


#: Holidays by the rule that dates them in a given year (US ones as US wire copy names them).
HOLIDAYS: dict[str, Any] = {
    "christmas": lambda y: date(y, 12, 25), "christmas day": lambda y: date(y, 12, 25),
    "christmas eve": lambda y: date(y, 12, 24), "new year's day": lambda y: date(y, 1, 1),
    "new year's eve": lambda y: date(y, 12, 31), "valentine's day": lambda y: date(y, 2, 14),
    "halloween": lambda y: date(y, 10, 31), "easter": _easter, "easter sunday": _easter,
    "thanksgiving": lambda y: _nth_weekday(y, 11, 3, 4), "thanksgiving day": lambda y: _nth_weekday(y, 11, 3, 4),
    "election day": lambda y: _nth_weekday(y, 11, 0, 1) + timedelta(days=1),
    "labor day": lambda y: _nth_weekday(y, 9, 0, 1), "memorial day": lambda y: _nth_weekday(y, 5, 0, -1),
}
#: Bare holiday names are also adjectives ("Christmas shopping"); alone they count after these words.
_HOLIDAY_LEADS = frozenset({"on", "at", "by", "before", "after", "since", "until", "till", "over", "for", "around",
                            "through", "during", "last", "next", "this", "of"})


def _shift(anchor: date, unit: str, n: int) -> str:
    if unit == "D":
        return (anchor + timedelta(days=n)).isoformat()
    if unit == "W":
        iso = (anchor + timedelta(weeks=n)).isocalendar()
        return f"{iso.year}-W{iso.week:02d}"
    if unit == "M":
        total = anchor.year * 12 + anchor.month - 1 + n
        return f"{total // 12}-{total % 12 + 1:02d}"
    if unit == "Y":
        return str(anchor.year + n)
    return anchor.isoformat()


def _duration(word: str | None, unit: str) -> str | None:
    """TIMEX3 duration value for a count and unit: P3Y, PT2H, PXD ("several days"); decades are counted in years
    ("two decades" P20Y) and centuries too (P100Y), as TimeML annotators write them."""
    if word is not None and word.lower() in VAGUE_NUMBERS:
        amount: float | str | None = "X"
    else:
        n = _num(word) if word is not None else 1
        if n is None:
            return None
        amount = n
    if unit in ("DE", "CE") and isinstance(amount, (int, float)):
        amount, unit = float(amount) * (10 if unit == "DE" else 100), "Y"
    if isinstance(amount, float) and amount.is_integer():
        amount = int(amount)
    return f"PT{amount}{unit[0]}" if unit in ("H", "MIN") else f"P{amount}{unit}"


def _quarter_of(anchor: date) -> int:
    """The quarter a report of quarterly results speaks of: the last one ended before the publication date."""
    q = (anchor.month - 1) // 3
    return q or 4


def normalise(found: _Found, anchor: date | None, tense: str) -> tuple[str, str | None, str | None, bool]:
    """(TIMEX3 type, value, granularity, anchored) for one expression."""
    m, rule = found.match, found.rule
    g = m.groups()
    if rule == "iso":
        return "DATE", f"{g[0]}-{g[1]}-{g[2]}", "day", True
    if rule == "mdy":
        return "DATE", f"{g[2]}-{_month(g[0]):02d}-{_day(g[1]):02d}", "day", True
    if rule == "dmy":
        return "DATE", f"{g[2]}-{_month(g[1]):02d}-{_day(g[0]):02d}", "day", True
    if rule in ("md", "dm"):
        month, day = (_month(g[0]), _day(g[1])) if rule == "md" else (_month(g[1]), _day(g[0]))
        value, anchored = _md_value(anchor, month, day, tense)
        return "DATE", value, "day", anchored
    if rule == "my":
        return "DATE", f"{g[1]}-{_month(g[0]):02d}", "month", True
    if rule == "season_year":
        return "DATE", f"{g[1]}-{SEASONS[g[0].lower()]}", "season", True
    if rule == "month":
        value, anchored = _month_value(anchor, _month(g[0]), tense)
        return "DATE", value, "month", anchored
    if rule == "spoken_year":
        month_word, season, g = g[0], g[1], g[2:]
        year_text = "2000" if g[2] else str(1900 + NUMBER_WORDS[g[0].lower()]
                                            + (NUMBER_WORDS[g[1].lower()] if g[1] else 0))
        if month_word:  # "January nineteen ninety-seven"
            return "DATE", f"{year_text}-{_month(month_word):02d}", "month", True
        if season:  # "the winter of nineteen ninety-four"
            return "DATE", f"{year_text}-{SEASONS[season.lower()]}", "season", True
        return "DATE", year_text, "year", True
    if rule == "year":
        return "DATE", g[0], "year", True
    if rule == "decade":
        return "DATE", g[0], "decade", True
    if rule == "weekday":
        value, anchored = _weekday_value(anchor, WEEKDAYS[g[0].lower()], tense)
        # "Sunday night" (and "morning") is the day in TimeML practice; an evening or afternoon is marked
        part = (g[1] or "").lower()
        if value is not None and part in ("evening", "afternoon"):
            return "TIME", value + PARTS_OF_DAY[part], "part of day", anchored
        return "DATE", value, "day", anchored
    if rule == "part_of_day":
        offset = {"yesterday": -1, "tomorrow": 1}.get(g[0].lower(), 0)
        if anchor is None:
            return "TIME", None, "part of day", False
        return "TIME", (anchor + timedelta(days=offset)).isoformat() + PARTS_OF_DAY[g[1].lower()], "part of day", True
    if rule == "span":
        unit = UNITS[g[1].lower().rstrip("s")]
        return "DURATION", _duration(g[0], unit) or f"PX{unit}", None, True
    if rule == "span_decade":
        return "DURATION", ("P10Y" if g[0].lower() == "decade" else "P100Y"), None, True
    if rule == "fraction_duration":
        n, unit = _num(g[0]), UNITS[g[1].lower().rstrip("s")]
        if n is None:
            return "DURATION", None, None, True
        whole = int(n)
        half = {"Y": (6, "M"), "M": (15, "D"), "D": (12, "H"), "H": (30, "M"), "MIN": (30, "S"), "W": None}.get(unit)
        if half is None:
            return "DURATION", f"P{whole}.5{unit}", None, True
        if unit in ("H", "MIN"):
            return "DURATION", f"PT{whole}{unit[0]}{half[0]}{half[1]}", None, True
        sep = "T" if unit == "D" else ""
        return "DURATION", f"P{whole}{unit}{sep}{half[0]}{half[1]}", None, True
    if rule == "quarter_of_year":
        if g[1].lower() == "half":
            return "DATE", f"{g[2]}-H{2 if g[0].lower() in ('second', 'last', '2nd') else 1}", "half", True
        q = ORDINALS.get(g[0].lower(), 4)
        return "DATE", f"{g[2]}-Q{q}", "quarter", True
    if rule == "year_quarter":
        if g[2].lower() == "half":
            return "DATE", f"{g[0]}-H{2 if g[1].lower() in ('second', 'last', '2nd') else 1}", "half", True
        return "DATE", f"{g[0]}-Q{ORDINALS.get(g[1].lower(), 4)}", "quarter", True
    if rule == "halves_of_year":
        return "DATE", f"{g[1]}-H{1 if g[0].lower() == 'first' else 2}", "half", True
    if rule == "rel_year_quarter":
        step = {"this": 0, "last": -1, "next": 1}[g[0].lower()]
        named = ORDINALS.get((g[1] or "").lower())
        if anchor is None:
            return "DATE", (f"XXXX-Q{named}" if named else "XXXX-QX"), "quarter", False
        if named is None:
            named = _quarter_of(anchor)
            year = anchor.year - (named == 4 and anchor.month <= 3)
        else:
            year = anchor.year
        return "DATE", f"{year + step}-Q{named}", "quarter", True
    if rule == "year_ago_nth_quarter":
        q = ORDINALS.get(g[0].lower(), 4)
        if anchor is None:
            return "DATE", f"XXXX-Q{q}", "quarter", False
        later = q > (anchor.month - 1) // 3 + 1
        return "DATE", f"{anchor.year - later - 1}-Q{q}", "quarter", True
    if rule == "year_period":
        if anchor is None or not _quarter_context(found):
            return "DATE", g[0], "year", True
        return "DATE", f"{g[0]}-Q{_quarter_of(anchor)}", "quarter", True
    if rule == "month_rel_year":
        month = _month(g[0])
        if anchor is None:
            return "DATE", f"XXXX-{month:02d}", "month", False
        year = anchor.year + {"this": 0, "last": -1, "next": 1}[g[1].lower()]
        return "DATE", f"{year}-{month:02d}", "month", True
    if rule == "year_ended":
        return "DURATION", "P1Y", None, True
    if rule == "current_year":
        if anchor is None:
            return "DATE", None, "year", False
        return "DATE", str(anchor.year), "year", True
    if rule == "noon_weekday":
        on_day, anchored = _weekday_value(anchor, WEEKDAYS[g[1].lower()], tense)
        return "TIME", f"{on_day}T{'12:00' if g[0].lower() == 'noon' else '24:00'}", "minute", anchored
    if rule == "vague_duration":
        return "DURATION", f"PX{UNITS[g[0].lower().rstrip('s')]}", None, True
    if rule == "weekend":
        if anchor is None:
            return "DATE", None, "week", False
        seen_from = anchor
        if tense == "past" and anchor.weekday() < 5:
            seen_from = anchor - timedelta(days=7)  # a past weekend seen from a weekday is the one just gone
        iso = seen_from.isocalendar()
        return "DATE", f"{iso.year}-W{iso.week:02d}-WE", "week", True
    if rule == "quarter":
        q = {"first": 1, "second": 2, "third": 3, "fourth": 4}.get(g[0].lower()) or int(g[0][0])
        if anchor is None:
            return "DATE", f"XXXX-Q{q}", "quarter", False
        # a quarter not yet begun is last year's, unless the clause speaks of the future
        later = q > (anchor.month - 1) // 3 + 1 and tense != "future"
        return "DATE", f"{anchor.year - later}-Q{q}", "quarter", True
    if rule == "last_quarter":
        # business news reports on the quarter just ended: the one before the publication date's
        if anchor is None:
            return "DATE", "XXXX-QX", "quarter", False
        q = (anchor.month - 1) // 3
        return "DATE", (f"{anchor.year}-Q{q}" if q else f"{anchor.year - 1}-Q4"), "quarter", True
    if rule == "mid_month":
        value, anchored = _month_value(anchor, _month(g[0]), tense)
        return "DATE", value, "month", anchored
    if rule == "year_ago_quarter":
        if anchor is None:
            return "DATE", "XXXX-QX", "quarter", False
        q = (anchor.month - 1) // 3
        return "DATE", (f"{anchor.year - 1}-Q{q}" if q else f"{anchor.year - 2}-Q4"), "quarter", True
    if rule == "year_ago_adj":
        if anchor is None:
            return "DATE", None, None, False
        if _quarter_context(found):
            q = (anchor.month - 1) // 3
            return "DATE", (f"{anchor.year - 1}-Q{q}" if q else f"{anchor.year - 2}-Q4"), "quarter", True
        return "DATE", str(anchor.year - 1), "year", True
    if rule == "rel_month":
        which, month = g[0].lower(), _month(g[1])
        if anchor is None:
            return "DATE", f"XXXX-{month:02d}", "month", False
        if which == "this":
            return "DATE", f"{anchor.year}-{month:02d}", "month", True
        value, _ = _month_value(anchor, month, "future" if which == "next" else "past", slack=0)
        if value == f"{anchor.year}-{month:02d}" and month == anchor.month:
            value = f"{anchor.year + (1 if which == 'next' else -1)}-{month:02d}"
        return "DATE", value, "month", True
    if rule == "rel_weekday":
        shift = g[0].lower()
        value, anchored = _weekday_value(anchor, WEEKDAYS[g[1].lower()], "future" if shift == "next" else tense,
                                         None if shift == "this" else shift)
        return "DATE", value, "day", anchored
    if rule == "deictic":
        word = g[0].lower()
        offset = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1, "the day before yesterday": -2,
                  "the day after tomorrow": 2}[word]
        if anchor is None:
            return "DATE", None, "day", False
        return ("TIME" if word == "tonight" else "DATE"), (anchor + timedelta(days=offset)).isoformat(), "day", True
    if rule == "present":
        return "DATE", "PRESENT_REF", None, True
    if rule == "past_ref":
        return "DATE", "PAST_REF", None, True
    if rule == "future_ref":
        return "DATE", "FUTURE_REF", None, True
    if rule == "ago":
        n, unit = _num(g[0]), UNITS[g[1].lower().rstrip("s")]
        if g[0].lower() in VAGUE_NUMBERS:
            return "DATE", "PAST_REF", None, True  # "several years ago": some unstated time back
        if anchor is None or n is None or unit not in ("D", "W", "M", "Y"):
            return "DATE", None, None, False
        if unit == "Y" and int(n) == 1 and _quarter_context(found):
            # "profit rose from $5 million a year ago" in a quarterly report: the same quarter a year back
            q = (anchor.month - 1) // 3
            return "DATE", (f"{anchor.year - 1}-Q{q}" if q else f"{anchor.year - 2}-Q4"), "quarter", True
        return "DATE", _shift(anchor, unit, -int(n)), {"D": "day", "W": "week", "M": "month", "Y": "year"}[unit], True
    if rule == "rel_unit":
        which, unit = g[0].lower(), g[1].lower()
        step = {"last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1}.get(which, 0)
        if unit in SEASONS:
            if anchor is None:
                return "DATE", f"XXXX-{SEASONS[unit]}", "season", False
            if which == "this past":  # the most recent such season
                middle = {"SP": 4, "SU": 7, "FA": 10, "WI": 1}[SEASONS[unit]]
                return "DATE", f"{anchor.year - (middle > anchor.month)}-{SEASONS[unit]}", "season", True
            return "DATE", f"{anchor.year + (step if unit != 'winter' else 0)}-{SEASONS[unit]}", "season", True
        code = {"week": "W", "weekend": "W", "month": "M", "year": "Y", "quarter": "Q"}[unit]
        if anchor is None:
            return "DATE", None, None, False
        if code == "Q":
            quarters = anchor.year * 4 + (anchor.month - 1) // 3 + step
            return "DATE", f"{quarters // 4}-Q{quarters % 4 + 1}", "quarter", True
        return "DATE", _shift(anchor, code, step), {"W": "week", "M": "month", "Y": "year"}[code], True
    if rule == "duration":
        return "DURATION", _duration(g[0], UNITS[g[1].lower().rstrip("s")]), None, True
    if rule == "set":
        word = (g[1] or g[2] or "").lower()
        unit = {"day": "D", "daily": "D", "week": "W", "weekly": "W", "month": "M", "monthly": "M", "year": "Y",
                "annually": "Y", "yearly": "Y", "quarter": "Q", "hour": "TH", "hourly": "TH"}[word]
        return "SET", (f"PT1{unit[1]}" if unit.startswith("T") else f"P1{unit}"), None, True
    if rule == "set_named":
        if g[0]:
            return "SET", f"XXXX-WXX-{WEEKDAYS[g[0].lower()] + 1}", None, True
        return "SET", f"XXXX-{_month(g[1]):02d}", None, True
    if rule == "latest_period":
        if anchor is None:
            return "DATE", "XXXX-QX", "quarter", False
        return "DATE", f"{anchor.year if anchor.month > 3 else anchor.year - 1}-Q{_quarter_of(anchor)}", "quarter", True
    if rule == "century":
        return "DATE", f"{int(g[0]) - 1:02d}", "century", True
    if rule == "last_night":
        if anchor is None:
            return "TIME", None, "part of day", False
        return "TIME", f"{(anchor - timedelta(days=1)).isoformat()}TNI", "part of day", True
    if rule == "vague_stretch":
        return "DURATION", f"PX{UNITS[g[0].lower()]}", None, True
    if rule == "season":
        code = SEASONS[g[0].lower()]
        if anchor is None:
            return "DATE", f"XXXX-{code}", "season", False
        middle = {"SP": 4, "SU": 7, "FA": 10, "WI": 1}[code]
        value, _ = _month_value(anchor, middle, tense, slack=0)
        return "DATE", f"{value[:4]}-{code}", "season", True
    if rule == "holiday":
        which, name = (g[0] or "").lower(), re.sub(r"\s+", " ", g[1].lower())
        rule_of = HOLIDAYS[name]
        if anchor is None:
            if name in ("christmas", "christmas day", "christmas eve", "new year's day", "new year's eve",
                        "valentine's day", "halloween"):
                day = rule_of(2000)
                return "DATE", f"XXXX-{day.month:02d}-{day.day:02d}", "day", False
            return "DATE", None, "day", False
        candidates = [rule_of(y) for y in (anchor.year - 1, anchor.year, anchor.year + 1)]
        if which == "last":
            best = max(c for c in candidates if c < anchor)
        elif which == "next":
            best = min(c for c in candidates if c > anchor)
        elif which == "this":
            best = rule_of(anchor.year)
        else:
            best = _pick_date(anchor, candidates, tense)
        return "DATE", best.isoformat(), "day", True
    if rule == "clock_date":  # "until 5 p.m. EST Nov. 9"
        on_day, anchored = _md_value(anchor, _month(g[3]), _day(g[4]), tense)
        hour, minute = int(g[0]), int(g[1] or 0)
        if g[2].lower() == "p" and hour < 12:
            hour += 12
        return "TIME", f"{on_day}T{hour:02d}:{minute:02d}", "minute", anchored
    if rule == "clock_weekday":
        on_day, anchored = _weekday_value(anchor, WEEKDAYS[g[3].lower()], tense)
        hour, minute = int(g[0]), int(g[1] or 0)
        if g[2].lower() == "p" and hour < 12:
            hour += 12
        return "TIME", f"{on_day}T{hour:02d}:{minute:02d}", "minute", anchored
    if rule == "clock":
        if anchor is None:
            return "TIME", None, "minute", False
        hour = int(g[0] or g[3])
        minute = int(g[1] or g[4] or 0)
        if g[2] and g[2].lower() == "p" and hour < 12:
            hour += 12
        return "TIME", f"{anchor.isoformat()}T{hour:02d}:{minute:02d}", "minute", True
    return "DATE", None, None, False


def _quarter_context(found: _Found) -> bool:
    """Whether the sentence around ``found`` (or the one before) speaks of a quarter (quarterly results)."""
    text = found.match.string
    start = max(text.rfind(". ", 0, found.start), text.rfind("\n", 0, found.start), 0)
    if "quarter" in text[max(start - 300, 0):start].lower():
        start = max(start - 300, 0)  # the sentence before named the quarter
    end = min((i for i in (text.find(". ", found.end), text.find("\n", found.end)) if i >= 0), default=len(text))
    return "quarter" in text[start:end].lower()


def _anchor(published: str | None) -> date | None:
    if not published:
        return None
    try:
        return date.fromisoformat(published[:10])
    except ValueError:
        return None


def extract_times(text: str, published: str | None, doc: Any = None, stage: str = "times") -> list[TimeValue]:
    """All time expressions of ``text``, normalised against ``published`` (``YYYY-MM-DD`` or None)."""
    anchor = _anchor(published)
    out = []
    for found in find_expressions(text):
        if found.rule == "duration" and _is_number_only_context(text, found):
            continue
        tense = clause_tense(doc, found.start, found.end)
        type_, value, granularity, anchored = normalise(found, anchor, tense)
        out.append(TimeValue(start=found.start, end=found.end, text=text[found.start : found.end], type=type_,
                             value=value, stage=stage, granularity=granularity, anchored=anchored))
    return out


def _is_number_only_context(text: str, found: _Found) -> bool:
    """'a year' in 'a year earlier' is a duration; 'one day' in 'one day, he said' is too vague to keep."""
    word = found.match.group(1).lower()
    return word in ("a", "an") and text[found.end : found.end + 6].lower().startswith((" of", " or"))


class TimeStage:
    """Finds and normalises time expressions (TIMEX3 values), anchored on the publication date and tense."""

    name = "times"
    requires: tuple[str, ...] = ("nlp", "sentences")
    provides: tuple[str, ...] = ("times",)

    def __call__(self, analysis: Analysis) -> None:
        analysis.times = extract_times(analysis.text, analysis.article.published_date, analysis.nlp, self.name)
