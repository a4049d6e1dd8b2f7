"""The actor interaction graph as GraphML: actors are nodes, "who acts on whom" are directed edges.

An edge from A to B counts the per-article events (reports) with A among the actors and B among
the recipients: ``weight`` (all), ``cooperation``, ``conflict``, ``neutral`` (by PLOVER type),
``tone`` (the larger of cooperation and conflict, or ``mixed``), ``types`` (JSON ``{type: n}``)
and ``example_event`` (one report's id, for its evidence). Nodes carry the actor's name, kind,
country, sector and role. Readable by networkx, Gephi, Cytoscape and yEd.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from typing import IO, Any

from ..store import Store

NS = "http://graphml.graphdrawing.org/xmlns"

NODE_KEYS = (("name", "string"), ("kind", "string"), ("country", "string"), ("sector", "string"),
             ("role", "string"))
EDGE_KEYS = (("weight", "int"), ("cooperation", "int"), ("conflict", "int"), ("neutral", "int"),
             ("tone", "string"), ("types", "string"), ("example_event", "string"))


def build(store: Store) -> ET.Element:
    from ..web.data import interactions

    edges = interactions(store)
    used = {e["source"] for e in edges} | {e["target"] for e in edges}
    actors = {r["id"]: dict(r) for r in store.db.execute("SELECT * FROM actors")}
    ET.register_namespace("", NS)
    root = ET.Element(f"{{{NS}}}graphml")
    for name, kind in NODE_KEYS:
        ET.SubElement(root, f"{{{NS}}}key", {"id": f"n_{name}", "for": "node", "attr.name": name,
                                             "attr.type": kind})
    for name, kind in EDGE_KEYS:
        ET.SubElement(root, f"{{{NS}}}key", {"id": f"e_{name}", "for": "edge", "attr.name": name,
                                             "attr.type": kind})
    graph = ET.SubElement(root, f"{{{NS}}}graph", {"id": "actors", "edgedefault": "directed"})
    for actor_id in sorted(used):
        node = ET.SubElement(graph, f"{{{NS}}}node", {"id": actor_id})
        info: dict[str, Any] = actors.get(actor_id) or {"name": actor_id}
        for name, _ in NODE_KEYS:
            if info.get(name) is not None:
                _data(node, f"n_{name}", info[name])
    for i, e in enumerate(edges):
        edge = ET.SubElement(graph, f"{{{NS}}}edge", {"id": f"e{i}", "source": e["source"], "target": e["target"]})
        for name, _ in EDGE_KEYS:
            value = json.dumps(e[name], sort_keys=True) if name == "types" else e[name]
            _data(edge, f"e_{name}", value)
    return root


def _data(parent: ET.Element, key: str, value: Any) -> None:
    ET.SubElement(parent, f"{{{NS}}}data", {"key": key}).text = str(value)


def write(store: Store, out: IO[str]) -> int:
    """Write the graph; return the number of edges."""
    root = build(store)
    ET.indent(root)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(ET.tostring(root, encoding="unicode"))
    out.write("\n")
    return len(root.findall(f".//{{{NS}}}edge"))
