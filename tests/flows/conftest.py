import pytest
from prefect.testing.utilities import prefect_test_harness
from sitrep.flows.runtime import quiet_heartbeats


@pytest.fixture(scope="session", autouse=True)
def prefect_api():
    """One throwaway Prefect API for every flow test (starting one costs seconds)."""
    # A loaded machine (parallel test runs on two cores) takes longer than the harness's default 30 s to start it.
    with prefect_test_harness(server_startup_timeout=180), quiet_heartbeats():
        yield
