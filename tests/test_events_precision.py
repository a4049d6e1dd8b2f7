"""Precision rules of the events stage (real spaCy model): a lexicon word that reports no act is no event.

Each pair below is one rule of ``wirewatch.nlp.events_sense`` (or of the stage) seen from both sides:
the sentence where the word is used in another sense gives no event of the type, and a sentence
where it reports the act still does. The negative sentences are modelled on the false positives of
the hand-judged BBC sample (docs/events-precision.md, benchmarks/event_precision.py).
"""

from __future__ import annotations

from typing import Any

import pytest

from wirewatch.model import Analysis, Article
from wirewatch.nlp import events_lexicon
from wirewatch.nlp.events_args import code_of


def read(pipeline: Any, text: str) -> Analysis:
    return pipeline.analyse(Article(text=text))


def typed(analysis: Analysis, type_: str) -> list[Any]:
    return [e for e in analysis.events if e.type == type_]


# (sentence, type that must not be found, the word that used to trigger it)
NOT_EVENTS = [
    # obligations that ask no one to act: passive, copula, possession, no subject, expletive
    ("Mr Brown said decisions on tax and spending should be made by ministers.", "REQUEST", "should"),
    ("He said 2005 must be the year that Scotland showed it cared.", "REQUEST", "must"),
    ("He argued he should have a veto on the choice of judges.", "REQUEST", "should"),
    ("Mr Taylor argues there should be new guidelines for all parties.", "REQUEST", "should"),
    # "insist" asserting, "warn" predicting, "ask" questioning
    ("In an upbeat pre-Budget report, he slightly increased borrowing but insisted economic targets would be met.",
     "REQUEST", "insisted"),
    ("The chancellor would not comment on the reports, but insisted he would not be diverted from his work.",
     "REQUEST", "insisted"),
    ("David Frost warned that many small firms could be crippled by the move.", "THREATEN", "warned"),
    ("Mr Lewis asked which party they would vote for.", "REQUEST", "asked"),
    # commerce and other senses
    ("Many companies offer easy-to-use services to create a blog.", "AGREE", "offer"),
    ("Mr Brown said economic targets would be met next year.", "AGREE", "met"),
    ("Professor Rothwell, who is also vice-president of research at Manchester University, said it would worry her "
     "a great deal if ministers were anti-stem cell.", "AGREE", "deal"),
    ("The human rights movement had to fight poverty.", "ASSAULT", "fight"),
    ("The French wine industry has been hit by declining consumption at home.", "ASSAULT", "hit"),
    ("Parmalat sued the banks before the scandal-hit Italian dairy company went bust last year.", "ASSAULT", "hit"),
    ("These rumours were fuelled by Mr Blair's decision to hold his monthly media conference at the same time.",
     "CONSULT", "conference"),
    ("By the autumn, five million Britons had signed up for high-speed net access.", "SUPPORT", "signed"),
    ("It was absurd to charge farmers for the committees, Mr Lewis said.", "ACCUSE", "charge"),
    ("The president said every day he seeks to do his duty.", "REQUEST", "seeks"),
    # AID to no one (a planned AID is coded AGREE)
    ("The Duchy of Lancaster provides the Queen's private income.", "AID", "provides"),
    ("The money would be used to help pay for key policies such as abolishing tuition fees, he said.", "AGREE",
     "help"),
    # topic nouns (the brief's example from BBC politics 060)
    ("The cardinal denounced the war in Iraq. He and the Archbishop of Canterbury have both spoken out about the war.",
     "ASSAULT", "war"),
    ("Ms Short resigned as international development secretary over the Iraq war.", "ASSAULT", "war"),
    # round 2 (development samples A and C). A thing does not act: information, money, hazards
    ("The research endorses our policy on quangos.", "SUPPORT", "endorses"),
    ("The rise in remittances helps protect the Mexican economy against a fall in oil prices.", "AID", "helps"),
    ("He expressed sympathy for the victims of the tidal wave which killed 150,000.", "ASSAULT", "killed"),
    # assent to a fact is an opinion, not an agreement to act
    ("The Lord Chancellor agreed the 1701 Act of Settlement was discriminatory.", "AGREE", "agreed"),
    ("A spokeswoman said Lord Woolf and Lord Falconer agreed about what happened in practice.", "AGREE", "agreed"),
    # a proposal or promise that nobody makes here is only talked of
    ("G7 ministers need to move quickly to turn their proposals into real change for the world's poorest.", "AGREE",
     "proposals"),
    ("The IMF is to look at a British proposal to use its gold supplies.", "AGREE", "proposal"),
    # firms in the market
    ("Chinese computer firm Lenovo signed a deal to buy the PC division of IBM.", "SUPPORT", "signed"),
    # calls to the public at large are canvassing
    ("Labour is telephoning people who have signed up to the service.", "CONSULT", "telephoning"),
    # AID to a thing
    ("The IMF is to look at a proposal to use its gold supplies to help the debt relief effort.", "AID", "help"),
]


