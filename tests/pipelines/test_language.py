import pytest
from sitrep.pipelines.language import (
    MIN_LETTERS,
    document_text,
    identify_language,
    is_read,
    load_language_identifier,
)

IDENTIFIER = load_language_identifier()

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
