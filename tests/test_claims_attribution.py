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


def test_claims_attribution_two_subjects_the_speaker_is_outside_the_quotation(nlp: Any) -> None:
    # the parse hangs the quotation's own subject ("My reaction") on "said" as well as the speaker
    text = "“My reaction, that was outrageous,” Obama's former campaign strategist said in an interview."
    got = _triples(text, attributions(nlp(text)))
    assert ("Obama's former campaign strategist", "said", "“My reaction, that was outrageous,”") in got


def test_claims_attribution_finite_verb_takes_the_noun_phrase_before_it(nlp: Any) -> None:
    # "experts" is parsed as the object of "of" and "say" as a loose dependent with no subject
    text = "That's a small fraction of the minimum $20 million experts say it costs to run statewide."
    got = _triples(text, attributions(nlp(text)))
    assert any(cue == "say" and src is not None and src.endswith("experts") for src, cue, _ in got)


@pytest.mark.parametrize("verb", ["seems", "seemed", "seem"])
def test_claims_attribution_seeming_verb_in_any_form_has_no_subject_source(nlp: Any, verb: str) -> None:
    from wirewatch.claims.attribution import _raising

    text = f"Now Melania {verb} to have vanished from the campaign trail."
    doc = nlp(text)
    assert _raising(next(t for t in doc if t.text == verb))
    for att in attributions(doc):
        if text[att.cue[0]:att.cue[1]] == verb:
            assert att.source is None


def test_claims_attribution_judgement_on_an_object_is_what_is_said(nlp: Any) -> None:
    text = "Bin Laden judged America a paper tiger."
    got = _triples(text, attributions(nlp(text)))
    assert ("Bin Laden", "judged", "America a paper tiger") in got


def test_claims_attribution_present_tense_after_a_name_is_no_reduced_relative(nlp: Any) -> None:
    from spacy.tokens import Doc

    # the parse left the names without a subject link; "call" is a present tense, not "soldiers confirmed"
    words = ["Obama", "and", "Clinton", "call", "them", "lone", "wolves", "."]
    doc = Doc(nlp.vocab, words=words, spaces=[True, True, True, True, True, True, False, False],
              heads=[3, 0, 0, 3, 3, 6, 3, 3], deps=["appos", "cc", "conj", "ROOT", "dobj", "amod", "oprd", "punct"],
              pos=["PROPN", "CCONJ", "PROPN", "VERB", "PRON", "ADJ", "NOUN", "PUNCT"],
              tags=["NNP", "CC", "NNP", "VBP", "PRP", "JJ", "NNS", "."])
    got = _triples(doc.text, attributions(doc))
    assert any(cue == "call" and content == "them lone wolves" and src for src, cue, content in got)


def test_claims_attribution_subject_of_a_copula_before_able_to(nlp: Any) -> None:
    text = "He was able to tout his polling strength while needling opponents."
    got = _triples(text, attributions(nlp(text)))
    assert ("He", "to tout", "his polling strength") in got
    text = "It is worth noting that the plan has failed."
    assert all(src != "It" for src, _, _ in _triples(text, attributions(nlp(text))))


def test_claims_attribution_quotations_stay_in_their_paragraph_and_marks_may_mix() -> None:
    from wirewatch.claims.attribution import quotations

    text = ("“No evidence\" yet.\n\n\"We do not see a link,\" the mayor said, adding it would take \"more hours” "
            "before details emerge.")
    spans = [text[s:e] for s, e in quotations(text)]
    assert "\"We do not see a link,\"" in spans and not any("\n" in s for s in spans)
    text = "“Immunity deals should not be required,\" Chaffetz said, adding they were handed out \"like candy.\""
    spans = [text[s:e] for s, e in quotations(text)]
    assert spans == ["“Immunity deals should not be required,\"", "\"like candy.\""]


@pytest.mark.parametrize("text", ["Scott added: \"I'll be able to raise what's necessary.\"",
                                  "Limbaugh continued: “They are demanding this, and they are pressing him.”"])
