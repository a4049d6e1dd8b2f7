"""Quantities: value, unit, approximator, bounds and counted noun (real spaCy parse)."""

from __future__ import annotations

from pathlib import Path

import pytest

from wirewatch.model import Article, Quantity
from wirewatch.pipeline import Pipeline

CASES = [
    # sentence, quantity text, value, unit, approx, low, high, counted
    ("Pyongyang has dispatched an estimated 15,000 troops.", "an estimated 15,000", 15000, None, "estimated",
     None, None, "troops"),
    ("Over 600 North Korean soldiers are believed to have died.", "Over 600", 600, None, "more_than", 600, None,
     "North Korean soldiers"),
    ("It displayed portraits of the 101 soldiers confirmed to have died.", "101", 101, None, "exact", None, None,
     "soldiers"),
    ("Kim oversaw the test-firing of two new types of missiles.", "two", 2, None, "exact", None, None, None),
    ("Kim agreed to send thousands of military construction workers.", "thousands", None, None, "range", 1000,
     10000, "military construction workers"),
    ("Between 10 and 12 ships left port.", "Between 10 and 12", 10, None, "range", 10, 12, "ships"),
    ("Profits jumped 76% in the quarter.", "76%", 76, "percent", "exact", None, None, None),
    ("The deal is worth $1.13bn.", "$1.13bn", 1.13e9, "USD", "exact", None, None, None),
    ("Up to 30 jets took part.", "Up to 30", 30, None, "at_most", None, 30, "jets"),
]


@pytest.fixture(scope="module")
def pipe() -> Pipeline:
    return Pipeline.build(["spacy", "quantities"])


def _find(quantities: list[Quantity], text: str) -> Quantity:
    for q in quantities:
        if q.text == text:
            return q
    raise AssertionError(f"{text!r} not in {[q.text for q in quantities]}")


@pytest.mark.parametrize(("sentence", "qtext", "value", "unit", "approx", "low", "high", "counted"), CASES)
def test_quantities_rules(pipe: Pipeline, sentence: str, qtext: str, value: float | None, unit: str | None,
                          approx: str, low: float | None, high: float | None, counted: str | None) -> None:
    q = _find(pipe.analyse(Article(text=sentence)).quantities, qtext)
    assert (q.value, q.unit, q.approx, q.low, q.high) == (value, unit, approx, low, high)
    if counted is not None:
        assert q.counted == counted


@pytest.mark.parametrize("sentence", ["They signed the pact in 2024.", "On March 21, Kim spoke.",
                                      "It was the 21st launch.", "The talks began at 10:30."])
def test_quantities_not_years_dates_ordinals(pipe: Pipeline, sentence: str) -> None:
    assert pipe.analyse(Article(text=sentence)).quantities == []


def test_quantities_rate_after_unit_joins_the_unit() -> None:
    from wirewatch.nlp.quantities import extract_quantities

    assert [q.unit for q in extract_quantities("Oil rose to $58.24 per barrel.")] == ["USD per barrel"]
    assert [q.unit for q in extract_quantities("He earns $3,500 a month.")] == ["USD per month"]
    assert [q.unit for q in extract_quantities("a top speed of 140 km/h")] == ["km per hour"]
    assert [q.unit for q in extract_quantities("They paid $5 a piece.")] == ["USD"]  # "a piece" is no rate


def test_quantities_age_is_years_of_age() -> None:
    from wirewatch.nlp.quantities import extract_quantities

    (q,) = extract_quantities("A 35-year-old man was arrested.")
    assert (q.value, q.unit, q.text) == (35.0, "year of age", "35-year-old")
    assert extract_quantities("an 18-month-old girl")[0].unit == "month of age"


def test_quantities_currency_range_and_vague_plurals() -> None:
    from wirewatch.nlp.quantities import extract_quantities

    (q,) = extract_quantities("The condos range from $800,000 to $1.3 million.")
    assert (q.low, q.high, q.unit, q.approx) == (800000.0, 1300000.0, "USD", "range")
    (v,) = extract_quantities("tens of thousands of dollars")
    assert (v.low, v.high) == (10000, 100000)
    assert [(x.low, x.high) for x in extract_quantities("Dozens of people")] == [(12, 120)]


def test_quantities_one_is_a_quantity() -> None:
    from wirewatch.nlp.quantities import extract_quantities

    assert [q.value for q in extract_quantities("It is one of the best screens around.")] == [1.0]


