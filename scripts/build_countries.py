"""Build src/wirewatch/data/actors/countries.tsv: every ISO 3166 country (from pycountry's ISO tables)
with our own short names, demonyms, capitals and government metonyms for the countries news names most.

    pip install pycountry && python scripts/build_countries.py

The committed TSV is the data wirewatch loads; this script reproduces it.
"""

from __future__ import annotations

from pathlib import Path

import pycountry

OUT = Path(__file__).resolve().parent.parent / "src" / "wirewatch" / "data" / "actors" / "countries.tsv"

# code: (short names, demonyms, capital, extra metonyms)
EXTRA: dict[str, tuple[str, str, str, str]] = {
    "PRK": ("North Korea|DPRK|the DPRK|N. Korea|the North", "North Korean|North Koreans", "Pyongyang", ""),
    "KOR": ("South Korea|Republic of Korea|ROK|S. Korea|the South", "South Korean|South Koreans", "Seoul",
            "the Blue House|the presidential office"),
    "JPN": ("Japan", "Japanese", "Tokyo", ""),
    "CHN": ("China|PRC|People's Republic of China|mainland China", "Chinese", "Beijing", "Zhongnanhai"),
    "TWN": ("Taiwan|Republic of China", "Taiwanese", "Taipei", ""),
    "RUS": ("Russia|Russian Federation", "Russian|Russians", "Moscow", "the Kremlin"),
    "UKR": ("Ukraine", "Ukrainian|Ukrainians", "Kyiv", "Kiev"),
    "BLR": ("Belarus", "Belarusian", "Minsk", ""),
    "USA": ("United States|the United States|US|U.S.|USA|U.S.A.|America|the US|the U.S.", "American|Americans",
            "Washington", "the White House|Washington D.C."),
    "CAN": ("Canada", "Canadian|Canadians", "Ottawa", ""),
    "MEX": ("Mexico", "Mexican|Mexicans", "Mexico City", ""),
    "BRA": ("Brazil", "Brazilian|Brazilians", "Brasília", "Brasilia"),
    "ARG": ("Argentina", "Argentine|Argentinian", "Buenos Aires", ""),
    "GBR": ("United Kingdom|UK|U.K.|Britain|Great Britain|the UK", "British|Briton|Britons", "London",
            "Downing Street|Whitehall"),
    "FRA": ("France", "French", "Paris", "the Elysee|the Élysée"),
    "DEU": ("Germany", "German|Germans", "Berlin", ""),
    "ITA": ("Italy", "Italian|Italians", "Rome", ""),
    "ESP": ("Spain", "Spanish", "Madrid", ""),
    "POL": ("Poland", "Polish|Poles", "Warsaw", ""),
    "NLD": ("Netherlands|the Netherlands|Holland", "Dutch", "The Hague", ""),
    "BEL": ("Belgium", "Belgian", "", ""),
    "SWE": ("Sweden", "Swedish", "Stockholm", ""),
    "FIN": ("Finland", "Finnish", "Helsinki", ""),
    "NOR": ("Norway", "Norwegian", "Oslo", ""),
    "TUR": ("Turkey|Türkiye|Turkiye", "Turkish", "Ankara", ""),
    "GRC": ("Greece", "Greek", "Athens", ""),
    "IND": ("India", "Indian|Indians", "New Delhi", ""),
    "PAK": ("Pakistan", "Pakistani|Pakistanis", "Islamabad", ""),
    "AFG": ("Afghanistan", "Afghan|Afghans", "Kabul", ""),
    "IRN": ("Iran|Islamic Republic of Iran", "Iranian|Iranians", "Tehran", ""),
    "IRQ": ("Iraq", "Iraqi|Iraqis", "Baghdad", ""),
    "SYR": ("Syria", "Syrian|Syrians", "Damascus", ""),
    "ISR": ("Israel", "Israeli|Israelis", "Jerusalem", ""),
    "PSE": ("Palestine|Palestinian territories|Gaza|West Bank", "Palestinian|Palestinians", "Ramallah", ""),
    "LBN": ("Lebanon", "Lebanese", "Beirut", ""),
    "JOR": ("Jordan", "Jordanian", "Amman", ""),
    "SAU": ("Saudi Arabia", "Saudi|Saudis", "Riyadh", ""),
    "ARE": ("United Arab Emirates|UAE|the UAE", "Emirati", "Abu Dhabi", ""),
    "QAT": ("Qatar", "Qatari", "Doha", ""),
    "YEM": ("Yemen", "Yemeni", "Sanaa", ""),
    "EGY": ("Egypt", "Egyptian|Egyptians", "Cairo", ""),
    "LBY": ("Libya", "Libyan", "Tripoli", ""),
    "SDN": ("Sudan", "Sudanese", "Khartoum", ""),
    "ETH": ("Ethiopia", "Ethiopian", "Addis Ababa", ""),
    "NGA": ("Nigeria", "Nigerian", "Abuja", ""),
    "ZAF": ("South Africa", "South African", "Pretoria", ""),
    "KEN": ("Kenya", "Kenyan", "Nairobi", ""),
    "IDN": ("Indonesia", "Indonesian", "Jakarta", ""),
    "PHL": ("Philippines|the Philippines", "Filipino|Philippine", "Manila", ""),
    "VNM": ("Vietnam|Viet Nam", "Vietnamese", "Hanoi", ""),
    "THA": ("Thailand", "Thai", "Bangkok", ""),
    "MMR": ("Myanmar|Burma", "Burmese", "Naypyidaw", ""),
    "MYS": ("Malaysia", "Malaysian", "Kuala Lumpur", ""),
    "SGP": ("Singapore", "Singaporean", "", ""),
    "AUS": ("Australia", "Australian|Australians", "Canberra", ""),
    "NZL": ("New Zealand", "New Zealander", "Wellington", ""),
    "VEN": ("Venezuela", "Venezuelan", "Caracas", ""),
    "COL": ("Colombia", "Colombian", "Bogotá", "Bogota"),
    "CUB": ("Cuba", "Cuban", "Havana", ""),
    "GEO": ("Georgia", "Georgian", "Tbilisi", ""),
    "ARM": ("Armenia", "Armenian", "Yerevan", ""),
    "AZE": ("Azerbaijan", "Azerbaijani", "Baku", ""),
    "KAZ": ("Kazakhstan", "Kazakh", "Astana", ""),
    "SRB": ("Serbia", "Serbian|Serbs", "Belgrade", ""),
    "HUN": ("Hungary", "Hungarian", "Budapest", ""),
    "ROU": ("Romania", "Romanian", "Bucharest", ""),
    "MDA": ("Moldova", "Moldovan", "Chisinau", ""),
    "IRL": ("Ireland", "Irish", "Dublin", ""),
    "CHE": ("Switzerland", "Swiss", "Bern", ""),
    "AUT": ("Austria", "Austrian", "Vienna", ""),
    "PRT": ("Portugal", "Portuguese", "Lisbon", ""),
    "DNK": ("Denmark", "Danish", "Copenhagen", ""),
    "CZE": ("Czech Republic|Czechia", "Czech", "Prague", ""),
    "MNG": ("Mongolia", "Mongolian", "Ulaanbaatar", ""),
    "CIV": ("Côte d'Ivoire|Ivory Coast|the Ivory Coast", "Ivorian|Ivorians", "Yamoussoukro", ""),
    "BIH": ("Bosnia and Herzegovina|Bosnia|Bosnia-Herzegovina", "Bosnian|Bosnians", "Sarajevo", ""),
    "MKD": ("North Macedonia|Macedonia", "Macedonian|Macedonians", "Skopje", ""),
    "KHM": ("Cambodia|Kampuchea", "Cambodian|Cambodians|Kampuchean", "Phnom Penh", ""),
    "DZA": ("Algeria", "Algerian|Algerians", "Algiers", ""),
    "TLS": ("Timor-Leste|East Timor", "East Timorese|Timorese", "Dili", ""),
    "PAN": ("Panama", "Panamanian|Panamanians", "", ""),
    "COD": ("Democratic Republic of the Congo|DR Congo|DRC", "Congolese", "Kinshasa", ""),
    "BDI": ("Burundi", "Burundian|Burundians", "Bujumbura", ""),
    "SEN": ("Senegal", "Senegalese", "Dakar", ""),
    "ALB": ("Albania", "Albanian|Albanians", "Tirana", ""),
}

#: Capitals that are also common words or places named in other senses are kept out of metonyms.
NOT_METONYMS = {"Washington D.C."}


def main() -> None:
    rows = ["# code\tname\taliases\tdemonyms\tcapital\tmetonyms   (|-separated lists; built by scripts/build_countries.py)"]
    for c in sorted(pycountry.countries, key=lambda c: c.alpha_3):
        code = c.alpha_3
        official = getattr(c, "official_name", "")
        common = getattr(c, "common_name", "")
        short, demonyms, capital, metonyms = EXTRA.get(code, ("", "", "", ""))
        name = (short.split("|")[0] if short else "") or common or c.name
        aliases = [a for a in dict.fromkeys([*short.split("|"), common, c.name, official]) if a and a != name]
        rows.append("\t".join([code, name, "|".join(aliases), demonyms, capital, metonyms]))
    OUT.write_text("\n".join(rows) + "\n", encoding="utf-8")
    print(f"wrote {OUT} ({len(rows) - 1} countries)")


if __name__ == "__main__":
    main()