def test_claims_attribution_verb_before_a_colon_is_the_cue_not_the_colon(nlp: Any, text: str) -> None:
    found = attributions(nlp(text))
    assert [text[a.cue[0]:a.cue[1]] for a in found] in (["added"], ["continued"])
    assert text[found[0].content[0]:found[0].content[1]].startswith(("\"I'll", "“They"))


def test_claims_attribution_particle_is_part_of_the_cue_not_its_content(nlp: Any) -> None:
    text = "Donald Trump is doubling down on his attacks on a former Miss Universe."
    got = _triples(text, attributions(nlp(text)))
    assert ("Donald Trump", "is doubling down", "on his attacks on a former Miss Universe") in got


def test_claims_attribution_noun_a_cue_verb_governs_is_part_of_its_cue(nlp: Any) -> None:
    text = "The Wisconsin Republican says in a statement that the steps are certain to be challenged."
    got = _triples(text, attributions(nlp(text)))
    assert got == {("The Wisconsin Republican", "says", "that the steps are certain to be challenged")}


def test_claims_attribution_noun_cue_taken_for_a_verb_keeps_its_speaker(nlp: Any) -> None:
    from spacy.tokens import Doc

    from wirewatch.claims.attribution import _about

    text = "But Trump claims that he should be the exception."
    got = _triples(text, attributions(nlp(text)))
    assert ("Trump", "claims", "that he should be the exception") in got
    # a name the parse made a compound of the noun: "Trump charges that donors paid"
    words = ["Trump", "charges", "that", "donors", "paid", "."]
    doc = Doc(nlp.vocab, words=words, spaces=[True, True, True, True, False, False], heads=[1, 1, 4, 4, 1, 1],
              deps=["compound", "ROOT", "mark", "nsubj", "acl", "punct"],
              pos=["PROPN", "NOUN", "SCONJ", "NOUN", "VERB", "PUNCT"], tags=["NNP", "NNS", "IN", "NNS", "VBD", "."])
    att = _about(doc, doc[1], doc.text)
    assert att is not None and att.source is not None and doc.text[att.source[0]:att.source[1]] == "Trump"


def test_claims_attribution_noun_cue_after_with_is_the_subjects(nlp: Any) -> None:
    from wirewatch.claims.attribution import _about

    text = "She then peppered him with attacks on his biography and platform."
    assert ("She", "attacks", "his biography and platform") in _triples(text, attributions(nlp(text)))
    text = "The plan faced criticism from Democrats over its cost."  # theirs, not the plan's
    doc = nlp(text)
    att = _about(doc, next(t for t in doc if t.text == "criticism"), text)
    assert att is not None and att.source is not None and text[att.source[0]:att.source[1]] == "Democrats"


def test_claims_attribution_subject_of_a_receiving_verb_is_not_the_nouns_source(nlp: Any) -> None:
    text = "Trump has faced questions about business practices at his foundation."
    found = [a for a in attributions(nlp(text)) if text[a.cue[0]:a.cue[1]] == "questions"]
    assert found and found[0].source is None


def test_claims_attribution_who_it_seems_so_to_is_no_part_of_what_seems_so(nlp: Any) -> None:
    text = "Nothing about them seems credible to me."
    assert ("me", "seems", "credible") in _triples(text, attributions(nlp(text)))


def test_claims_attribution_nationality_before_a_noun_cue_is_whose_it_is(nlp: Any) -> None:
    from wirewatch.claims.attribution import _about

    text = "Their efforts face strict limits because of the European reluctance to hand over powers to Brussels."
    doc = nlp(text)
    att = _about(doc, next(t for t in doc if t.text == "reluctance"), text)
    assert att is not None and att.source is not None and text[att.source[0]:att.source[1]] == "the European"


def test_claims_attribution_possessive_pronoun_stands_for_the_verbs_subject(nlp: Any) -> None:
    text = "Meanwhile Trump continues his adulation of Putin."
    assert ("Trump", "adulation", "Putin") in _triples(text, attributions(nlp(text)))
