"""The parts of the country gazetteer (normalize/countries.py: CountryGazetteer, load_gazetteer).

    seeds.py       the gazetteer seed files' models and loaders (seeds/gazetteers/*.toml)
    folding.py     text folding: the lookup key of a surface, typographic and ASCII folds
    codes.py       pycountry adapters: ISO codes, subdivisions, country names
    entries.py     what the gazetteer holds (Entry) and finds (CountryMention)
    heuristics.py  when a name is a person or a sympathy, not a country; case checks
    scanners.py    the two scanners: the Aho-Corasick automaton and the trie-shaped regex
    build.py       the build order: which source's surface wins
"""