@pytest.mark.parametrize(("text", "type_", "word"), NOT_EVENTS)
def test_events_precision_word_reports_no_act(pipeline: Any, text: str, type_: str, word: str) -> None:
    analysis = read(pipeline, text)
    wrong = [e for e in typed(analysis, type_) if e.trigger.text == word]
    assert not wrong, [(e.type, e.trigger.text) for e in analysis.events]


# (sentence, type that must still be found, its trigger, actor code or None, recipient code or None)
STILL_EVENTS = [
    ("Clare Short said the UN should lead the relief effort.", "REQUEST", "should", None, "IGO"),
    ("Clare Short said the UN should be leading the relief effort.", "REQUEST", "should", None, "IGO"),
    ("The union leader warned there could be further walkouts unless the government changed course.",
     "THREATEN", "warned", None, None),
    ("Germany warned Iran against any further enrichment.", "THREATEN", "warned", "DEU", "IRN"),
    ("The Liberal Democrats asked the watchdog to stop the calls.", "REQUEST", "asked", None, None),
    ("Syria has again offered its troops to Lebanon's new president.", "AGREE", "offered", "SYR", "LBN"),
    ("Putin offered to negotiate with the president of Armenia.", "AGREE", "offered", "RUS", None),
    ("Israel's cabinet met on Sunday.", "CONSULT", "met", "ISR", None),
    ("Government troops fought the rebels near the border.", "ASSAULT", "fought", None, None),
    ("Red Cross officials suspended aid deliveries after two of their vehicles were hit by gunfire.", "ASSAULT",
     "hit", None, None),
    ("Israeli jets hit targets in Gaza on Monday.", "ASSAULT", "hit", "ISR", None),
    ("Britain and France signed an agreement on Monday.", "SUPPORT", "signed", "GBR", None),
    ("The government will seek European Union approval for the plan.", "REQUEST", "seek", None, "IGO"),
    ("Police charged the two men with fraud.", "ACCUSE", "charged", None, None),
    ("Russia sent 2,000 troops to Syria on Monday.", "AID", "sent", "RUS", "SYR"),
    ("The UN aided the refugees in Chad.", "AID", "aided", "IGO", None),
    ("Thousands of students protested against the war in London.", "PROTEST", "protested", None, None),
    # round 2: the other side of each rule
    ("A car bomb killed 12 people in Baghdad on Monday.", "ASSAULT", "killed", None, "IRQ"),
    ("The UN helped the refugees in Chad.", "AID", "helped", "IGO", None),
    ("Mr Morgan said he had agreed with Ms Hutt that she would not be health minister.", "AGREE", "agreed", None,
     None),
    ("Iran made a proposal to hold talks with the European Union.", "AGREE", "proposal", "IRN", None),
    ("Chinese computer firm Lenovo signed a deal with the Chinese government.", "SUPPORT", "signed", None, None),
    ("Putin telephoned Erdogan on Monday.", "CONSULT", "telephoned", "RUS", "TUR"),
]


@pytest.mark.parametrize(("text", "type_", "word", "actor", "recipient"), STILL_EVENTS)
def test_events_precision_act_still_found(pipeline: Any, text: str, type_: str, word: str, actor: str | None,
                                          recipient: str | None) -> None:
    analysis = read(pipeline, text)
    found = [e for e in typed(analysis, type_) if e.trigger.text == word]
    assert found, [(e.type, e.trigger.text) for e in analysis.events]
    event = found[0]
    if actor:
        assert actor in {code_of(a, analysis.actors) for a in event.actors}
    if recipient:
        assert recipient in {code_of(r, analysis.actors) for r in event.recipients}