def test_quantities_names_and_clock_times_are_not_quantities() -> None:
    from wirewatch.nlp.quantities import extract_quantities

    assert [q.value for q in extract_quantities("Ferrari revealed the SF90 with 938 horsepower")] == [938.0]
    assert [q.value for q in extract_quantities("the TA-125 climbed 0.1% on")] == [0.1]
    assert extract_quantities("Bitcoin fell at 10.45pm last night") == []
    assert extract_quantities("They finished behind Texas in the Big 12.") == []
    assert [q.value for q in extract_quantities("Seoul said 600 were killed.")] == [600.0]


def test_quantities_units_from_the_data_file() -> None:
    from wirewatch.nlp.quantities import extract_quantities, load_units

    folded, exact = load_units()
    assert folded["per cent"] == "percent" and exact["kW"] == "kilowatt"
    got = [(q.value, q.unit) for q in extract_quantities("a 5.2 litre V10 with 640bhp and a 224 kW motor at 2.4 GHz")]
    assert got == [(5.2, "litre"), (640.0, "brake horsepower"), (224.0, "kilowatt"), (2.4, "gigahertz")]
    assert extract_quantities("an 18 year-old winger")[0].unit == "year of age"


def test_quantities_units_file_is_user_extensible(tmp_path: Path) -> None:
    from wirewatch.nlp.quantities import load_units

    path = tmp_path / "units.tsv"
    path.write_text("# comment\nfurlongs\tfurlong\ti\nKt\tknot\tc\n", encoding="utf-8")
    assert load_units(path) == ({"furlongs": "furlong"}, {"Kt": "knot"})


def test_quantities_ranges_of_two_quantities_negatives_and_dates() -> None:
    from wirewatch.nlp.quantities import extract_quantities

    (q,) = extract_quantities("Prices will rise between 5% and 6%, the bank said.")
    assert (q.low, q.high, q.unit, q.approx) == (5.0, 6.0, "percent", "range")
    (q,) = extract_quantities("Bitcoin plummeted from $36,040 to $34,935 overnight.")
    assert (q.low, q.high, q.unit) == (36040.0, 34935.0, "USD")
    assert [q.value for q in extract_quantities("The offense was -5 yards.")] == [-5.0]
    assert [q.value for q in extract_quantities("It can dip to minus-130 degrees.")] == [-130.0]
    assert [q.value for q in extract_quantities("It fell to 49.55 Hz on 9 May.")] == [49.55]
    assert [q.value for q in extract_quantities("The S&P 500 rose 64 points.")] == [64.0]
    assert [q.value for q in extract_quantities("It rose 5% and then 6%.")] == [5.0, 6.0]  # no range without a lead


def test_quantities_currency_codes_before_digits_and_shared_scale() -> None:
    from wirewatch.nlp.quantities import extract_quantities

    assert [(q.value, q.unit) for q in extract_quantities("Shares rose to RM23.50, a record.")] == [(23.5, "MYR")]
    assert [(q.value, q.unit) for q in extract_quantities("Gold is at USD1,700.")] == [(1700.0, "USD")]
    assert [q.unit for q in extract_quantities("They paid HK $216,925 in all.")] == ["HKD"]
    (q,) = extract_quantities("Let's get from $10 to $15 billion first.")
    assert (q.low, q.high) == (1e10, 1.5e10)


def test_quantities_fractions() -> None:
    from wirewatch.nlp.quantities import extract_quantities

    got = [(round(q.value or 0, 3), q.unit) for q in extract_quantities("A third of those screened were obese.")]
    assert got == [(0.333, "fraction")]
    assert [q.value for q in extract_quantities("Nearly two-thirds of the sales came from CDs.")] == [2 / 3]
    assert [q.value for q in extract_quantities("almost half of which are in California")] == [0.5]
    assert extract_quantities("a half-hour show") == []


def test_quantities_rate_after_counted_noun_and_mph_with_dots() -> None:
    pipeline = Pipeline.build(["spacy", "quantities"])
    (q,) = pipeline.analyse(Article(text="The lab ran 3,000 tests per day.")).quantities
    assert (q.value, q.counted) == (3000.0, "tests per day")
    (q,) = pipeline.analyse(Article(text="It reached about 80 m.p.h. on the track.")).quantities
    assert (q.value, q.unit) == (80.0, "mph")


