import shutil

from sitrep.pipelines import EXTRACTOR_VERSION, RELEASE, extractor_fingerprint
from sitrep.pipelines.settings import REPO_ROOT


def test_version_is_release_plus_fingerprint():
    assert EXTRACTOR_VERSION == f"{RELEASE}+{extractor_fingerprint()}"


def test_changing_a_rule_file_changes_the_fingerprint(tmp_path):
    for rel in ("pipelines/extract", "seeds/lexicons"):
        shutil.copytree(REPO_ROOT / rel, tmp_path / rel)
    before = extractor_fingerprint(tmp_path)
    assert extractor_fingerprint(tmp_path) == before
    rules = tmp_path / "seeds/lexicons/rules.toml"
    rules.write_text(rules.read_text() + "\n# a new comment is a change too\n")
    assert extractor_fingerprint(tmp_path) != before
