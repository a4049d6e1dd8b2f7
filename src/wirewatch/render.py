"""Plain-text rendering of analyses and metrics for the terminal."""

from __future__ import annotations

from typing import Any

from .model import Analysis


def render_analysis(analysis: Analysis) -> str:
    a = analysis.article
    text = analysis.text
    lines = [f"# {a.title or '(untitled)'}  [{a.id}]",
             f"outlet: {a.outlet or 'unknown'}   published: {a.published or 'unknown'}", ""]
    actors = analysis.actors
    if analysis.entities:
        lines.append("entities:")
        for m in analysis.entities:
            actor = actors.get(m.actor) if m.actor else None
            res = f" -> {actor.name} ({actor.kind}, {actor.country or '-'}, {actor.sector or '-'})" if actor else ""
            lines.append(f"  {m.start:>5}-{m.end:<5} {m.label:<7} {m.text}{res}")
    if analysis.times:
        lines.append("times:")
        for t in analysis.times:
            lines.append(f"  {t.start:>5}-{t.end:<5} {t.type:<8} {t.text!r} = {t.value or 'unknown'}")
    if analysis.quantities:
        lines.append("quantities:")
        for q in analysis.quantities:
            bounds = f" [{q.low if q.low is not None else ''}..{q.high if q.high is not None else ''}]" \
                if q.low is not None or q.high is not None else ""
            lines.append(f"  {q.start:>5}-{q.end:<5} {q.text!r} = {q.value} {q.unit or ''} {q.approx or ''}"
                         f"{bounds} counted={q.counted or '-'}")
    if analysis.events:
        lines.append("events:")
        for e in analysis.events:
            lines.append(f"  {e.type}{'/' + e.mode if e.mode else ''} {','.join(e.actors) or '?'} -> "
                         f"{','.join(e.recipients) or '-'} time={e.time or '-'} place={e.place or '-'} "
                         f"[{e.modality}{': ' + e.source if e.source else ''}]")
            lines.append(f"      \"{' '.join(text[e.evidence.start:e.evidence.end].split())}\"")
    if analysis.claims:
        lines.append("claims:")
        for c in analysis.claims:
            lines.append(f"  {c.source_text or '(outlet)'} [{c.certainty}] {c.key or ''}: "
                         f"\"{' '.join(text[c.content.start:c.content.end].split())[:160]}\"")
    if analysis.failures:
        lines.append("failures:")
        lines.extend(f"  {s}: {r}" for s, r in analysis.failures)
    return "\n".join(lines) + "\n"


def render_metrics(suite: str, result: dict[str, Any], indent: str = "") -> str:
    lines = [] if indent else [f"{suite}:"]
    for key, value in result.items():
        if isinstance(value, dict):
            lines.append(f"{indent}  {key}:")
            lines.append(render_metrics(suite, value, indent + "  "))
        elif isinstance(value, float):
            lines.append(f"{indent}  {key}: {value:.3f}")
        else:
            lines.append(f"{indent}  {key}: {value}")
    return "\n".join(lines)
