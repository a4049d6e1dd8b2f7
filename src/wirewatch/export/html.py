"""The briefing as one standalone HTML page (no script, no external asset; styles in the page)."""

from __future__ import annotations

from html import escape

STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; max-width: 60rem; margin: 2rem auto;
  padding: 0 1rem; color: #1b1f24; line-height: 1.5; }
h1 { font-size: 1.7rem; } h2 { font-size: 1.25rem; border-bottom: 1px solid #d5dbe1; padding-bottom: .2rem;
  margin-top: 2rem; }
li { margin-bottom: .35rem; } ul ul { margin-top: .2rem; color: #4a545e; font-size: .92rem; }
.empty { color: #5c6670; }
"""


def render_briefing(sections: list[tuple[str, list[str]]], title: str = "wirewatch briefing") -> str:
    """Sections of lines (a line indented by four spaces belongs to the line above) as an HTML page."""
    out = ["<!doctype html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>{escape(title)}</title>", f"<style>{STYLE}</style>", "</head>", "<body>",
           f"<h1>{escape(title)}</h1>"]
    for heading, lines in sections:
        out.append(f"<section><h2>{escape(heading)}</h2>")
        if not lines:
            out.append('<p class="empty">(none)</p></section>')
            continue
        out.append("<ul>")
        open_item = False
        in_sub = False
        for line in lines:
            if line.startswith("    ") and open_item:
                if not in_sub:
                    out.append("<ul>")
                    in_sub = True
                out.append(f"<li>{escape(line.strip())}</li>")
                continue
            if in_sub:
                out.append("</ul>")
                in_sub = False
            if open_item:
                out.append("</li>")
            out.append(f"<li>{escape(line.strip())}")
            open_item = True
        if in_sub:
            out.append("</ul>")
        if open_item:
            out.append("</li>")
        out.append("</ul></section>")
    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n"
