"""The claims stage: attributed statements, the outlet's own figures, and claim keys.

For each attribution found in the parse (``attribution.attributions``) a :class:`Claim` is made
with its source (the canonical actor where a resolved mention names it, else the text: "state
media", "analysts"), cue, content and certainty. Sentences with a figure that no attribution
covers are claims of the outlet itself (``cue`` is ``None``). A claim whose content carries a
figure gets that quantity and, where its subject and property can be read, a claim key
(``keys.claim_key``). A figure belongs to one claim only: the innermost one that names a source;
a statement with several figures gets one more claim per further keyed figure, marked ``within``
the first. Reports nested in another report are kept only when they carry a figure.
"""

from __future__ import annotations

from dataclasses import replace

from ..model import Analysis, Claim, Quantity, Span
from .attribution import Attribution, attributions
from .keys import claim_key
from .lexicon import certainty_of

#: Pronoun sources resolved to the latest person named before them (within this many characters).
PRONOUN_WINDOW = 600
PRONOUNS = frozenset({"he", "she", "him", "her"})

#: What an outlet's own claim is called when the article has no outlet name.
OUTLET = "the outlet"


def _source_actor(analysis: Analysis, span: tuple[int, int]) -> str | None:
    """The canonical actor named by a source span (its first resolved mention), or a pronoun's person."""
    start, end = span
    for mention in analysis.entities:
        if start <= mention.start < end and mention.actor and not mention.actor.startswith("unresolved:"):
            return mention.actor
    text = analysis.text[start:end].strip().lower()
    if text in PRONOUNS:
        people = [m for m in analysis.entities if m.label == "PERSON" and m.actor and m.end <= start
                  and start - m.end <= PRONOUN_WINDOW and not m.actor.startswith("unresolved:")]
        if people:
            return people[-1].actor
    return None


def _enclosing(found: list[Attribution]) -> list[int | None]:
    """For each attribution, the index of the smallest other one whose content holds its cue."""
    out: list[int | None] = []
    for i, att in enumerate(found):
        best: int | None = None
        for j, other in enumerate(found):
            if i == j:
                continue
            s, e = other.content
            holds = s <= att.cue[0] and att.cue[1] <= e and not (att.content[0] <= other.cue[0] < att.content[1])
            if holds and (best is None or (e - s) < (found[best].content[1] - found[best].content[0])):
                best = j
        out.append(best)
    return out


def _owner(claims: list[Claim], q: Quantity) -> int | None:
    """The claim a figure belongs to: the innermost content holding it that names a source, else the innermost."""
    holding = [i for i, c in enumerate(claims) if c.content.start <= q.start and q.end <= c.content.end]
    if not holding:
        return None
    with_source = [i for i in holding if claims[i].source_text]
    pool = with_source or holding
    return min(pool, key=lambda i: claims[i].content.end - claims[i].content.start)


def _kept(claims: list[Claim]) -> list[Claim]:
    """The claims worth listing, with ``within`` renumbered.

    The outlet's own sentences are kept for their keyed figures only; a report nested in another
    is kept when it carries a figure ("..., as confirmed by the spy agency") and otherwise left to
    the claim that holds it (mostly a speaker's own words inside a quotation: "he said they said").
    A nested claim whose holder is dropped becomes top-level.
    """
    keep = [i for i, c in enumerate(claims)
            if (c.cue is not None or c.key is not None) and (c.within is None or c.quantity is not None)]
    index = {old: new for new, old in enumerate(keep)}
    out = []
    for i in keep:
        claim = claims[i]
        out.append(replace(claim, within=index.get(claim.within)) if claim.within is not None else claim)
    return out


class ClaimStage:
    """Attributed claims with source, cue, content, certainty, and keyed figures."""

    name = "claims"
    requires: tuple[str, ...] = ("nlp", "sentences")
    provides: tuple[str, ...] = ("claims",)

    def __init__(self, outlet_claims: bool = True) -> None:
        self.outlet_claims = outlet_claims

    def __call__(self, analysis: Analysis) -> None:
        doc = analysis.nlp
        if doc is None:
            return
        text = analysis.text
        found = attributions(doc)
        parents = _enclosing(found)
        claims: list[Claim] = []
        for att, parent in zip(found, parents, strict=True):
            source_span = Span(start=att.source[0], end=att.source[1], text=text[att.source[0]:att.source[1]]) \
                if att.source else None
            claims.append(Claim(
                source_text=source_span.text if source_span else None,
                source_span=source_span,
                source_actor=_source_actor(analysis, att.source) if att.source else None,
                cue=Span(start=att.cue[0], end=att.cue[1], text=text[att.cue[0]:att.cue[1]]),
                content=Span(start=att.content[0], end=att.content[1], text=text[att.content[0]:att.content[1]]),
                certainty=att.certainty,
                within=parent,
                stage=self.name,
            ))
        if self.outlet_claims:
            claims.extend(self._outlet_claims(analysis, claims))
        for q in analysis.quantities:
            owner = _owner(claims, q)
            if owner is None:
                continue
            claim = claims[owner]
            if claim.quantity is None:
                claim.quantity = q
                claim.key, claim.measure = claim_key(analysis, claim, q)
                continue
            # a further figure of the same statement: a claim of its own, marked as within the statement
            key, measure = claim_key(analysis, claim, q)
            if key is not None:
                claims.append(replace(claim, quantity=q, key=key, measure=measure, within=owner))
        analysis.claims = _kept(claims)

    def _outlet_claims(self, analysis: Analysis, claims: list[Claim]) -> list[Claim]:
        """One claim of the outlet per sentence whose figures no attribution covers."""
        text = analysis.text
        outlet = analysis.article.outlet or OUTLET
        out: list[Claim] = []
        for sent in analysis.sentences:
            figures = [q for q in analysis.quantities if sent.start <= q.start < sent.end
                       and not any(c.content.start <= q.start and q.end <= c.content.end for c in claims)]
            if not figures:
                continue
            start, end = sent.start, sent.end
            while end > start and text[end - 1].isspace():
                end -= 1
            while start < end and text[start].isspace():
                start += 1
            words = text[start:end].split()
            words += ["estimated" for q in figures if q.approx == "estimated"]
            out.append(Claim(source_text=outlet, cue=None, content=Span(start=start, end=end, text=text[start:end]),
                             certainty=certainty_of(None, words), stage=self.name))
        return out

