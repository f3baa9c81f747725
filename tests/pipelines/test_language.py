import pytest
from py3langid.langid import MODEL_FILE, LanguageIdentifier, visit_counts
from sitrep.pipelines import language
from sitrep.pipelines.language import (
    MIN_LETTERS,
    SAMPLE_CHARS,
    document_text,
    identify_language,
    identify_languages,
    is_read,
    load_language_identifier,
)

IDENTIFIER = load_language_identifier()
# py3langid's identifier as it comes, for checking the batch path against the library.
PLAIN = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)

# Written for this test. The short English ones are the kind a character n-gram model
# misreads (headings, slugs, two country names): they must never come out as another language.
ENGLISH = [
    "Sahel insurgency",
    "Chad Sudan",
    "Militants ambush an army convoy near the border",
    "Three police officers were killed when gunmen attacked a checkpoint on Tuesday, officials said.",
    "Ukraine, Russia trade drone strikes overnight",
    "BORDER CLASHES LEAVE SIX DEAD",
    "Rebels seize airport road; hundreds flee",
]


@pytest.mark.parametrize("text", ENGLISH)
def test_english_however_short_is_never_another_language(text):
    assert identify_language(text, IDENTIFIER) in ("en", None)
    assert is_read(identify_language(text, IDENTIFIER))


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Военные сообщили, что в результате обстрела погибли два мирных жителя", "ru"),
        ("Les autorités ont annoncé mardi que trois soldats avaient été tués dans une embuscade", "fr"),
        ("Die Armee teilte mit, dass bei dem Angriff auf den Stützpunkt mehrere Soldaten getötet wurden", "de"),
        ("El ejército informó que los rebeldes atacaron el puesto fronterizo durante la noche", "es"),
        ("Three soldiers were killed in an ambush on the main road, the army said on Monday.", "en"),
    ],
)
def test_sentences_in_other_languages_are_identified(text, language):
    assert identify_language(text, IDENTIFIER) == language


@pytest.mark.parametrize("text", ["", "Kyiv", "Горловка", "12/03/2024 3x BTR", "x" * (MIN_LETTERS - 1)])
def test_too_few_letters_decide_nothing(text):
    assert identify_language(text, IDENTIFIER) is None


@pytest.mark.parametrize(("language", "read"), [("en", True), (None, True), ("ru", False), ("fr", False)])
def test_only_english_and_undetermined_documents_are_read(language, read):
    assert is_read(language) is read


def test_identification_reads_the_title_then_the_text():
    assert document_text("Title", "Body") == "Title\nBody"
    assert document_text("", "Body") == "Body"


# Written for this test: every script and length the batch walk handles differently (texts
# longer than the sample, ones the letter count drops, all capitals, accents to normalise,
# multi-byte scripts, the same text twice, no n-gram the model knows).
MIXED = [
    *ENGLISH,
    "Военные сообщили, что в результате обстрела погибли два мирных жителя",
    "Les autorités ont annoncé mardi que trois soldats avaient été tués dans une embuscade",
    "Die Armee teilte mit, dass bei dem Angriff auf den Stützpunkt mehrere Soldaten getötet wurden",
    "ВІЙСЬКОВІ ПОВІДОМИЛИ ПРО ОБСТРІЛ СЕЛА НА ПІВНОЧІ ОБЛАСТІ",
    "Cafe\u0301 owners in the capital said the curfew had emptied the streets",
    "軍は国境付近の検問所が武装集団に襲撃されたと発表した。兵士三人が死亡した。",
    "الجيش يعلن مقتل ثلاثة جنود في هجوم على نقطة تفتيش قرب الحدود",
    "Three soldiers were killed in an ambush on the main road, the army said on Monday. " * 6,
    "Three soldiers were killed in an ambush on the main road, the army said on Monday.",
    "",
    "Kyiv",
    "qqqq zzzz xxxx qqqq zzzz xxxx",
    "Rebels seize airport road; hundreds flee",
]


def test_a_batch_gets_each_texts_own_answer_from_the_library():
    expected = [identify_language(text, PLAIN) for text in MIXED]
    assert identify_languages(MIXED, IDENTIFIER) == expected
    assert identify_languages(list(reversed(MIXED)), IDENTIFIER) == list(reversed(expected))
    assert {"en", "ru", "fr", "de", None} <= set(expected)


def test_a_batch_of_several_passes_gets_each_texts_own_answer(monkeypatch):
    expected = [identify_language(text, PLAIN) for text in MIXED]
    monkeypatch.setattr(language, "IDENTIFY_PASS", 3)  # passes of 3, 3, ... and a shorter last one
    assert identify_languages(MIXED, IDENTIFIER) == expected
    assert identify_languages(["", *MIXED, "Kyiv"], IDENTIFIER) == [None, *expected, None]


def test_batch_feature_counts_are_the_librarys_in_its_order():
    encoded = [PLAIN._encode(text[:SAMPLE_CHARS]) for text in MIXED]
    counts = IDENTIFIER.feature_counts(encoded)
    for text, got in zip(encoded, counts, strict=True):
        want = visit_counts(PLAIN.tk_nextmove, PLAIN._rowbase, PLAIN.tk_output, text)
        assert got == want and list(got or ()) == list(want or ())
    assert IDENTIFIER.feature_counts([]) == []


def test_an_empty_batch_identifies_nothing():
    assert identify_languages([], IDENTIFIER) == []
    assert identify_languages(["", "Kyiv"], IDENTIFIER) == [None, None]


def test_the_model_kept_in_the_reference_cache_answers_as_the_packaged_one(tmp_path):
    built = load_language_identifier(tmp_path)  # read from the package, then stored
    assert len(list(tmp_path.glob("language-model-*.pickle"))) == 1
    loaded = load_language_identifier(tmp_path)  # from the cache
    expected = [identify_language(text, PLAIN) for text in MIXED]
    assert identify_languages(MIXED, built) == expected
    assert identify_languages(MIXED, loaded) == expected
    assert [identify_language(text, loaded) for text in MIXED] == expected


def test_batch_scores_are_the_librarys_to_the_last_bit():
    """batch_scores() counts and scores a whole batch at once: each row is what py3langid's
    own _decide gives the text, bit for bit, whatever else the batch holds."""
    samples = [text[:SAMPLE_CHARS] for text in MIXED if text.strip()] + ["", "Kyiv"]
    scores = IDENTIFIER.batch_scores(samples)
    for text, row in zip(samples, scores, strict=True):
        assert row.tobytes() == PLAIN._decide(text).tobytes(), text
    assert IDENTIFIER.batch_classify(samples) == [PLAIN.classify(text) for text in samples]
    assert IDENTIFIER.batch_classify([]) == []
