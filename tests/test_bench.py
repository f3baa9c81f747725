"""bench/bench.py's own measure: peak memory of a command's process tree, as RSS and as PSS."""
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[1] / "bench"

# a parent and a spawned child, alive long enough for the sampler to see both
TREE = """
import multiprocessing, time
if __name__ == "__main__":
    child = multiprocessing.get_context("spawn").Process(target=time.sleep, args=(2.5,))
    child.start()
    child.join()
"""


def test_peak_memory_of_a_process_tree_is_reported_as_rss_and_as_pss(tmp_path):
    sys.path.insert(0, str(BENCH))
    try:
        from bench import run_measured
    finally:
        sys.path.remove(str(BENCH))
    script = tmp_path / "tree.py"
    script.write_text(TREE)
    measured = run_measured([sys.executable, str(script)], env=None)
    assert measured["wall"] >= 2.5
    assert measured["peak_rss_mib"] > 5
    # the two interpreters share their libraries' pages: summed RSS counts them twice, PSS once
    assert 0 < measured["peak_pss_mib"] < measured["peak_rss_mib"]
