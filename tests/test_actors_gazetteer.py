"""The actor data files: complete, valid and extendable."""

from __future__ import annotations

from pathlib import Path

import pytest

from wirewatch.nlp import gazetteer

G20 = ["ARG", "AUS", "BRA", "CAN", "CHN", "FRA", "DEU", "IND", "IDN", "ITA", "JPN", "KOR", "MEX", "RUS", "SAU",
       "ZAF", "TUR", "GBR", "USA"]


def test_actors_gazetteer_every_country_has_alpha3() -> None:
    g = gazetteer.load()
    countries = [a for a in g.actors.values() if a.kind == "country"]
    assert len(countries) >= 240
    assert all(len(a.id) == 3 and a.id.isupper() for a in countries)


@pytest.mark.parametrize("code", G20)
def test_actors_gazetteer_g20_has_leader(code: str) -> None:
    people = [a for a in gazetteer.load().actors.values() if a.kind == "person" and a.country == code]
    assert any(p.role and any(r in p.role for r in ("president", "prime minister", "chancellor", "king", "premier"))
               for p in people), code


def test_actors_gazetteer_user_extra_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    extra = tmp_path / "mine.tsv"
    extra.write_text("person:jane-roe\tJane Roe\tNZL\tdefence minister\tmilitary\t2025-01-01\t\tRoe*\n",
                     encoding="utf-8")
    monkeypatch.setenv("WIREWATCH_ACTORS_EXTRA", str(extra))
    gazetteer.load.cache_clear()
    try:
        entries = gazetteer.load().lookup("Jane Roe")
        assert entries and entries[0].actor.country == "NZL"
    finally:
        monkeypatch.delenv("WIREWATCH_ACTORS_EXTRA")
        gazetteer.load.cache_clear()


@pytest.mark.parametrize(("name", "code"), [
    ("Ivory Coast", "CIV"), ("Bosnia", "BIH"), ("Macedonia", "MKD"), ("Kampuchea", "KHM"),
    ("East Timor", "TLS"), ("Laurent Gbagbo", "CIV"), ("Abdelaziz Bouteflika", "DZA"),
    ("Desmond Tutu", "ZAF"), ("Omar Hassan al-Bashir", "SDN"), ("Yoweri Museveni", "UGA"),
    ("Kurdistan Workers' Party", "TUR"), ("UNITA", "AGO"), ("Fatah", "PSE"), ("George W. Bush", "USA"),
    ("England", "GBR"), ("Welsh", "GBR"), ("Cardiff", "GBR"),
])
def test_actors_gazetteer_short_names_and_people(name: str, code: str) -> None:
    entries = gazetteer.load().lookup(name)
    assert entries and (entries[0].actor.country or entries[0].actor.id) == code


@pytest.mark.parametrize("name", ["Red Cross", "International Labor Office", "European Community",
                                  "World Food Program", "UNHCR"])
def test_actors_gazetteer_international_bodies(name: str) -> None:
    entries = gazetteer.load().lookup(name)
    assert entries and entries[0].actor.kind == "igo"
