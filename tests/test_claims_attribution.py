"""Attribution rules on hand-made sentences, with the real spaCy model (issue 7)."""

from __future__ import annotations

from typing import Any

import pytest

from wirewatch.claims.attribution import attributions
from wirewatch.nlp.spacy_stage import load_model

CASES = [
    # text, source, cue, content, certainty
    ("Troops were sent to the border, officials said.", "officials", "said", "Troops were sent to the border",
     "stated"),
    ("The ministry said that 300 soldiers had died.", "The ministry", "said", "that 300 soldiers had died", "stated"),
    ("According to state media, the test was a success.", "state media", "According to", "the test was a success",
     "stated"),
    ("Analysts believe the talks will fail.", "Analysts", "believe", "the talks will fail", "believed"),
    ("The government denied that troops had crossed the border.", "The government", "denied",
     "that troops had crossed the border", "denied"),
    ("Seoul estimated that 11,000 soldiers were deployed.", "Seoul", "estimated", "that 11,000 soldiers were deployed",
     "estimated"),
    ("Rebels allegedly seized the town, the army claimed.", "the army", "claimed", "Rebels allegedly seized the town",
     "alleged"),
    ("“We will respond,” the minister said.", "the minister", "said", "“We will respond,”", "stated"),
]


@pytest.fixture(scope="module")
def nlp() -> Any:
    return load_model()


@pytest.mark.parametrize(("text", "source", "cue", "content", "certainty"), CASES)
def test_claims_attribution_table(nlp: Any, text: str, source: str, cue: str, content: str, certainty: str) -> None:
    found = attributions(nlp(text))
    assert found, f"no attribution in {text!r}"
    att = found[0]
    assert att.source is not None and text[att.source[0]:att.source[1]] == source
    assert text[att.cue[0]:att.cue[1]] == cue
    assert text[att.content[0]:att.content[1]] == content
    assert att.certainty == certainty


def test_claims_attribution_speaker_asides_inside_quotes_are_not_claims(nlp: Any) -> None:
    text = "“I think we can win,” Smith said."
    found = attributions(nlp(text))
    assert [text[a.cue[0]:a.cue[1]] for a in found] == ["said"]


def test_claims_attribution_noun_qualifier_is_not_a_report(nlp: Any) -> None:
    text = "He honoured the 101 soldiers confirmed to have died."
    assert [text[a.cue[0]:a.cue[1]] for a in attributions(nlp(text)) if text[a.cue[0]:a.cue[1]] == "confirmed"] == []


def test_claims_attribution_passive_belief_has_no_source(nlp: Any) -> None:
    text = "Over 600 soldiers are believed to have died in combat."
    [att] = attributions(nlp(text))
    assert att.source is None and att.certainty == "believed"
    assert text[att.content[0]:att.content[1]].startswith("Over 600 soldiers")


def _triples(text: str, found: list[Any]) -> set[tuple[str | None, str, str]]:
    return {(text[a.source[0]:a.source[1]] if a.source else None, text[a.cue[0]:a.cue[1]],
             text[a.content[0]:a.content[1]]) for a in found}


def test_claims_attribution_quotation_signed_with_a_dash(nlp: Any) -> None:
    text = "Readers wrote in.\n“He scares me. He does not listen.” ― Maria Lopez\n“We need change.”\xa0― Tom A. Reed.\n"
    got = _triples(text, attributions(nlp(text)))
    assert ("Maria Lopez", "―", "“He scares me. He does not listen.”") in got
    assert ("Tom A. Reed", "―", "“We need change.”") in got


def test_claims_attribution_transcript_turns(nlp: Any) -> None:
    text = ("Partial transcript as follows:\n\n\"SMITH: Will she be at the debate tomorrow?\n\n"
            "\"JONES: She will not be attending the debate.\n\n\"SMITH: Thank you, sir, for coming.\n\n"
            "UPDATE: This story has been changed.\n")
    got = _triples(text, attributions(nlp(text)))
    assert ("SMITH", ":", "Will she be at the debate tomorrow?") in got
    assert ("JONES", ":", "She will not be attending the debate") not in got  # one turn only: no transcript
    assert not any(src == "UPDATE" for src, _, _ in got)


