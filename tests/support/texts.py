"""Texts to check the fast paths against the plain ones: our own regression sentences and
fixture corpus, plus the shared dev corpus where it is present (read, never copied)."""
from __future__ import annotations

from pathlib import Path

from sitrep.pipelines.documents import Document
from sitrep.pipelines.ingest import discover, read_paths
from sitrep.pipelines.settings import REPO_ROOT

FIXTURES = REPO_ROOT / "tests" / "fixtures" / "corpus"
SEEDS = REPO_ROOT / "seeds" / "samples"
DEV = REPO_ROOT.parent / "shared" / "corpus" / "dev.jsonl"


def own_documents() -> list[Document]:
    """The fixture corpus, the seed article and the extractor's regression sentences."""
    from tests.support.extraction_cases import CASES

    docs = [d for d in read_paths(discover([FIXTURES, SEEDS])) if isinstance(d, Document)]
    docs += [Document(doc_id=f"case-{i}", title="", text=text, kind="brief") for i, (text, *_rest) in enumerate(CASES)]
    return docs


def dev_documents() -> list[Document]:
    return [d for d in read_paths([Path(DEV)]) if isinstance(d, Document)]