def test_quantities_or_ranges_and_rate_ranges() -> None:
    pipeline = Pipeline.build(["spacy", "quantities"])
    (q,) = pipeline.analyse(Article(text="Over the past three or four years, lenders changed.")).quantities
    assert (q.low, q.high, q.approx, q.counted) == (3.0, 4.0, "range", "years")
    (q,) = pipeline.analyse(Article(text="people earning between $48,000 and $90,000 a year")).quantities
    assert (q.low, q.high, q.unit) == (48000.0, 90000.0, "USD per year")
    assert len(pipeline.analyse(Article(text="It rose 5% or 6%.")).quantities) == 2  # units: no "or" range


def test_quantities_age_in_apposition() -> None:
    from wirewatch.nlp.quantities import extract_quantities

    assert [(q.value, q.unit) for q in extract_quantities("Jamie Armstrong, 25, said she left.")] == [
        (25.0, "year of age")]
    assert next(q.unit for q in extract_quantities("In Paris, 25, 30 and 40 people came.")) is None


@pytest.mark.parametrize(("sentence", "value", "unit"), [
    ("Guidance was cut to $US160 million.", 160e6, "USD"),
    ("Nintendo fell to Y=28,030 in Tokyo.", 28030, "JPY"),
    ("Revenue rose from $6.78 billion a year earlier.", 6.78e9, "USD"),
    ("The city hosts a 52,000 barrel-a-day refinery.", 52000, "barrel per day"),
    ("It made a 1.8 billion-mile journey.", 1.8e9, "mile"),
    ("Flats start at 450 sq ft.", 450, "square foot"),
    ("Carbon levels reached 1200 parts per million.", 1200, "part per million"),
    ("The probe orbited the planet 3200 times.", 3200, "times"),
])
def test_quantities_unit_forms(sentence: str, value: float, unit: str) -> None:
    """Currency codes around the sign, rates not followed by 'earlier', units after a hyphen, data-file units."""
    from wirewatch.nlp.quantities import extract_quantities

    assert [(q.value, q.unit) for q in extract_quantities(sentence)] == [(value, unit)]


@pytest.mark.parametrize(("sentence", "low", "high", "unit"), [
    ("Fees range from 15 per cent to 20 per cent for performance.", 15, 20, "percent"),
    ("Trade could see a five per cent to 20 per cent rebound.", 5, 20, "percent"),
    ("He went from 208 kg to 193 by exercising.", 208, 193, "kg"),
    ("Sizes start from 450 sq ft up to 900 sq ft.", 450, 900, "square foot"),
    ("Guidance fell to between $US140 million and $US150 million.", 140e6, 150e6, "USD"),
])
def test_quantities_ranges_of_one_unit(sentence: str, low: float, high: float, unit: str) -> None:
    from wirewatch.nlp.quantities import extract_quantities

    assert [(q.approx, q.low, q.high, q.unit) for q in extract_quantities(sentence)] == [("range", low, high, unit)]


def test_quantities_a_change_is_not_a_range() -> None:
    from wirewatch.nlp.quantities import extract_quantities

    assert [q.approx for q in extract_quantities("Support rose 5 percent to 40 percent.")] == ["exact", "exact"]


def test_quantities_bare_number_or_money_is_money() -> None:
    from wirewatch.nlp.quantities import extract_quantities

    assert [(q.value, q.unit) for q in extract_quantities("It costs about 8 or $9.")] == [(8, "USD"), (9, "USD")]


@pytest.mark.parametrize(("sentence", "qtext", "unit", "counted"), [
    ("Two of Johnson's deputies were fired.", "Two", None, "deputies"),
    ("He has repaired dozens of Kia and Hyundai vehicles.", "dozens", None, "Kia and Hyundai vehicles"),
    ("Half the condos have sold since the spring.", "Half", None, "condos"),
    ("The firm employs 600 people, almost half of which are in California.", "half", "fraction", None),
])
def test_quantities_counted_after_of_or_determiner(pipe: Pipeline, sentence: str, qtext: str, unit: str | None,
                                                   counted: str | None) -> None:
    """The counted noun past a possessive, a determiner or a name modifying it; none after 'of which'."""
    q = _find(pipe.analyse(Article(text=sentence)).quantities, qtext)
    assert (q.unit, q.counted) == (unit, counted)