def test_claims_attribution_headline_quotation_after_a_colon(nlp: Any) -> None:
    text = "A lesson from Loretta Lynch: 'Be the voice that people hear.'\n\nShe spoke to students on Monday.\n"
    got = _triples(text, attributions(nlp(text)))
    assert ("A lesson from Loretta Lynch", ":", "'Be the voice that people hear.'") in got


def test_claims_attribution_subject_of_the_verb_a_gerund_hangs_on(nlp: Any) -> None:
    text = "Dean began the interview by saying he would never diagnose anyone."
    got = _triples(text, attributions(nlp(text)))
    assert ("Dean", "saying", "he would never diagnose anyone") in got


def test_claims_attribution_no_source_from_the_heading_above(nlp: Any) -> None:
    text = "The Latest on the presidential race (all times EDT):\n\nDonald Trump is once again questioning the vote."
    for att in attributions(nlp(text)):
        if att.source is not None:
            assert "\n" not in text[att.source[0]:att.cue[0]]


def test_claims_attribution_according_to_a_phrase_parsed_as_a_clause(nlp: Any) -> None:
    text = "Donald Trump repeatedly demeaned women with sexist language, according to show insiders."
    got = _triples(text, attributions(nlp(text)))
    assert ("show insiders", "according to", "Donald Trump repeatedly demeaned women with sexist language") in got


def test_claims_attribution_quoted_report_is_what_the_speaker_says(nlp: Any) -> None:
    text = "''President Obama called for cutting the rate, but I haven't heard a peep,'' said Mr. Holtz-Eakin."
    got = _triples(text, attributions(nlp(text)))
    assert not any("said Mr. Holtz-Eakin" in content for src, cue, content in got if cue == "called")
    assert any(src == "Mr. Holtz-Eakin" and cue == "said" for src, cue, _ in got)


def test_claims_attribution_title_case_headline_read_in_sentence_case(nlp: Any) -> None:
    text = "Sanders Vows To Eliminate Tax Breaks For Developers.\n\nBernie Sanders spoke in Ohio on Monday.\n"
    got = _triples(text, attributions(nlp(text)))
    assert any(cue == "Vows" and src == "Sanders" for src, cue, _ in got)


def test_claims_attribution_seeming_subject_is_no_source() -> None:
    from wirewatch.claims.attribution import _experiencer

    doc = load_model()("Nothing about the plan seems credible to me.")
    verb = next(t for t in doc if t.text == "seems")
    found = _experiencer(verb)
    assert found is not None and found.text == "me"


def test_claims_attribution_according_to_parsed_as_one_noun_phrase(nlp: Any) -> None:
    text = "According to conservative talk radio host Rush Limbaugh, the move reeks of “fear” and desperation."
    got = _triples(text, attributions(nlp(text)))
    assert any(cue == "According to" and src and "Limbaugh" in src and content.startswith("the move")
               for src, cue, content in got)


def test_claims_attribution_statement_before_a_comma_and_a_loose_parse(nlp: Any) -> None:
    from spacy.tokens import Doc

    words = ["Language", "unclear", "on", "coverage", ",", "experts", "say", "."]
    doc = Doc(nlp.vocab, words=words, spaces=[True, True, True, False, True, True, False, False],
              heads=[6, 0, 0, 2, 6, 6, 6, 6], deps=["dep", "amod", "prep", "pobj", "punct", "nsubj", "ROOT", "punct"],
              pos=["NOUN", "ADJ", "ADP", "NOUN", "PUNCT", "NOUN", "VERB", "PUNCT"],
              tags=["NN", "JJ", "IN", "NN", ",", "NNS", "VBP", "."])
    got = _triples(doc.text, attributions(doc))
    assert ("experts", "say", "Language unclear on coverage") in got