def test_events_precision_strike_a_deal_is_agree(pipeline: Any) -> None:
    analysis = read(pipeline, "Finally, a deal to turn it into a sport and entertainment venue was struck.")
    assert [e.type for e in analysis.events if e.trigger.text == "struck"] == ["AGREE"]


def test_events_precision_hit_out_is_accuse(pipeline: Any) -> None:
    analysis = read(pipeline, "France hit out at Germany over the new tariffs.")
    assert [e.type for e in analysis.events if e.trigger.text == "hit"] == ["ACCUSE"]


def test_events_precision_forced_out_is_sanction_expel(pipeline: Any) -> None:
    analysis = read(pipeline, "Jakarta forced the UN refugee agency out of the country.")
    found = typed(analysis, "SANCTION")
    assert found and found[0].mode == "expel"


def test_events_precision_negative_subject_negates(pipeline: Any) -> None:
    analysis = read(pipeline, "It is understood no deal was offered to the unions in that meeting.")
    offers = [e for e in analysis.events if e.trigger.text == "offered"]
    assert offers and offers[0].modality == "negated"


def test_events_precision_war_named_by_place_has_no_actor(pipeline: Any) -> None:
    # "the Iraq war": Iraq is where it was fought, not who fought it; nor is the subject who lost
    # trust its actor
    analysis = read(pipeline, "Tony Blair felt he had lost voters' trust because of the Iraq war.")
    assert not [e for e in typed(analysis, "ASSAULT") if "IRQ" in e.actors]


def test_events_precision_he_is_not_the_last_country(pipeline: Any) -> None:
    # BBC politics 060: the cardinal criticised, not Iraq
    analysis = read(pipeline, 'The cardinal used a Christmas message to denounce the war in Iraq. On the radio, '
                              'he criticised the fact that "billions" have been spent on war.')
    critics = [e for e in typed(analysis, "ACCUSE") if e.trigger.text == "criticised"]
    assert critics and "IRQ" not in critics[0].actors


def test_events_precision_released_people_are_not_the_releaser(pipeline: Any) -> None:
    # BBC politics 137: the group (from Ireland) was released by the police
    analysis = read(pipeline, "The group, from South Wales and Ireland, have been released on bail.")
    releases = typed(analysis, "RETREAT")
    assert releases and "IRL" not in releases[0].actors


def test_events_precision_withdrawn_troops_are_the_actor(pipeline: Any) -> None:
    analysis = read(pipeline, "Russian troops were withdrawn from the border.")
    found = typed(analysis, "RETREAT")
    assert found and "RUS" in {code_of(a, analysis.actors) for a in found[0].actors}


def test_events_precision_threat_content_is_no_event(pipeline: Any) -> None:
    analysis = read(pipeline, "Yukos has also threatened to sue the Russian government for $28bn.")
    assert [e.type for e in analysis.events] == ["THREATEN"]


def test_events_precision_not_a_trigger_rows() -> None:
    rows = events_lexicon.parse_rows("sign up\tV\t-\nsign\tV\tSUPPORT\n", "test")
    lexicon = events_lexicon.Lexicon(rows)
    assert lexicon.blocked("sign up", "V") and not lexicon.blocked("sign", "V")
    assert lexicon.match("sign up", "V", set()) is None
    assert lexicon.match("sign", "V", set()) is not None
    with pytest.raises(ValueError, match="PLOVER type or -"):
        events_lexicon.parse_rows("sign up\tV\tNONE\n", "test")


def test_events_precision_person_attacking_government_is_accuse(pipeline: Any) -> None:
    # one person cannot assault a government or the cost of a system: the attack is in words
    for text in ("Mr Howard attacked the government over its asylum figures.",
                 "Michael Howard has launched an attack on the cost of Britain's asylum system."):
        analysis = read(pipeline, text)
        assert {e.type for e in analysis.events} == {"ACCUSE"}, [(e.type, e.trigger.text) for e in analysis.events]


def test_events_precision_rebels_attacking_forces_is_assault(pipeline: Any) -> None:
    analysis = read(pipeline, "Rebels attacked government forces near the border.")
    assert [e.type for e in analysis.events if e.trigger.text == "attacked"] == ["ASSAULT"]