def test_quantities_age_after_a_full_name_without_commas() -> None:
    from wirewatch.nlp.quantities import extract_quantities

    found = extract_quantities("Nick Hague 44 has spent 200 days in space.")
    assert [(q.value, q.unit) for q in found][:1] == [(44, "year of age")]


def test_quantities_index_level_after_a_move_in_points() -> None:
    from wirewatch.nlp.quantities import extract_quantities

    found = extract_quantities("The S&P 500 rose 64.06 points to 4,577.10. Sales reached 300.")
    assert [(q.value, q.unit) for q in found] == [(64.06, "point"), (4577.10, "point"), (300, None)]


@pytest.mark.parametrize("sentence", [
    "The temple was built around A.D. 1000 by the Popolocas.",
    "Volkswagen first introduced the tech in its electric ID.3 car.",
    "The duty took effect at 0401 GMT on Friday.",
    "Avoid using the same one across multiple accounts.",
    "The iPhone 14's display remains good.",
    "Here are the articles: iPhone 11 Pro hands-on.",
])
def test_quantities_not_eras_models_times_or_pronoun_one(sentence: str) -> None:
    from wirewatch.nlp.quantities import extract_quantities

    assert extract_quantities(sentence) == []


def test_quantities_one_before_a_number_is_a_determiner() -> None:
    from wirewatch.nlp.quantities import extract_quantities

    assert [q.value for q in extract_quantities("It hosts just one 52,000 barrel-a-day refinery.")] == [52000]


@pytest.mark.parametrize(("sentence", "value", "low", "high", "unit"), [
    ("The mass is 1.99×10−30 kilograms.", 1.99e-30, None, None, "kg"),
    ("It is 3 x 10^6 km away.", 3e6, None, None, "km"),
    ("The team had a .500 record.", 0.5, None, None, None),
    ("It has a quick 0-to-60-mph time.", 0, 0, 60, "mph"),
])
def test_quantities_number_forms(sentence: str, value: float, low: float | None, high: float | None,
                                 unit: str | None) -> None:
    """Scientific notation, a leading decimal point, a hyphenated 'X-to-Y-unit' range."""
    from wirewatch.nlp.quantities import extract_quantities

    [q] = extract_quantities(sentence)
    assert (q.value, q.low, q.high, q.unit) == (pytest.approx(value), low, high, unit)


def test_quantities_bare_number_to_a_counted_number_is_a_range(pipe: Pipeline) -> None:
    found = pipe.analyse(Article(text="They have been unemployed for one to two years.")).quantities
    assert [(q.approx, q.low, q.high, q.counted) for q in found] == [("range", 1, 2, "years")]


@pytest.mark.parametrize(("sentence", "qtext", "counted"), [
    ("The agency imposed a duty on 5,700 categories of products.", "5,700", "categories of products"),
    ("The war has lasted 3 years of fighting.", "3", "years"),
])
def test_quantities_counted_kind_after_of(pipe: Pipeline, sentence: str, qtext: str, counted: str) -> None:
    """A counted noun followed by 'of' and a bare noun names its kind; not after spans of time."""
    q = _find(pipe.analyse(Article(text=sentence)).quantities, qtext)
    assert q.counted == counted


def test_quantities_compared_number_counts_the_same_thing(pipe: Pipeline) -> None:
    found = pipe.analyse(Article(text="About 460 cars have been stolen this year compared with 63 during the same "
                                      "period last year.")).quantities
    assert [(q.value, q.counted) for q in found] == [(460, "cars"), (63, "cars")]


def test_quantities_compared_number_does_not_count_time() -> None:
    from wirewatch.nlp.quantities import Quantity, _elided_units

    text = "They waited 3 years and 5 more."
    found = [Quantity(start=12, end=13, text="3", value=3, stage="q", counted="years"),
             Quantity(start=24, end=25, text="5", value=5, stage="q")]
    assert _elided_units(text, found)[1].counted is None


def test_quantities_number_inside_a_product_name(pipe: Pipeline) -> None:
    text = "Tesla broke a record through the delivery of about 63000 Model 3 sedans."
    assert [q.value for q in pipe.analyse(Article(text=text)).quantities] == [63000]


def test_quantities_future_year_after_a_preposition() -> None:
    from wirewatch.nlp.quantities import extract_quantities

    found = extract_quantities("Seas could rise 11 feet by 2120, and 2150 homes would flood.")
    assert [(q.value, q.unit) for q in found] == [(11, "foot"), (2150, None)]
